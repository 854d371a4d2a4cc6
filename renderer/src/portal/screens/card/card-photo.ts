/**
 * The card's photo made small (at most 160 px high, JPEG) as a data: URL: the page's CSP shows
 * images from the portal itself or data: only, and a small copy fits in the offline cache.
 */
const photoHeightPx = 160;

export async function shrinkPhoto(photo: Blob): Promise<string> {
  const bitmap = await createImageBitmap(photo);
  const scale = Math.min(1, photoHeightPx / bitmap.height);
  const canvas = document.createElement('canvas');
  canvas.width = Math.max(1, Math.round(bitmap.width * scale));
  canvas.height = Math.max(1, Math.round(bitmap.height * scale));
  canvas.getContext('2d')?.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
  bitmap.close();
  return canvas.toDataURL('image/jpeg', 0.85);
}
