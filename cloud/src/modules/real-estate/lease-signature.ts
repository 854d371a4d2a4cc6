/**
 * A party's drawn signature (issue 25): base64 of a PNG, checked by decoding it with sharp (its name and its header
 * prove nothing), never larger than 256 KB. Kept as sent beside the lease, with the hash of the bytes signed.
 */
import sharp from 'sharp';
import { AppError } from '@ismail/shared';

/** A drawn signature larger than this is not a signature (the table refuses more as a last line). */
export const signaturePngMaxBytes = 256 * 1024;

/** The drawn signature: base64 of a real PNG (decoded by sharp, not trusted by its name), 256 KB at most. */
export async function checkedSignature(base64: string): Promise<Buffer> {
  const refusal = 'La signature doit être une image PNG de 256 Ko au plus.';
  const cleaned = base64.replace(/^data:image\/png;base64,/, '');
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(cleaned)) throw new AppError('VALIDATION_FAILED', refusal);
  const png = Buffer.from(cleaned, 'base64');
  if (png.length < 100 || png.length > signaturePngMaxBytes) throw new AppError('VALIDATION_FAILED', refusal);
  try {
    const meta = await sharp(png, { limitInputPixels: 4_000_000 }).metadata();
    if (meta.format !== 'png') throw new AppError('VALIDATION_FAILED', refusal);
    // The header alone says nothing of the rest: decode every pixel, so a truncated or corrupt file is refused.
    await sharp(png, { limitInputPixels: 4_000_000, failOn: 'truncated' }).stats();
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw new AppError('VALIDATION_FAILED', refusal);
  }
  return png;
}
