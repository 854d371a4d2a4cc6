/** Identifiers the simulated tax authorities hand out. */
import { randomBytes } from 'node:crypto';

/** A UUID version 7 (time-ordered), the shape of FNE invoice ids and verification tokens. */
export function uuidV7(ms: number): string {
  const time = Math.max(0, Math.floor(ms)).toString(16).padStart(12, '0').slice(-12);
  const random = randomBytes(10).toString('hex');
  const variant = '89ab'[Number.parseInt(random.slice(18, 19), 16) % 4] ?? '8';
  return `${time.slice(0, 8)}-${time.slice(8, 12)}-7${random.slice(0, 3)}-${variant}${random.slice(3, 6)}-${random.slice(6, 18)}`;
}

const uuidPattern = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

/** The first UUID written anywhere in a text, lower-cased. */
export function firstUuid(text: string | null): string | null {
  if (text === null) return null;
  return uuidPattern.exec(text)?.[0].toLowerCase() ?? null;
}

const upperAlphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** Random upper-case letters and digits (32 symbols, so each byte maps without bias). */
export function randomUpper(length: number): string {
  let text = '';
  for (const byte of randomBytes(length)) text += upperAlphabet[byte % 32] ?? 'A';
  return text;
}
