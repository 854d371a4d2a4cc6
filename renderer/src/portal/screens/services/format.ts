/** How the services screens write a rating, a distance, a price range and a response time, in both languages. */
import { formatFcfa } from '../../../common/format.js';

const locale = (language: string): string => (language === 'en' ? 'en-GB' : 'fr-CI');

/** "4,6" (one decimal, the locale's comma). */
export const formatRating = (average: number, language: string): string =>
  new Intl.NumberFormat(locale(language), { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(average);

/** "2,3 km" from metres (one decimal under 10 km, whole kilometres beyond), "800 m" under a kilometre. */
export function formatDistance(metres: number, language: string): string {
  if (metres < 1000) return `${String(Math.max(100, Math.round(metres / 100) * 100))}\u00a0m`;
  const km = metres / 1000;
  const digits = km < 10 ? 1 : 0;
  return `${new Intl.NumberFormat(locale(language), { maximumFractionDigits: digits, minimumFractionDigits: digits }).format(km)}\u00a0km`;
}

/** "15 000 – 40 000 FCFA", or one amount when both ends are equal or only one is known. */
export function formatPriceRange(min: number | null, max: number | null, language: string): string | null {
  if (min === null && max === null) return null;
  if (min === null || max === null || min === max) return formatFcfa(min ?? max ?? 0, language);
  const digits = new Intl.NumberFormat(language === 'en' ? 'en-CI' : 'fr-CI', { maximumFractionDigits: 0 });
  return `${digits.format(min)} – ${formatFcfa(max, language)}`;
}

/** A day and time in the provider's (Abidjan's) words: "sam. 12 déc., 09:30". */
export function formatSlot(iso: string, language: string, timeZone = 'Africa/Abidjan'): string {
  return new Intl.DateTimeFormat(locale(language), {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZone,
  }).format(new Date(iso));
}

/** The day heading of a group of slots: "samedi 12 décembre". */
export function formatDay(iso: string, language: string, timeZone = 'Africa/Abidjan'): string {
  return new Intl.DateTimeFormat(locale(language), { weekday: 'long', day: 'numeric', month: 'long', timeZone }).format(
    new Date(iso),
  );
}

/** Hours only: "09:30". */
export function formatHour(iso: string, language: string, timeZone = 'Africa/Abidjan'): string {
  return new Intl.DateTimeFormat(locale(language), {
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZone,
  }).format(new Date(iso));
}

/** The calendar day of an instant in a time zone, "YYYY-MM-DD" (slots grouped by it). */
export const dayKey = (iso: string, timeZone = 'Africa/Abidjan'): string =>
  new Intl.DateTimeFormat('en-CA', { year: 'numeric', month: '2-digit', day: '2-digit', timeZone }).format(
    new Date(iso),
  );

/** A day on a chip: "sam. 12 déc.". */
export const formatShortDay = (iso: string, language: string, timeZone = 'Africa/Abidjan'): string =>
  new Intl.DateTimeFormat(locale(language), { weekday: 'short', day: 'numeric', month: 'short', timeZone }).format(
    new Date(iso),
  );
