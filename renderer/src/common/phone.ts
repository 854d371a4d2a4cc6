/** Phone numbers the local way: Ivorian numbers as +225 (libphonenumber-js). Pure. */
import { parsePhoneNumberFromString } from 'libphonenumber-js/min';

/**
 * A phone number as "+225 07 08 09 1011" (libphonenumber's grouping): numbers without a country
 * code are read as Ivorian.
 * Anything that is not a number is shown as it was given rather than hidden.
 */
export function formatPhone(raw: string): string {
  const parsed = parsePhoneNumberFromString(raw, 'CI');
  return parsed === undefined ? raw : parsed.formatInternational();
}
