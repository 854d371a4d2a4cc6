/**
 * The partner's side of booking for the portal: its own units (list, edit), and the reservations it received with
 * what a cancellation gives the client back (the partner cancels in full: BookingService.cancel). Edits are audited.
 */
import type pg from 'pg';
import { AppError } from '@ismail/shared';
import { appendAudit } from '../../platform/audit/audit-log.js';
import type { Database } from '../../platform/db/database.js';
import { withTransaction } from '../../platform/db/transaction.js';
import {
  reservationColumns,
  toReservation,
  toUnit,
  type BookingUnit,
  type ReservationRow,
  type UnitRow,
} from './rows.js';

export const partnerReservationPageMax = 100;

export type UnitEdit = Partial<Pick<BookingUnit, 'typeName' | 'name' | 'place' | 'capacity' | 'basePriceXof'>>;

const columns: Record<keyof UnitEdit, string> = {
  typeName: 'type_name',
  name: 'name',
  place: 'place',
  capacity: 'capacity',
  basePriceXof: 'base_price_xof',
};

/** The partner's active units, by name. */
export async function partnerUnits(pool: pg.Pool, partnerId: string): Promise<BookingUnit[]> {
  const { rows } = await pool.query<UnitRow>(
    'SELECT * FROM booking_units WHERE partner_id = $1 AND active ORDER BY name, id',
    [partnerId],
  );
  return rows.map(toUnit);
}

/** Changes some of a unit's fields; another partner's unit is not found. */
export async function editUnit(
  db: Database,
  actor: { accountId: string; label: string },
  partnerId: string,
  unitId: string,
  edit: UnitEdit,
): Promise<BookingUnit> {
  const keys = (Object.keys(edit) as (keyof UnitEdit)[]).filter((k) => edit[k] !== undefined);
  return withTransaction(db.pool, async (client) => {
    const current = await ownUnit(client, partnerId, unitId);
    const sets = keys.map((k, i) => `${columns[k]} = $${String(i + 2)}`).join(', ');
    const { rows } = await client
      .query<UnitRow>(`UPDATE booking_units SET ${sets} WHERE id = $1 RETURNING *`, [
        unitId,
        ...keys.map((k) => edit[k]),
      ])
      .catch((error: unknown) => {
        if ((error as { code?: string }).code === '23505')
          throw new AppError('CONFLICT', `A unit named "${edit.name ?? ''}" already exists.`);
        throw error;
      });
    await appendAudit(client, {
      actor,
      action: 'booking.unit_edited',
      subject: { type: 'booking_unit', id: unitId },
      place: 'cloud',
      detail: {
        partnerId,
        changed: keys,
        ...(edit.basePriceXof === undefined
          ? {}
          : { basePriceXof: { from: current.base_price_xof, to: edit.basePriceXof } }),
      },
    });
    return toUnit(rows[0] as UnitRow);
  });
}

/** The reservations the partner received, arrival first (then newest), optionally of one status or one unit. */
export async function partnerReservations(
  pool: pg.Pool,
  partnerId: string,
  filter: { status?: string | undefined; unitId?: string | undefined; limit?: number | undefined },
) {
  const limit = Math.min(filter.limit ?? 50, partnerReservationPageMax);
  const { rows } = await pool.query<ReservationRow & { unit_name: string; client_name: string }>(
    `SELECT ${reservationColumns}, unit_name, client_name FROM (
       SELECT r.*, u.type_name || ' ' || u.name AS unit_name, a.display_name AS client_name
       FROM booking_reservations r JOIN booking_units u ON u.id = r.unit_id JOIN accounts a ON a.id = r.client_id
       WHERE r.partner_id = $1 AND ($2::text IS NULL OR r.status = $2) AND ($3::uuid IS NULL OR r.unit_id = $3)
     ) received ORDER BY check_in, created_at DESC, id LIMIT $4`,
    [partnerId, filter.status ?? null, filter.unitId ?? null, limit],
  );
  return rows.map((row) => {
    const r = toReservation(row);
    // Cancelled by the partner, a stay is given back in full (a hold is simply released).
    const refundIfCancelledXof = r.status === 'held' || r.status === 'confirmed' ? r.amountXof : 0;
    return { ...r, unitName: row.unit_name, clientName: row.client_name, refundIfCancelledXof };
  });
}

/** The unit of the partner's, locked for this transaction, or NOT_FOUND (another partner's unit included). */
async function ownUnit(client: pg.PoolClient, partnerId: string, unitId: string): Promise<UnitRow> {
  const { rows } = await client.query<UnitRow>(
    'SELECT * FROM booking_units WHERE id = $1 AND partner_id = $2 AND active FOR UPDATE',
    [unitId, partnerId],
  );
  if (rows[0] === undefined) throw new AppError('NOT_FOUND', 'No such bookable unit.');
  return rows[0];
}

/**
 * Closes or reopens nights of the partner's unit (audited). A night a guest holds or bought stays theirs: it is
 * neither closed nor reopened, and is named in `booked`.
 */
export async function closeNights(
  db: Database,
  actor: { accountId: string; label: string },
  partnerId: string,
  unitId: string,
  change: { nights: readonly string[]; closed: boolean },
): Promise<{ changed: string[]; booked: string[] }> {
  return withTransaction(db.pool, async (client) => {
    await ownUnit(client, partnerId, unitId);
    const changed = change.closed
      ? await client.query<{ night: string }>(
          `INSERT INTO booking_nights (unit_id, night, reservation_id) SELECT $1, unnest($2::date[]), NULL
           ON CONFLICT (unit_id, night) DO NOTHING RETURNING night::text AS night`,
          [unitId, change.nights],
        )
      : await client.query<{ night: string }>(
          'DELETE FROM booking_nights WHERE unit_id = $1 AND night = ANY($2::date[]) AND reservation_id IS NULL RETURNING night::text AS night',
          [unitId, change.nights],
        );
    const booked = await client.query<{ night: string }>(
      'SELECT night::text AS night FROM booking_nights WHERE unit_id = $1 AND night = ANY($2::date[]) AND reservation_id IS NOT NULL ORDER BY night',
      [unitId, change.nights],
    );
    const nights = changed.rows.map((r) => r.night).sort();
    await appendAudit(client, {
      actor,
      action: change.closed ? 'booking.nights_closed' : 'booking.nights_reopened',
      subject: { type: 'booking_unit', id: unitId },
      place: 'cloud',
      detail: { partnerId, nights },
    });
    return { changed: nights, booked: booked.rows.map((r) => r.night) };
  });
}

/** Each night of the partner's unit from `from` on: its price and whether it is free, booked or closed. */
export async function partnerNights(
  pool: pg.Pool,
  partnerId: string,
  unitId: string,
  nights: readonly string[],
): Promise<{ night: string; priceXof: number; state: 'free' | 'booked' | 'closed' }[]> {
  const { rows: units } = await pool.query<UnitRow>(
    'SELECT * FROM booking_units WHERE id = $1 AND partner_id = $2 AND active',
    [unitId, partnerId],
  );
  const unit = units[0];
  if (unit === undefined) throw new AppError('NOT_FOUND', 'No such bookable unit.');
  const [taken, rates] = await Promise.all([
    pool.query<{ night: string; closed: boolean }>(
      'SELECT night::text AS night, reservation_id IS NULL AS closed FROM booking_nights WHERE unit_id = $1 AND night = ANY($2::date[])',
      [unitId, nights],
    ),
    pool.query<{ night: string; price_xof: number }>(
      'SELECT night::text AS night, price_xof FROM booking_rates WHERE unit_id = $1 AND night = ANY($2::date[])',
      [unitId, nights],
    ),
  ]);
  const state = new Map(taken.rows.map((r) => [r.night, r.closed ? ('closed' as const) : ('booked' as const)]));
  const price = new Map(rates.rows.map((r) => [r.night, r.price_xof]));
  return nights.map((night) => ({
    night,
    priceXof: price.get(night) ?? unit.base_price_xof,
    state: state.get(night) ?? 'free',
  }));
}
