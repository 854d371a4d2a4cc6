/**
 * Contact details in messages are masked for the other side until an appointment exists between them (issue 24):
 * the platform holds the payment only if the deal is made here. Stored as typed; masked when read.
 *
 * Caught: e-mail addresses (also written "awa [at] mail [point] com"), and phone numbers of 8 digits or more however
 * they are spaced, dotted or dashed, with or without +225 / 00225 ("07 07 12 34 56", "+225.0707123456",
 * "zéro sept zéro sept" is not: words are left to the dispute desk).
 */
export const maskedContact = '[coordonnées masquées]';

const emailPattern =
  /[\p{L}\p{N}._%+-]+\s*(?:@|\[\s*at\s*\]|\(\s*at\s*\)|\s+arobase\s+)\s*[\p{L}\p{N}-]+(?:\s*(?:\.|\[\s*(?:dot|point)\s*\]|\(\s*(?:dot|point)\s*\))\s*[\p{L}\p{N}-]+)+/giu;
// A run of digits with spaces, dots, dashes or slashes between them, optionally after + or (.
const phonePattern = /(?:\+|\(\+?)?\d(?:[\s.\-/()]*\d){7,}/g;

export function maskContacts(text: string): string {
  return text.replace(emailPattern, maskedContact).replace(phonePattern, (match) => {
    const digits = match.replace(/\D/g, '');
    return digits.length >= 8 ? maskedContact : match;
  });
}

/** Whether a text holds something `maskContacts` would hide. */
export function hasContacts(text: string): boolean {
  return maskContacts(text) !== text;
}
