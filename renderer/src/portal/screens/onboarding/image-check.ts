/**
 * A hint on a photo before it is sent over 3G: too dark, or blurred. The picture is drawn small
 * (at most 256 px a side) in a canvas; the mean luminance says dark, and the variance of the
 * Laplacian (the usual sharpness measure: a sharp edge gives large second differences) says
 * blurred. Hints only: the reviewer decides, the person may send anyway.
 */

/** Below this mean luminance (0 to 255) a document is hard to read. */
export const darkLuminanceMax = 60;
/** Below this Laplacian variance on the downscaled copy, text and edges are smeared. */
export const blurVarianceMin = 40;
export const analysedSidePx = 256;

export interface ImageQuality {
  readonly meanLuminance: number;
  readonly sharpness: number;
  readonly dark: boolean;
  readonly blurred: boolean;
}

/** Luminance and sharpness of an RGBA pixel buffer (row-major, 4 bytes a pixel). */
export function measureQuality(rgba: Uint8ClampedArray, widthPx: number, heightPx: number): ImageQuality {
  const gray = new Float32Array(widthPx * heightPx);
  let sum = 0;
  for (let i = 0; i < gray.length; i += 1) {
    // ITU-R BT.601 luma.
    const y = 0.299 * (rgba[i * 4] ?? 0) + 0.587 * (rgba[i * 4 + 1] ?? 0) + 0.114 * (rgba[i * 4 + 2] ?? 0);
    gray[i] = y;
    sum += y;
  }
  const meanLuminance = gray.length === 0 ? 0 : sum / gray.length;
  let count = 0;
  let lapSum = 0;
  let lapSquares = 0;
  for (let y = 1; y < heightPx - 1; y += 1) {
    for (let x = 1; x < widthPx - 1; x += 1) {
      const i = y * widthPx + x;
      const lap =
        (gray[i - 1] ?? 0) +
        (gray[i + 1] ?? 0) +
        (gray[i - widthPx] ?? 0) +
        (gray[i + widthPx] ?? 0) -
        4 * (gray[i] ?? 0);
      lapSum += lap;
      lapSquares += lap * lap;
      count += 1;
    }
  }
  const sharpness = count === 0 ? 0 : lapSquares / count - (lapSum / count) ** 2;
  return {
    meanLuminance: Math.round(meanLuminance),
    sharpness: Math.round(sharpness),
    dark: meanLuminance < darkLuminanceMax,
    blurred: sharpness < blurVarianceMin,
  };
}

/** Draws the image small in a canvas: its quality, and a small preview (a data: URL, which the page's CSP allows). */
export async function inspectImage(file: Blob): Promise<{ quality: ImageQuality; previewUrl: string } | null> {
  try {
    const bitmap = await createImageBitmap(file);
    const scale = Math.min(1, analysedSidePx / Math.max(bitmap.width, bitmap.height));
    const widthPx = Math.max(1, Math.round(bitmap.width * scale));
    const heightPx = Math.max(1, Math.round(bitmap.height * scale));
    const canvas = document.createElement('canvas');
    canvas.width = widthPx;
    canvas.height = heightPx;
    const context = canvas.getContext('2d');
    if (context === null) return null;
    context.drawImage(bitmap, 0, 0, widthPx, heightPx);
    bitmap.close();
    const pixels = context.getImageData(0, 0, widthPx, heightPx);
    return {
      quality: measureQuality(pixels.data, widthPx, heightPx),
      previewUrl: canvas.toDataURL('image/jpeg', 0.8),
    };
  } catch {
    // Not decodable here (an unusual format): no hint, the cloud still checks the type.
    return null;
  }
}
