/**
 * Days as the creditor reads them ("13 décembre 2026"), and today's day in Abidjan (UTC+0 all year, so the UTC day).
 * Days are YYYY-MM-DD in the contract: read at noon UTC so no time zone moves them.
 */
export function longDay(day: string, language: string): string {
  return new Intl.DateTimeFormat(language === 'en' ? 'en-GB' : 'fr-CI', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(new Date(`${day.slice(0, 10)}T12:00:00Z`));
}

export function monthName(month: string, language: string): string {
  return new Intl.DateTimeFormat(language === 'en' ? 'en-GB' : 'fr-CI', {
    month: 'short',
    year: '2-digit',
    timeZone: 'UTC',
  }).format(new Date(`${month}-15T12:00:00Z`));
}

export const today = (): string => new Date().toISOString().slice(0, 10);

/** The first and last days of a month "YYYY-MM". */
export function monthBounds(month: string): { from: string; to: string } {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return { from: `${month}-01`, to: `${month}-${String(last).padStart(2, '0')}` };
}

/**
 * Whole francs typed plain or grouped by thousands with spaces or dots ("12 500", "45.000"), or null when it is not a
 * whole non-negative amount. A separator elsewhere ("12.5") is refused, not read as 125.
 */
export function readXof(typed: string): number | null {
  const text = typed.trim();
  if (!/^\d+$/.test(text) && !/^\d{1,3}([\s.\u00a0\u202f]\d{3})+$/.test(text)) return null;
  const digits = text.replace(/\D/g, '');
  return digits.length > 12 ? null : Number(digits);
}
