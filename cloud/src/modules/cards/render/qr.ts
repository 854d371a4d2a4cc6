/**
 * The card's QR code: the module matrix (for renderers that draw it themselves, pixel-exact)
 * and a PNG of it (for PDF embedding and for the "QR alone" export).
 *
 * Choices, both for standard readers (phone cameras, counter scanners):
 * - Error correction M (15 %), not Q (25 %): the payload is a signed JWS, so a misread is
 *   refused by the signature check rather than trusted; what matters is that the code stays
 *   large enough to scan. At Q a 600-character JWS needs version 23 (109 modules) instead of
 *   19 (93), i.e. smaller modules in the same 30 mm, and Q cannot hold the 2000-character
 *   maximum at all (version 40-Q stops at 1663 bytes).
 * - Byte mode, one segment: base64url has lower-case letters, "_" and ".", which the
 *   alphanumeric mode (upper case, digits and " $%*+-./:") cannot encode. Explicit byte mode
 *   also keeps the encoding independent of the library's segmentation heuristics.
 */
import QRCode from 'qrcode';
import type { QRCodeSegment } from 'qrcode';
import { qrTextMaxChars } from './card-face.js';

export const qrErrorCorrectionLevel = 'M';
/** The quiet zone the QR standard (ISO/IEC 18004) requires around the symbol. */
export const qrQuietZoneModules = 4;
/** Pixels per module in the stand-alone PNG: sharp when a PDF viewer or printer scales it. */
export const qrPngPixelsPerModule = 8;

export interface QrMatrix {
  /** Modules per side, without the quiet zone. */
  sizeModules: number;
  /** Row-major, 1 for a dark module. */
  dark: Uint8Array;
}

export interface RenderedQr {
  matrix: QrMatrix;
  /** Includes the quiet zone; (size + 8) × 8 pixels per side. */
  png: Buffer;
}

function segmentsFor(text: string): QRCodeSegment[] {
  const bytes = Buffer.from(text, 'utf8');
  if (bytes.length === 0 || bytes.length > qrTextMaxChars)
    throw new RangeError(`QR text must be 1 to ${String(qrTextMaxChars)} bytes (got ${String(bytes.length)})`);
  return [{ data: bytes, mode: 'byte' }];
}

export function qrMatrix(text: string): QrMatrix {
  const code = QRCode.create(segmentsFor(text), { errorCorrectionLevel: qrErrorCorrectionLevel });
  return { sizeModules: code.modules.size, dark: code.modules.data };
}

export async function renderQrPng(text: string): Promise<Buffer> {
  return QRCode.toBuffer(segmentsFor(text), {
    type: 'png',
    errorCorrectionLevel: qrErrorCorrectionLevel,
    margin: qrQuietZoneModules,
    scale: qrPngPixelsPerModule,
    color: { dark: '#000000ff', light: '#ffffffff' },
  });
}

/** Both forms from the same text; the library is deterministic, so they show the same symbol. */
export async function renderQr(text: string): Promise<RenderedQr> {
  return { matrix: qrMatrix(text), png: await renderQrPng(text) };
}
