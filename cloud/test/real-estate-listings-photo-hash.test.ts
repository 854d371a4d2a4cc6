// Proves the listing photos' perceptual hash (issue 25 item 5): the same photo re-encoded, resized or recompressed
// stays within `samePhotoMaxBits` of itself; a different photo is farther. Photos are drawn by sharp from shapes (no
// fixture files): a room with a window, and a different room.
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { hammingHex64, samePhotoMaxBits } from '@ismail/shared';
import { photoHash } from '../src/modules/real-estate/photo-hash.js';
import { roomJpeg } from './support/real-estate-fixtures.js';

describe('listing photo hash (dHash)', () => {
  it('is 16 hex digits and the same for the same bytes', async () => {
    const photo = await roomJpeg('a');
    const hash = await photoHash(photo);
    expect(hash).toMatch(/^[0-9a-f]{16}$/);
    expect(await photoHash(photo)).toBe(hash);
  });

  it('keeps a re-encoded, resized or recompressed photo within the same-photo distance', async () => {
    const original = await roomJpeg('a');
    const hash = await photoHash(original);
    const copies = [
      await sharp(original).resize(400).jpeg({ quality: 40 }).toBuffer(),
      await sharp(original).resize(1600).png().toBuffer(),
      await sharp(original).webp({ quality: 30 }).toBuffer(),
      await sharp(original).resize(320, 240).jpeg({ quality: 60 }).toBuffer(),
    ];
    for (const copy of copies) expect(hammingHex64(hash, await photoHash(copy))).toBeLessThanOrEqual(samePhotoMaxBits);
  });

  it('puts a different photo farther than the same-photo distance', async () => {
    const distance = hammingHex64(await photoHash(await roomJpeg('a')), await photoHash(await roomJpeg('b')));
    expect(distance).toBeGreaterThan(samePhotoMaxBits);
  });
});
