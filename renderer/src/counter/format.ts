/**
 * Money and dates the local way: FCFA with the locale's grouping (no minor unit), credits in
 * hundredths shown with two decimals. Pure: tested without a browser.
 */
export function formatXof(amountXof: number, language: string): string {
  return new Intl.NumberFormat(language === 'en' ? 'en-CI' : 'fr-CI', {
    style: 'currency',
    currency: 'XOF',
    maximumFractionDigits: 0,
  }).format(amountXof);
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
