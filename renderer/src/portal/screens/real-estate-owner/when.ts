/**
 * Dates as an owner reads them in Abidjan (UTC all year): "12 janv.", "sam. 12 janv. 09:30", and how many days a
 * listing has left (the warning starts seven days before its end, as the cloud's D-7 reminder).
 */

export const warnDays = 7;
const dayMs = 86_400_000;

const locale = (language: string): string => (language === 'en' ? 'en-GB' : 'fr-CI');

/** "12 janv." (the year only when it is not this one). */
export function shortDay(iso: string, language: string, now = new Date()): string {
  const date = new Date(iso);
  return new Intl.DateTimeFormat(locale(language), {
    day: 'numeric',
    month: 'short',
    ...(date.getUTCFullYear() === now.getUTCFullYear() ? {} : { year: 'numeric' }),
    timeZone: 'Africa/Abidjan',
  }).format(date);
}

/** "sam. 12 janv., 09:30". */
export function dayAndTime(iso: string, language: string): string {
  return new Intl.DateTimeFormat(locale(language), {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
    timeZone: 'Africa/Abidjan',
  }).format(new Date(iso));
}

/** "09:30". */
export function timeOf(iso: string, language: string): string {
  return new Intl.DateTimeFormat(locale(language), {
    hour: '2-digit',
    minute: '2-digit',
    timeZone: 'Africa/Abidjan',
  }).format(new Date(iso));
}

/** Whole days left before `iso` (0 on its last day, negative once past). */
export const daysLeft = (iso: string, now = Date.now()): number => Math.floor((Date.parse(iso) - now) / dayMs);

/** Today in Abidjan as YYYY-MM-DD. */
export const today = (now = new Date()): string => now.toISOString().slice(0, 10);
