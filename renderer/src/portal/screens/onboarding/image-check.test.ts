// The photo hints: a black picture is dark, a flat one is blurred, a checkerboard is sharp and bright enough.
import { describe, expect, it } from 'vitest';
import { measureQuality } from './image-check.js';

const image = (widthPx: number, heightPx: number, shade: (x: number, y: number) => number): Uint8ClampedArray => {
  const rgba = new Uint8ClampedArray(widthPx * heightPx * 4);
  for (let y = 0; y < heightPx; y += 1)
    for (let x = 0; x < widthPx; x += 1) {
      const v = shade(x, y);
      rgba.set([v, v, v, 255], (y * widthPx + x) * 4);
    }
  return rgba;
};

describe('measureQuality', () => {
  it('calls a black picture dark and a flat grey one blurred', () => {
    expect(
      measureQuality(
        image(32, 32, () => 10),
        32,
        32,
      ),
    ).toMatchObject({ dark: true, blurred: true });
    expect(
      measureQuality(
        image(32, 32, () => 180),
        32,
        32,
      ),
    ).toMatchObject({ dark: false, blurred: true });
  });

  it('calls a bright checkerboard neither dark nor blurred', () => {
    const checks = image(32, 32, (x, y) => ((Math.floor(x / 2) + Math.floor(y / 2)) % 2 === 0 ? 250 : 90));
    const quality = measureQuality(checks, 32, 32);
    expect(quality).toMatchObject({ dark: false, blurred: false });
    expect(quality.meanLuminance).toBe(170);
  });
});
