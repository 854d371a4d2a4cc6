/** Booking's read-only lookups: a partner's hold and cancellation policy, a stay's dated price, its wallet hold. */
import type pg from 'pg';
import { defaultCancellationPolicy, stayPriceXof, type CancellationRule } from '@ismail/shared';
import type { BookingUnit } from './rows.js';

/** The partner's policy, or the platform's default (15 minutes to confirm) when it set none. */
export async function partnerPolicy(
  pool: pg.Pool,
  partnerId: string,
): Promise<{ cancellation: readonly CancellationRule[]; holdMinutes: number }> {
  const { rows } = await pool.query<{ cancellation: CancellationRule[]; hold_minutes: number }>(
    'SELECT cancellation, hold_minutes FROM booking_policies WHERE partner_id = $1',
    [partnerId],
  );
  const row = rows[0];
  return row === undefined
    ? { cancellation: defaultCancellationPolicy, holdMinutes: 15 }
    : { cancellation: row.cancellation, holdMinutes: row.hold_minutes };
}

/** The stay's price: each night at its dated rate, or the unit's base price. */
export async function stayPrice(pool: pg.Pool, unit: BookingUnit, nights: readonly string[]): Promise<number> {
  const { rows } = await pool.query<{ night: string; price_xof: number }>(
    'SELECT night::text AS night, price_xof FROM booking_rates WHERE unit_id = $1 AND night = ANY($2::date[])',
    [unit.id, nights],
  );
  return stayPriceXof(nights, unit.basePriceXof, new Map(rows.map((r) => [r.night, r.price_xof])));
}

/** The wallet hold a reservation was made on ('' when there is no such reservation). */
export async function holdIdOf(pool: pg.Pool, reservationId: string): Promise<string> {
  const { rows } = await pool.query<{ hold_id: string }>('SELECT hold_id FROM booking_reservations WHERE id = $1', [
    reservationId,
  ]);
  return rows[0]?.hold_id ?? '';
}
