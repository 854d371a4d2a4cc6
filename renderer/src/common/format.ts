/**
 * Money, credits and dates the local way, shared by the counter and the portal: FCFA with the
 * locale's grouping (no minor unit), credits in hundredths shown with two decimals. Pure: tested
 * without a browser. Phone numbers are in phone.ts, apart: their library's metadata (29 KB
 * gzipped) must not ride along with every screen that shows an amount.
 */

export function formatXof(amountXof: number, language: string): string {
  return new Intl.NumberFormat(language === 'en' ? 'en-CI' : 'fr-CI', {
    style: 'currency',
    currency: 'XOF',
    maximumFractionDigits: 0,
  }).format(amountXof);
}

/**
 * The portal's way of writing an amount: "12 500 FCFA", grouped as the counter groups (a narrow
 * no-break space in French) with a no-break space before the unit, so it never wraps mid-amount.
 * The counter keeps Intl's "F CFA" (formatXof) as its staff are used to it.
 */
export function formatFcfa(amountXof: number, language: string): string {
  const digits = new Intl.NumberFormat(language === 'en' ? 'en-CI' : 'fr-CI', { maximumFractionDigits: 0 }).format(
    amountXof,
  );
  return `${digits}\u00a0FCFA`;
}

export function formatCredits(centiCredits: number, language: string): string {
  return new Intl.NumberFormat(language === 'en' ? 'en-CI' : 'fr-CI', {
    minimumFractionDigits: 2,
    maximumFractionDigits: 2,
  }).format(centiCredits / 100);
}

export function formatDateTime(iso: string, language: string): string {
  return new Intl.DateTimeFormat(language === 'en' ? 'en-GB' : 'fr-CI', {
    dateStyle: 'short',
    timeStyle: 'short',
  }).format(new Date(iso));
}

export function formatAge(seconds: number, language: string): string {
  const format = new Intl.RelativeTimeFormat(language, { numeric: 'auto' });
  if (seconds < 90) return format.format(-Math.round(seconds), 'second');
  if (seconds < 5400) return format.format(-Math.round(seconds / 60), 'minute');
  if (seconds < 129_600) return format.format(-Math.round(seconds / 3600), 'hour');
  return format.format(-Math.round(seconds / 86_400), 'day');
}

/** Hours and minutes ("14:05"), the same in both languages (24-hour clock in Côte d'Ivoire). */
export function formatTime(iso: string, language: string): string {
  return new Intl.DateTimeFormat(language === 'en' ? 'en-GB' : 'fr-CI', {
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(new Date(iso));
}
