/**
 * A mobile-money number as the person types it ("07 00 00 00 04", "+225 0700000004") to what providers take:
 * the international digits without "+" ("2250700000004"). Ivorian unless another country code is typed.
 */
import { parsePhoneNumberFromString } from 'libphonenumber-js/min';

export function msisdnOf(typed: string): string | null {
  const parsed = parsePhoneNumberFromString(typed, 'CI');
  if (parsed === undefined || !parsed.isValid()) return null;
  return parsed.number.replace(/^\+/, '');
}
