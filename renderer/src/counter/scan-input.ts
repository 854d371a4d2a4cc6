/**
 * What was typed or scanned into the counter's one input field. A scanner is a keyboard that
 * types fast and ends with Enter; the shared classifier (the same one the hub's serial
 * scanners use) says whether it is an ISMAIL card or a retail barcode (check digit verified);
 * anything else is a search by name. A barcode with a wrong check digit is a misread.
 */
import { classifyScan } from '@ismail/shared';

export type ScanInput =
  | { kind: 'card'; token: string }
  | { kind: 'barcode'; code: string }
  | { kind: 'misread' }
  | { kind: 'search'; text: string }
  | { kind: 'empty' };

export function classifyInput(raw: string): ScanInput {
  const text = raw.trim();
  if (text === '') return { kind: 'empty' };
  const scanned = classifyScan(text);
  if (scanned.ok && scanned.kind === 'card') return { kind: 'card', token: scanned.code };
  if (scanned.ok && scanned.symbology !== undefined) return { kind: 'barcode', code: scanned.code };
  if (!scanned.ok && /^\d{8}$|^\d{12,13}$/.test(text)) return { kind: 'misread' };
  return { kind: 'search', text };
}
