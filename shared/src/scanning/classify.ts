/**
 * What a scanned code is (SPEC 3.9): an ISMAIL card QR (a compact JWS whose header says
 * `ismail-card+jwt`) goes to card verification; a retail barcode (EAN-13, EAN-8, UPC-A,
 * with a valid check digit) or any other short printable code goes to product lookup.
 * Anything else (control bytes, over-long input, empty) is refused, never routed.
 */
import { base64url } from 'jose';
import { cardJwsType, cardTokenMaxChars } from '../cards/credential.js';

export type ScanKind = 'card' | 'product';
export type ScanClassification =
  { ok: true; kind: ScanKind; code: string; symbology?: 'EAN-13' | 'EAN-8' | 'UPC-A' } | { ok: false; reason: string };

/** Store codes (SKU, Code 128 labels) are short; a longer "barcode" is not one. */
export const productCodeMaxChars = 64;

const jwsPattern = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;
const productPattern = /^[\x21-\x7e]+$/;

function base64urlJson(segment: string): unknown {
  try {
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(base64url.decode(segment))) as unknown;
  } catch {
    return undefined;
  }
}

/** GS1 check digit: weights 3 and 1 from the right, excluding the check digit itself. */
export function gs1CheckDigitOk(digits: string): boolean {
  if (!/^\d+$/.test(digits)) return false;
  const body = digits.slice(0, -1);
  let sum = 0;
  for (let i = 0; i < body.length; i++) sum += Number(body[body.length - 1 - i]) * (i % 2 === 0 ? 3 : 1);
  return (10 - (sum % 10)) % 10 === Number(digits.at(-1));
}

export function classifyScan(raw: string): ScanClassification {
  const code = raw.replace(/\r?\n$/, '');
  if (code.length === 0) return { ok: false, reason: 'empty scan' };
  if (code.length > cardTokenMaxChars) return { ok: false, reason: `over ${String(cardTokenMaxChars)} characters` };
  if (jwsPattern.test(code)) {
    const header = base64urlJson(code.split('.')[0] ?? '') as { typ?: unknown } | undefined;
    if (header?.typ === cardJwsType) return { ok: true, kind: 'card', code };
    return { ok: false, reason: 'a signed token that is not an ISMAIL card' };
  }
  if (!productPattern.test(code)) return { ok: false, reason: 'control or non-printable characters' };
  if (code.length > productCodeMaxChars)
    return { ok: false, reason: `product codes are at most ${String(productCodeMaxChars)} characters` };
  if (/^\d{13}$/.test(code) || /^\d{8}$/.test(code) || /^\d{12}$/.test(code)) {
    const symbology = code.length === 13 ? 'EAN-13' : code.length === 8 ? 'EAN-8' : 'UPC-A';
    if (!gs1CheckDigitOk(code)) return { ok: false, reason: `${symbology} check digit is wrong (misread)` };
    return { ok: true, kind: 'product', code, symbology };
  }
  return { ok: true, kind: 'product', code };
}
