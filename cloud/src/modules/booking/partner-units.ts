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
    const before = await client.query<UnitRow>(
      'SELECT * FROM booking_units WHERE id = $1 AND partner_id = $2 AND active FOR UPDATE',
      [unitId, partnerId],
    );
    const current = before.rows[0];
    if (current === undefined) throw new AppError('NOT_FOUND', 'No such bookable unit.');
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
