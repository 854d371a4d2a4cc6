import { formatFcfa } from '../../../common/format.js';

/** A calendar day (YYYY-MM-DD, Abidjan's calendar) the local way: « 06/12/2026 ». */
export function dayText(day: string | null, language: string): string {
  if (day === null) return '…';
  if (!/^\d{4}-\d{2}-\d{2}/.test(day)) return day;
  return new Intl.DateTimeFormat(language === 'en' ? 'en-GB' : 'fr-CI', { dateStyle: 'short', timeZone: 'UTC' }).format(
    new Date(`${day.slice(0, 10)}T00:00:00Z`),
  );
}

/** An amount « 12 500 FCFA », or « … » when the statement did not say it. */
export const money = (xof: number | null, language: string): string => (xof === null ? '…' : formatFcfa(xof, language));
