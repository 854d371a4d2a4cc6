/**
 * Whole FCFA typed by a person: digits, with spaces (ordinary or narrow no-break) grouping thousands, and a leading
 * minus for a debit. « 12.5 » or « 12,5 » is refused rather than read as 125. Pure: tested without a browser.
 */
export function parseXof(typed: string): number | null {
  const text = typed.trim().replace(/\s*FCFA$/i, '');
  if (!/^-?\d{1,3}([\s\u00a0\u202f]?\d{3})*$/.test(text)) return null;
  const value = Number(text.replace(/[\s\u00a0\u202f]/g, ''));
  return Number.isSafeInteger(value) ? value : null;
}

/** What is left to place of a line's amount once its parts are counted (0 when they sum exactly). */
export function leftToPlace(lineXof: number, parts: readonly (number | null)[]): number | null {
  if (parts.some((p) => p === null)) return null;
  return lineXof - parts.reduce<number>((sum, p) => sum + (p ?? 0), 0);
}
