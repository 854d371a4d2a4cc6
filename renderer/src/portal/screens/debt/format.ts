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

/** A whole, positive FCFA amount typed by a person ("25 000", "25000"), or null. */
export function parseXof(text: string): number | null {
  const digits = text.replace(/[\s\u00a0\u202f.]/g, '');
  if (!/^\d{1,12}$/.test(digits)) return null;
  const value = Number(digits);
  return Number.isSafeInteger(value) && value > 0 ? value : null;
}
