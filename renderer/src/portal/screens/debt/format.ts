/** How the debtor's screens write a day, in both languages (Abidjan is UTC all year). */
const locale = (language: string): string => (language === 'en' ? 'en-GB' : 'fr-CI');

/** A calendar day "YYYY-MM-DD" as "13 décembre 2026". */
export const formatDay = (day: string, language: string): string =>
  new Intl.DateTimeFormat(locale(language), { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(
    new Date(`${day}T00:00:00Z`),
  );

/** Today in Abidjan as "YYYY-MM-DD", plus `days`: the bounds of a promise's date. */
export const abidjanDayPlus = (days: number, nowMs: number = Date.now()): string =>
  new Date(nowMs + days * 86_400_000).toISOString().slice(0, 10);

/**
 * A whole, positive FCFA amount typed by a person ("25000", "25 000", "25.000"), or null. A space or dot is taken as
 * a group separator only between groups of three digits: "12.5" is refused, not read as 125 FCFA.
 */
export function parseXof(text: string): number | null {
  const trimmed = text.trim();
  if (!/^(\d{1,12}|\d{1,3}([ .\u00a0\u202f]\d{3}){1,3})$/.test(trimmed)) return null;
  const value = Number(trimmed.replace(/[ .\u00a0\u202f]/g, ''));
  return Number.isSafeInteger(value) && value > 0 ? value : null;
}
