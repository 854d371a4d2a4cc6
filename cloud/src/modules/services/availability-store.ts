/**
 * A provider's scheduling settings and live appointments as the slot rules (shared/services/availability) read them.
 * Used when slots are listed and when a client's slot is re-checked at booking, inside the booking's transaction.
 */
import type pg from 'pg';
import { AppError, type AvailabilitySettings, type TimeRange } from '@ismail/shared';

type Queryable = Pick<pg.Pool | pg.PoolClient, 'query'>;

export interface ProviderSchedule extends AvailabilitySettings {
  readonly providerId: string;
  readonly autoReleaseDays: number;
}

interface ProviderRow {
  time_zone: string;
  buffer_before_minutes: number;
  buffer_after_minutes: number;
  min_notice_minutes: number;
  horizon_days: number;
  slot_step_minutes: number;
  auto_release_days: number;
}

/**
 * The schedule of an active provider (exceptions from the day before `now` to its horizon); an unknown or inactive
 * one is not found.
 */
export async function scheduleOf(q: Queryable, providerId: string, now: Date = new Date()): Promise<ProviderSchedule> {
  const { rows } = await q.query<ProviderRow>(
    'SELECT time_zone, buffer_before_minutes, buffer_after_minutes, min_notice_minutes, horizon_days, slot_step_minutes, auto_release_days FROM service_providers WHERE account_id = $1 AND active',
    [providerId],
  );
  const p = rows[0];
  if (p === undefined) throw new AppError('NOT_FOUND', 'Ce prestataire n’existe pas ou ne reçoit plus de demandes.');
  const weekly = await q.query<{ weekday: number; start_minute: number; end_minute: number }>(
    'SELECT weekday, start_minute, end_minute FROM service_availability_rules WHERE provider_id = $1 ORDER BY weekday, start_minute',
    [providerId],
  );
  const exceptions = await q.query<{ day: string; start_minute: number | null; end_minute: number | null }>(
    'SELECT day::text AS day, start_minute, end_minute FROM service_availability_exceptions WHERE provider_id = $1 AND day >= $2::date - 1 AND day <= $2::date + 62 ORDER BY day',
    [providerId, now.toISOString().slice(0, 10)],
  );
  return {
    providerId,
    timeZone: p.time_zone,
    bufferBeforeMinutes: p.buffer_before_minutes,
    bufferAfterMinutes: p.buffer_after_minutes,
    minNoticeMinutes: p.min_notice_minutes,
    horizonDays: p.horizon_days,
    slotStepMinutes: p.slot_step_minutes,
    autoReleaseDays: p.auto_release_days,
    weekly: weekly.rows.map((r) => ({ weekday: r.weekday, startMinute: r.start_minute, endMinute: r.end_minute })),
    exceptions: exceptions.rows.map((r) => ({
      day: r.day,
      hours:
        r.start_minute === null || r.end_minute === null
          ? null
          : { startMinute: r.start_minute, endMinute: r.end_minute },
    })),
  };
}

/** The busy ranges (buffers included) of a provider's live appointments that touch [from, to). */
export async function busyRanges(q: Queryable, providerId: string, from: Date, to: Date): Promise<TimeRange[]> {
  const { rows } = await q.query<{ start: Date; end: Date }>(
    `SELECT lower(busy) AS start, upper(busy) AS "end" FROM service_appointments
     WHERE provider_id = $1 AND status IN ('booked', 'done', 'disputed') AND busy && tstzrange($2, $3)
     ORDER BY lower(busy) LIMIT 2000`,
    [providerId, from, to],
  );
  return rows.map((r) => ({ start: new Date(r.start), end: new Date(r.end) }));
}
