/**
 * What a guest reads before and after paying: a unit's calendar (which nights are free, at what price), the quote
 * of a stay with its cancellation rules turned into dates and amounts (shown BEFORE the hold), and the guest's own
 * reservations. Read-only: holds, confirmation and cancellation stay in BookingService.
 */
import type pg from 'pg';
import { AppError, BookingRuleError, noticeHours, refundFor, stayNights, type CancellationRule } from '@ismail/shared';
import type { BookingService } from './booking.js';
import { partnerPolicy, stayPrice } from './terms.js';
import { reservationColumns, toReservation, type BookingUnit, type Reservation, type ReservationRow } from './rows.js';

/** Nights one calendar request covers: two months on a phone screen. */
export const calendarDaysMax = 62;
export const reservationPageMax = 50;

const dayMs = 86_400_000;
const arrivalMs = (checkIn: string): number => Date.parse(`${checkIn}T14:00:00Z`);

function ruleError(error: unknown): never {
  if (error instanceof BookingRuleError) throw new AppError('VALIDATION_FAILED', error.message);
  throw error;
}

export interface RefundStep {
  /** Cancelling before this instant (null: at any time until arrival) gives back refundXof. */
  readonly until: string | null;
  readonly minNoticeHours: number;
  readonly refundBp: number;
  readonly refundXof: number;
}

/** The rules as steps a person reads: "until <date>, <amount> back", longest notice first. */
export function refundSteps(
  checkIn: string,
  amountXof: number,
  rules: readonly CancellationRule[],
): readonly RefundStep[] {
  return [...rules]
    .sort((a, b) => b.minNoticeHours - a.minNoticeHours)
    .map((r) => ({
      until: r.minNoticeHours === 0 ? null : new Date(arrivalMs(checkIn) - r.minNoticeHours * 3_600_000).toISOString(),
      minNoticeHours: r.minNoticeHours,
      refundBp: r.refundBp,
      refundXof: refundFor(amountXof, r.minNoticeHours, [r]).refund,
    }));
}

/** Free or taken, and the price, for each night from `from` on (taken: held or sold to someone). */
export async function unitCalendar(
  pool: pg.Pool,
  unit: BookingUnit,
  from: string,
  days: number,
): Promise<{ night: string; free: boolean; priceXof: number }[]> {
  const start = Date.parse(`${from}T00:00:00Z`);
  if (Number.isNaN(start) || new Date(start).toISOString().slice(0, 10) !== from)
    throw new AppError('VALIDATION_FAILED', `${from} n'est pas une date du calendrier.`);
  const nights = Array.from({ length: Math.min(days, calendarDaysMax) }, (_, i) =>
    new Date(start + i * dayMs).toISOString().slice(0, 10),
  );
  const [taken, rates] = await Promise.all([
    pool.query<{ night: string }>(
      'SELECT night::text AS night FROM booking_nights WHERE unit_id = $1 AND night = ANY($2::date[])',
      [unit.id, nights],
    ),
    pool.query<{ night: string; price_xof: number }>(
      'SELECT night::text AS night, price_xof FROM booking_rates WHERE unit_id = $1 AND night = ANY($2::date[])',
      [unit.id, nights],
    ),
  ]);
  const takenSet = new Set(taken.rows.map((r) => r.night));
  const price = new Map(rates.rows.map((r) => [r.night, r.price_xof]));
  return nights.map((night) => ({
    night,
    free: !takenSet.has(night),
    priceXof: price.get(night) ?? unit.basePriceXof,
  }));
}

/** The price of a stay and what cancelling it would give back, when; nothing is held. */
export async function stayQuote(
  pool: pg.Pool,
  booking: BookingService,
  input: { unitId: string; checkIn: string; checkOut: string; guests: number },
) {
  let nights: string[];
  try {
    nights = stayNights(input.checkIn, input.checkOut);
  } catch (error) {
    ruleError(error);
  }
  const unit = await booking.unit(input.unitId);
  if (input.guests > unit.capacity)
    throw new AppError('VALIDATION_FAILED', `${unit.name} accueille au plus ${String(unit.capacity)} personnes.`);
  const [amountXof, policy, taken] = await Promise.all([
    stayPrice(pool, unit, nights),
    partnerPolicy(pool, unit.partnerId),
    pool.query('SELECT 1 FROM booking_nights WHERE unit_id = $1 AND night = ANY($2::date[]) LIMIT 1', [
      unit.id,
      nights,
    ]),
  ]);
  return {
    unit,
    nights: nights.length,
    amountXof,
    free: taken.rowCount === 0,
    holdMinutes: policy.holdMinutes,
    refunds: refundSteps(input.checkIn, amountXof, policy.cancellation),
  };
}

export type GuestReservation = Reservation & {
  readonly unitName: string;
  readonly place: string;
  /** What cancelling now gives back (a hold is released in full). */
  readonly refundNowXof: number;
  readonly refunds: readonly RefundStep[];
};

/** The guest's reservations, newest first (keyset on creation), each with its unit and its own booked rules. */
export async function guestReservations(
  pool: pg.Pool,
  clientId: string,
  page: { before?: { at: string; id: string } | undefined; limit?: number | undefined },
  now: Date = new Date(),
): Promise<{ reservations: GuestReservation[]; next: { at: string; id: string } | null }> {
  const limit = Math.min(page.limit ?? 20, reservationPageMax);
  const { rows } = await pool.query<ReservationRow & { unit_name: string; place: string; created_at: Date }>(
    `SELECT ${reservationColumns}, created_at, unit_name, place FROM (
       SELECT r.*, u.type_name || ' ' || u.name AS unit_name, u.place
       FROM booking_reservations r JOIN booking_units u ON u.id = r.unit_id
       WHERE r.client_id = $1 AND ($2::timestamptz IS NULL OR (r.created_at, r.id) < ($2, $3::uuid))
     ) mine ORDER BY created_at DESC, id DESC LIMIT $4`,
    [clientId, page.before?.at ?? null, page.before?.id ?? null, limit + 1],
  );
  const reservations = rows.slice(0, limit).map((row) => {
    const r = toReservation(row);
    const refundNowXof =
      r.status === 'held'
        ? r.amountXof
        : r.status === 'confirmed'
          ? refundFor(r.amountXof, noticeHours(r.checkIn, now), row.cancellation).refund
          : 0;
    return {
      ...r,
      unitName: row.unit_name,
      place: row.place,
      refundNowXof,
      refunds: refundSteps(r.checkIn, r.amountXof, row.cancellation),
    };
  });
  const lastRow = rows[reservations.length - 1];
  return {
    reservations,
    next:
      rows.length > limit && lastRow !== undefined ? { at: lastRow.created_at.toISOString(), id: lastRow.id } : null,
  };
}
