/**
 * A photo's perceptual hash (dHash, 64 bits as 16 hex digits): the image in grey, squeezed to 9×8 pixels, each bit
 * telling whether a pixel is brighter than its right neighbour. Re-encoding, resizing or recompressing a photo moves
 * few bits; another photo differs in about half of them. With `hammingHex64` and `samePhotoMaxBits` (shared) it finds
 * the same flat photographed once and posted under two listings.
 */
import sharp from 'sharp';

export async function photoHash(image: Buffer): Promise<string> {
  const pixels = await sharp(image, { limitInputPixels: 40_000_000 })
    .rotate()
    .flatten({ background: '#ffffff' })
    .greyscale()
    .resize(9, 8, { fit: 'fill' })
    // One byte per pixel whatever the input's channels (a grey PNG with alpha would give two).
    .extractChannel(0)
    .raw()
    .toBuffer();
  let bits = 0n;
  for (let y = 0; y < 8; y++)
    for (let x = 0; x < 8; x++) {
      const left = pixels[y * 9 + x] ?? 0;
      const right = pixels[y * 9 + x + 1] ?? 0;
      bits = (bits << 1n) | (left > right ? 1n : 0n);
    }
  return bits.toString(16).padStart(16, '0');
}
