/**
 * Booking (SPEC 3.13, seed 3.2.3): bookable units (rooms, event and transport seats) with
 * rates per date, search by place and dates, then a reservation's life:
 *
 * - hold: one ledger operation reserves the wallet amount (a pending transfer to the
 *   partner) and, in the same transaction, writes the reservation and one row per night.
 *   The nights' primary key makes overbooking impossible: of two clients racing for the
 *   last room, one inserts the night and the other finds it taken, and its whole hold
 *   (money included) rolls back.
 * - confirm: the hold is captured with the platform and sales commissions, and the invoice
 *   is issued, in one operation.
 * - cancel: a hold is released; a confirmed booking is refunded under the cancellation
 *   rules it was booked with (full in the free window, the configured share after), with a
 *   credit note, in one operation.
 * - expiry: a hold nobody confirmed in time is voided and its nights freed.
 */
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import {
  AppError,
  BookingRuleError,
  defaultCancellationPolicy,
  noticeHours,
  refundFor,
  stayNights,
  xofToCentiCredits,
  type CancellationRule,
} from '@ismail/shared';
import type { Database } from '../../platform/db/database.js';
import { withTransaction } from '../../platform/db/transaction.js';
import type { WalletOperations, WriteContext } from '../wallet/operations.js';
import { creditRateAt } from '../wallet/rates.js';
import { creditSale, issueSaleInvoice } from '../shop/sale-invoice.js';
import { refundOf } from './refund.js';
import {
  reservationColumns,
  toReservation,
  toUnit,
  type BookingUnit,
  type Reservation,
  type ReservationRow,
  type UnitRow,
} from './rows.js';
import { holdIdOf, partnerPolicy, stayPrice } from './terms.js';

/** Search results per page. */
export const searchPageMax = 50;

function ruleError(error: unknown): never {
  if (error instanceof BookingRuleError) throw new AppError('VALIDATION_FAILED', error.message);
  throw error;
}

export class BookingService {
  constructor(
    private readonly db: Database,
    private readonly ops: WalletOperations,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async createUnit(partnerId: string, input: Omit<BookingUnit, 'id' | 'partnerId'>): Promise<BookingUnit> {
    const { rows } = await this.db.pool
      .query<UnitRow>(
        `INSERT INTO booking_units (id, partner_id, kind, type_name, name, place, capacity, base_price_xof, tax_group) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING *`,
        [
          randomUUID(),
          partnerId,
          input.kind,
          input.typeName,
          input.name,
          input.place,
          input.capacity,
          input.basePriceXof,
          input.taxGroup,
        ],
      )
      .catch((error: unknown) => {
        if ((error as { code?: string }).code === '23505')
          throw new AppError('CONFLICT', `A unit named "${input.name}" already exists.`);
        throw error;
      });
    return toUnit(rows[0] as UnitRow);
  }

  async unit(id: string): Promise<BookingUnit> {
    const { rows } = await this.db.pool.query<UnitRow>('SELECT * FROM booking_units WHERE id = $1 AND active', [id]);
    const row = rows[0];
    if (row === undefined) throw new AppError('NOT_FOUND', 'No such bookable unit.');
    return toUnit(row);
  }

  /** Dated prices for a unit of the partner's (a festival week, a low season). */
  async setRates(
    partnerId: string,
    unitId: string,
    rates: readonly { night: string; priceXof: number }[],
  ): Promise<void> {
    const unit = await this.unit(unitId);
    if (unit.partnerId !== partnerId) throw new AppError('NOT_FOUND', 'No such bookable unit.');
    await withTransaction(this.db.pool, async (client) => {
      for (const r of rates) {
        await client.query(
          'INSERT INTO booking_rates (unit_id, night, price_xof) VALUES ($1, $2, $3) ON CONFLICT (unit_id, night) DO UPDATE SET price_xof = EXCLUDED.price_xof',
          [unitId, r.night, r.priceXof],
        );
      }
    });
  }

  async setPolicy(
    partnerId: string,
    policy: { cancellation: readonly CancellationRule[]; holdMinutes: number },
  ): Promise<void> {
    await this.db.pool.query(
      'INSERT INTO booking_policies (partner_id, cancellation, hold_minutes) VALUES ($1, $2, $3) ON CONFLICT (partner_id) DO UPDATE SET cancellation = EXCLUDED.cancellation, hold_minutes = EXCLUDED.hold_minutes',
      [partnerId, JSON.stringify(policy.cancellation), policy.holdMinutes],
    );
  }

  /** Units free for every night of the stay, cheapest first (stable: price, then id). */
  async search(query: {
    place?: string | undefined;
    kind?: BookingUnit['kind'] | undefined;
    checkIn: string;
    checkOut: string;
    guests: number;
    maxPriceXof?: number | undefined;
    limit?: number | undefined;
  }): Promise<(BookingUnit & { stayPriceXof: number })[]> {
    let nights: string[];
    try {
      nights = stayNights(query.checkIn, query.checkOut);
    } catch (error) {
      ruleError(error);
    }
    const limit = Math.min(query.limit ?? 20, searchPageMax);
    const { rows } = await this.db.pool.query<UnitRow>(
      `SELECT u.* FROM booking_units u
       WHERE u.active AND u.capacity >= $1 AND ($2::text IS NULL OR u.place ILIKE $2) AND ($3::text IS NULL OR u.kind = $3)
         AND NOT EXISTS (SELECT 1 FROM booking_nights n WHERE n.unit_id = u.id AND n.night = ANY($4::date[]))
       ORDER BY u.base_price_xof, u.id LIMIT $5`,
      [
        query.guests,
        query.place === undefined ? null : `%${query.place.replace(/[%_\\]/g, (c) => `\\${c}`)}%`,
        query.kind ?? null,
        nights,
        limit * 4,
      ],
    );
    const priced = await Promise.all(
      rows.map(async (r) => ({ ...toUnit(r), stayPriceXof: await stayPrice(this.db.pool, toUnit(r), nights) })),
    );
    return priced
      .filter((u) => query.maxPriceXof === undefined || u.stayPriceXof <= query.maxPriceXof)
      .sort((a, b) => a.stayPriceXof - b.stayPriceXof || (a.id < b.id ? -1 : 1))
      .slice(0, limit);
  }

  async get(id: string): Promise<Reservation> {
    const { rows } = await this.db.pool.query<ReservationRow>(
      `SELECT ${reservationColumns} FROM booking_reservations WHERE id = $1`,
      [id],
    );
    const row = rows[0];
    if (row === undefined) throw new AppError('NOT_FOUND', 'No such reservation.');
    return toReservation(row);
  }

  /**
   * Holds the unit's nights and the wallet amount together, or neither. Retrying with the same key returns the same
   * reservation.
   */
  async hold(
    clientId: string,
    input: { unitId: string; checkIn: string; checkOut: string; guests: number; idempotencyKey: string },
  ): Promise<Reservation> {
    const existing = await this.db.pool.query<ReservationRow>(
      `SELECT ${reservationColumns} FROM booking_reservations WHERE client_id = $1 AND idempotency_key = $2`,
      [clientId, input.idempotencyKey],
    );
    if (existing.rows[0] !== undefined) return toReservation(existing.rows[0]);
    let nights: string[];
    try {
      nights = stayNights(input.checkIn, input.checkOut);
    } catch (error) {
      ruleError(error);
    }
    const unit = await this.unit(input.unitId);
    if (unit.partnerId === clientId) throw new AppError('VALIDATION_FAILED', 'a partner cannot book its own unit');
    if (input.guests > unit.capacity)
      throw new AppError('VALIDATION_FAILED', `${unit.name} takes at most ${String(unit.capacity)} guests`);
    if (input.checkIn < this.now().toISOString().slice(0, 10))
      throw new AppError('VALIDATION_FAILED', 'the stay starts in the past');
    const amountXof = await stayPrice(this.db.pool, unit, nights);
    const { country } = (
      await this.db.pool.query<{ country: string }>('SELECT country FROM accounts WHERE id = $1', [unit.partnerId])
    ).rows[0] ?? { country: 'CI' };
    const amountCenti = xofToCentiCredits(amountXof, await creditRateAt(this.db.pool, country, this.now()));
    const policy = await partnerPolicy(this.db.pool, unit.partnerId);
    const reservationId = randomUUID();
    const holdExpiresAt = new Date(this.now().getTime() + policy.holdMinutes * 60_000);
    const ctx: WriteContext = {
      actor: { accountId: clientId, label: `account:${clientId}` },
      scope: clientId,
      idempotencyKey: `booking:${input.idempotencyKey}`,
    };
    await this.ops.hold(
      ctx,
      {
        payerId: clientId,
        payeeId: unit.partnerId,
        module: 'booking',
        amountCentiCredits: amountCenti,
        timeoutSeconds: policy.holdMinutes * 60,
      },
      async (client, result) => {
        const holdId = result.transfers[0]?.id;
        if (holdId === undefined) throw new Error('hold without a transfer');
        await client.query(
          `INSERT INTO booking_reservations (id, client_id, partner_id, unit_id, check_in, check_out, guests, status, amount_xof, amount_centi, hold_id, hold_expires_at, cancellation, idempotency_key)
           VALUES ($1, $2, $3, $4, $5, $6, $7, 'held', $8, $9, $10, $11, $12, $13)`,
          [
            reservationId,
            clientId,
            unit.partnerId,
            unit.id,
            input.checkIn,
            input.checkOut,
            input.guests,
            amountXof,
            amountCenti,
            holdId,
            holdExpiresAt,
            JSON.stringify(policy.cancellation),
            input.idempotencyKey,
          ],
        );
        const taken = await client.query(
          'INSERT INTO booking_nights (unit_id, night, reservation_id) SELECT $1, unnest($2::date[]), $3 ON CONFLICT (unit_id, night) DO NOTHING',
          [unit.id, nights, reservationId],
        );
        // A night already held or sold: the whole operation (money included) rolls back.
        if (taken.rowCount !== nights.length)
          throw new AppError('CONFLICT', `${unit.name} is no longer free for these dates.`);
      },
      // The stay's hold is Booking's: only confirm, cancel and expiry here resolve it.
      'sale',
    );
    return this.get(reservationId);
  }

  /** Captures the hold with the commissions and issues the invoice, in one operation. */
  async confirm(reservationId: string, actorId: string): Promise<Reservation> {
    const reservation = await this.get(reservationId);
    if (reservation.clientId !== actorId && reservation.partnerId !== actorId)
      throw new AppError('NOT_FOUND', 'No such reservation.');
    if (reservation.status === 'confirmed') return reservation;
    if (reservation.status !== 'held') throw new AppError('CONFLICT', `The reservation is ${reservation.status}.`);
    const unit = await this.unit(reservation.unitId);
    const holdId = await holdIdOf(this.db.pool, reservationId);
    const nights = stayNights(reservation.checkIn, reservation.checkOut).length;
    await this.ops.settleSale(
      {
        actor: { accountId: actorId, label: `account:${actorId}` },
        scope: 'system',
        idempotencyKey: `booking-confirm:${reservationId}`,
      },
      {
        holdId,
        partnerId: reservation.partnerId,
        module: 'booking',
        amountCentiCredits: reservation.amountCentiCredits,
      },
      async (client) => {
        const updated = await client.query(
          "UPDATE booking_reservations SET status = 'confirmed', updated_at = now() WHERE id = $1 AND status = 'held'",
          [reservationId],
        );
        if (updated.rowCount !== 1) throw new AppError('CONFLICT', 'The reservation changed meanwhile.');
        const invoice = await issueSaleInvoice(client, {
          partnerId: reservation.partnerId,
          buyerId: reservation.clientId,
          source: 'booking',
          sourceRef: reservationId,
          lines: [
            {
              label: `${unit.typeName} ${unit.name}, ${String(nights)} nuit${nights > 1 ? 's' : ''} du ${reservation.checkIn} au ${reservation.checkOut}, ${String(reservation.guests)} pers.`,
              quantityMilli: 1000,
              unitPriceXof: reservation.amountXof,
              taxGroup: unit.taxGroup,
            },
          ],
        });
        await client.query('UPDATE booking_reservations SET invoice_id = $2 WHERE id = $1', [
          reservationId,
          invoice.id,
        ]);
      },
    );
    return this.get(reservationId);
  }

  /**
   * Cancels: a hold is released; a confirmed booking is refunded with a credit note for the
   * refunded share. The client's own cancellation is refunded under the rules it booked with;
   * the partner's (the seller's, or its staff's) is refunded in full, commission included:
   * the client did nothing to lose any of it. Either way the nights are freed.
   */
  async cancel(reservationId: string, actorId: string): Promise<Reservation> {
    const reservation = await this.get(reservationId);
    if (reservation.clientId !== actorId && reservation.partnerId !== actorId)
      throw new AppError('NOT_FOUND', 'No such reservation.');
    if (reservation.status === 'cancelled' || reservation.status === 'expired') return reservation;
    const ctx: WriteContext = {
      actor: { accountId: actorId, label: `account:${actorId}` },
      scope: 'system',
      idempotencyKey: `booking-cancel:${reservationId}`,
    };
    const freeNights = async (client: pg.PoolClient, extra: string, values: unknown[]): Promise<void> => {
      const updated = await client.query(
        `UPDATE booking_reservations SET status = 'cancelled', updated_at = now()${extra} WHERE id = $1 AND status = $2`,
        [reservationId, reservation.status, ...values],
      );
      if (updated.rowCount !== 1) throw new AppError('CONFLICT', 'The reservation changed meanwhile.');
      await client.query('DELETE FROM booking_nights WHERE reservation_id = $1', [reservationId]);
    };
    const holdId = await holdIdOf(this.db.pool, reservationId);
    if (reservation.status === 'held') {
      await this.ops.releaseSaleHold(ctx, { holdId, module: 'booking' }, async (client) => freeNights(client, '', []));
      return this.get(reservationId);
    }
    const bySeller = actorId === reservation.partnerId;
    const { rows } = await this.db.pool.query<{ cancellation: CancellationRule[] }>(
      'SELECT cancellation FROM booking_reservations WHERE id = $1',
      [reservationId],
    );
    const share = bySeller
      ? 10_000
      : refundFor(
          10_000,
          noticeHours(reservation.checkIn, this.now()),
          rows[0]?.cancellation ?? defaultCancellationPolicy,
        ).refundBp;
    if (share === 0 || reservation.invoiceId === null) {
      await withTransaction(this.db.pool, async (client) => freeNights(client, ', refund_centi = 0', []));
      return this.get(reservationId);
    }
    const settled = await this.db.pool.query<{ facts: { commissionCentiCredits?: number } | null }>(
      "SELECT facts FROM ledger_operations WHERE scope = 'system' AND idempotency_key = $1",
      [`booking-confirm:${reservationId}`],
    );
    const { quantityMilli, refundCentiCredits, commissionRefundCentiCredits } = refundOf(
      reservation,
      share,
      settled.rows[0]?.facts?.commissionCentiCredits ?? 0,
    );
    const invoiceId = reservation.invoiceId;
    await this.ops.refundSale(
      ctx,
      {
        clientId: reservation.clientId,
        partnerId: reservation.partnerId,
        module: 'booking',
        refundCentiCredits,
        commissionRefundCentiCredits,
      },
      async (client) => {
        const note = await creditSale(client, invoiceId, share === 10_000 ? 'all' : [{ index: 0, quantityMilli }]);
        await freeNights(client, ', refund_centi = $3, credit_note_id = $4', [refundCentiCredits, note.id]);
      },
    );
    return this.get(reservationId);
  }

  /** Voids holds nobody confirmed in time and frees their nights; safe to run anywhere, any number of times. */
  async expireHolds(limit = 200): Promise<number> {
    const { rows } = await this.db.pool.query<{ id: string; hold_id: string }>(
      "SELECT id, hold_id FROM booking_reservations WHERE status = 'held' AND hold_expires_at <= $1 ORDER BY hold_expires_at LIMIT $2",
      [this.now(), limit],
    );
    let expired = 0;
    for (const row of rows) {
      // The ledger's own expiry job may have voided it first: the same key makes this a replay.
      await this.ops.expireSaleHold(row.hold_id, 'booking').catch((error: unknown) => {
        if (!(error instanceof AppError)) throw error;
      });
      await withTransaction(this.db.pool, async (client) => {
        const updated = await client.query(
          "UPDATE booking_reservations SET status = 'expired', updated_at = now() WHERE id = $1 AND status = 'held'",
          [row.id],
        );
        if (updated.rowCount === 1) {
          await client.query('DELETE FROM booking_nights WHERE reservation_id = $1', [row.id]);
          expired++;
        }
      });
    }
    return expired;
  }
}
