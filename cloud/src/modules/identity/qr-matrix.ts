/**
 * A QR code as its modules (one '1' or '0' per module, row after row), for a screen that
 * draws it itself as one SVG path: the portal needs no QR library, and the text (an
 * authenticator's otpauth URI, an invoice's tax authority QR) never leaves the cloud's answer.
 */
import QRCode from 'qrcode';
import { Type } from '@sinclair/typebox';

export const QrMatrixSchema = Type.Object({
  size: Type.Integer({ minimum: 21, maximum: 177 }),
  modules: Type.String({ description: "size × size characters, '1' dark, row by row" }),
});

export function qrMatrix(text: string): { size: number; modules: string } {
  const qr = QRCode.create(text, { errorCorrectionLevel: 'M' });
  return { size: qr.modules.size, modules: Array.from(qr.modules.data, (dark) => (dark ? '1' : '0')).join('') };
}
