/**
 * What the SMS simulators accept and what becomes of a message, shared by the Africa's
 * Talking and Orange simulators so tests and demos choose an outcome by the number's
 * last digit: 9 is not a valid number (Africa's Talking), 8 is never delivered.
 *
 * Owns: those rules. Must stay pure and deterministic.
 */
import { senderIdMaxChars } from '../limits.js';

/** E.164: "+", then 8 to 15 digits (+225 and 10 digits in Côte d'Ivoire). */
const e164Pattern = /^\+\d{8,15}$/;

export function isE164(number: string): boolean {
  return e164Pattern.test(number);
}

/** Africa's Talking answers InvalidPhoneNumber for a number not in E.164, and (by choice) for one ending in 9. */
export function refusedAsInvalid(number: string): boolean {
  return !isE164(number) || number.endsWith('9');
}

/** Numbers ending in 8 reach the network but never the handset. */
export function deliveryFails(number: string): boolean {
  return number.endsWith('8');
}

/**
 * An alphanumeric sender ID as operators take it: at most 11 letters, digits or spaces,
 * with at least one letter (an all-digit sender would be a phone number).
 */
export function isSenderId(value: string): boolean {
  return (
    value.length > 0 && value.length <= senderIdMaxChars && /^[A-Za-z0-9 ]+$/.test(value) && /[A-Za-z]/.test(value)
  );
}

export const senderIdRule = `at most ${String(senderIdMaxChars)} letters, digits or spaces, with at least one letter`;
