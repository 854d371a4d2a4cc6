/**
 * A report's period: whole days `from`..`to` (both included) in Abidjan's calendar, at most 366 days, the last 30
 * days by default; and a schedule's previous complete period in its own time zone (weekly: Monday to Sunday).
 */
import { DateTime } from 'luxon';
import { AppError } from '@ismail/shared';

export const abidjan = 'Africa/Abidjan';
export const periodDaysMax = 366;

export interface Period {
  readonly from: string;
  readonly to: string;
  readonly start: Date;
  readonly end: Date;
}

const day = (text: string, zone: string): DateTime | null => {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return null;
  const parsed = DateTime.fromISO(text, { zone });
  return parsed.isValid ? parsed.startOf('day') : null;
};

export function periodOf(from: string, to: string, zone = abidjan): Period {
  const start = day(from, zone);
  const last = day(to, zone);
  if (start === null || last === null)
    throw new AppError('VALIDATION_FAILED', 'Les dates de la période s’écrivent AAAA-MM-JJ (par exemple 2027-01-31).');
  if (last < start) throw new AppError('VALIDATION_FAILED', 'La date de début doit précéder la date de fin.');
  const end = last.plus({ days: 1 });
  if (end.diff(start, 'days').days > periodDaysMax)
    throw new AppError('VALIDATION_FAILED', 'La période est limitée à 366 jours : choisissez une période plus courte.');
  return { from, to, start: start.toJSDate(), end: end.toJSDate() };
}

/** `from`/`to` from a query, each defaulting to the last 30 days ending today (Abidjan). */
export function requestedPeriod(query: { from?: string | undefined; to?: string | undefined }, now: Date): Period {
  const today = DateTime.fromJSDate(now, { zone: abidjan }).toISODate() ?? '';
  const to = query.to ?? today;
  const from = query.from ?? day(to, abidjan)?.minus({ days: 29 }).toISODate() ?? to;
  return periodOf(from, to);
}

export type Frequency = 'daily' | 'weekly' | 'monthly';
export interface ScheduleTiming {
  readonly frequency: Frequency;
  readonly timeZone: string;
  readonly hour: number;
  readonly weekday: number | null;
  readonly monthDay: number | null;
}

export const validZone = (zone: string): boolean => DateTime.now().setZone(zone).isValid;

/** The first run strictly after `after`: the schedule's hour, on its weekday (weekly) or month day (monthly). */
export function nextRunAfter(timing: ScheduleTiming, after: Date): Date {
  const now = DateTime.fromJSDate(after, { zone: timing.timeZone });
  let candidate = now.startOf('day').set({ hour: timing.hour });
  for (let i = 0; i < 400; i += 1) {
    const fits =
      timing.frequency === 'daily' ||
      (timing.frequency === 'weekly' && candidate.weekday === timing.weekday) ||
      (timing.frequency === 'monthly' && candidate.day === timing.monthDay);
    if (fits && candidate > now) return candidate.toJSDate();
    candidate = candidate.plus({ days: 1 }).startOf('day').set({ hour: timing.hour });
  }
  throw new Error('no next run within 400 days');
}

/** The last complete period before `at` in the schedule's zone: yesterday, last Monday–Sunday, last month. */
export function previousPeriod(timing: ScheduleTiming, at: Date): Period {
  const local = DateTime.fromJSDate(at, { zone: timing.timeZone }).startOf('day');
  const unit = timing.frequency === 'daily' ? 'day' : timing.frequency === 'weekly' ? 'week' : 'month';
  // luxon's weeks start on Monday (ISO).
  const start = local.startOf(unit).minus({ [`${unit}s`]: 1 });
  const last = start.plus({ [`${unit}s`]: 1 }).minus({ days: 1 });
  return periodOf(start.toISODate() ?? '', last.toISODate() ?? '', timing.timeZone);
}
