/**
 * ISMAIL's contact policy for debt reminders (issue 26). Côte d'Ivoire has no statutory contact hours, but its 2016
 * consumer law bans aggressive, repeated solicitations, so the engine enforces a safe policy of its own:
 * 08:00–19:00 Africa/Abidjan, never on a Sunday or a public holiday, at most 1 SMS a day and 3 a week per debtor.
 * A reminder due outside the window waits for the next allowed moment.
 *
 * Africa/Abidjan is UTC+0 all year (no daylight saving), so its wall clock is UTC's; the functions still take and give
 * instants so callers never reason about it.
 */
import { publicHolidayCi } from './holidays.js';

export const contactWindow = { fromHour: 8, untilHour: 19 } as const;
export const smsPerDayMax = 1;
export const smsPerWeekMax = 3;
/** The week of the SMS cap is a rolling seven days. */
export const smsWeekMs = 7 * 24 * 3600 * 1000;

/** The Abidjan calendar day of an instant, YYYY-MM-DD. */
export const abidjanDay = (at: Date): string => at.toISOString().slice(0, 10);

/** Why this instant is closed to contact, or null when a reminder may go now. */
export function contactClosedReason(at: Date): 'sunday' | 'holiday' | 'hours' | null {
  if (at.getUTCDay() === 0) return 'sunday';
  if (publicHolidayCi(abidjanDay(at)) !== null) return 'holiday';
  const hour = at.getUTCHours();
  if (hour < contactWindow.fromHour || hour >= contactWindow.untilHour) return 'hours';
  return null;
}

/** `at` itself when open, else the next 08:00 Abidjan of a day that is neither a Sunday nor a public holiday. */
export function nextContactMoment(at: Date): Date {
  if (contactClosedReason(at) === null) return at;
  const day = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate(), contactWindow.fromHour));
  if (at.getTime() < day.getTime() && contactClosedReason(day) === null) return day;
  // A year has at most a handful of closed days in a row: 14 bounds the walk.
  for (let i = 1; i <= 14; i++) {
    const next = new Date(day.getTime() + i * 24 * 3600 * 1000);
    if (contactClosedReason(next) === null) return next;
  }
  throw new Error('no contact day within 14 days');
}

/**
 * Whether one more SMS to this debtor is allowed at `at`, given the instants of the SMS already sent to them (any
 * creditor): at most 1 on the Abidjan day and 3 in the last seven days.
 */
export function smsAllowed(at: Date, sentAt: readonly Date[]): boolean {
  const today = abidjanDay(at);
  const sameDay = sentAt.filter((s) => abidjanDay(s) === today).length;
  const week = sentAt.filter((s) => s.getTime() > at.getTime() - smsWeekMs && s.getTime() <= at.getTime()).length;
  return sameDay < smsPerDayMax && week < smsPerWeekMax;
}
