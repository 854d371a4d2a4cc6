/**
 * A partner's orders to fulfil (issue 23): the list by status with a count per status, and the three moves a partner
 * or its staff makes on an order: confirm (payment captured, invoice issued: ShopService.confirm), ship with a
 * tracking reference, deliver. Ship and deliver are one conditional UPDATE each: the row's current status is the
 * guard (migration 0042 refuses any other move in PostgreSQL too), so of two staff pressing "ship" at once exactly
 * one moves the order and the other is told it changed (409). Every move is audited with the staff's own account.
 */
import type pg from 'pg';
import { AppError } from '@ismail/shared';
import { appendAudit } from '../../platform/audit/audit-log.js';
import type { Database } from '../../platform/db/database.js';
import { withTransaction } from '../../platform/db/transaction.js';
import type { DeliveredHook, Order, OrderStatus, ShopService } from './shop.js';

export const fulfilmentStatuses = ['pending', 'confirmed', 'shipped', 'delivered', 'cancelled'] as const;
export const fulfilmentPageMax = 50;
/** A tracking reference as couriers print them: bounded, one line. */
export const trackingMaxLength = 100;

export interface FulfilmentSummary {
  readonly id: string;
  readonly buyerName: string;
  readonly status: string;
  readonly totalXof: number;
  readonly delivery: string;
  readonly placedAt: string;
  readonly updatedAt: string;
  readonly firstLabel: string;
  readonly lines: number;
}

export interface FulfilmentList {
  readonly orders: FulfilmentSummary[];
  readonly counts: Record<(typeof fulfilmentStatuses)[number], number>;
  readonly next: { placedAt: string; id: string } | null;
}

/** The partner's orders, newest first, optionally of one status; keyset pages. */
export async function partnerOrders(
  pool: pg.Pool,
  partnerId: string,
  query: {
    status?: OrderStatus | undefined;
    before?: { placedAt: string; id: string } | undefined;
    limit?: number | undefined;
  },
): Promise<FulfilmentList> {
  const limit = Math.min(query.limit ?? 20, fulfilmentPageMax);
  const { rows } = await pool.query<{
    id: string;
    buyer_name: string;
    status: string;
    total_xof: number;
    delivery: string;
    created_at: Date;
    updated_at: Date;
    first_label: string | null;
    lines: number;
  }>(
    `SELECT o.id, b.display_name AS buyer_name, o.status, o.total_xof, o.delivery, o.created_at, o.updated_at,
       (SELECT i.label FROM shop_order_items i WHERE i.order_id = o.id ORDER BY i.position LIMIT 1) AS first_label,
       (SELECT count(*)::int FROM shop_order_items i WHERE i.order_id = o.id) AS lines
     FROM shop_orders o JOIN accounts b ON b.id = o.buyer_id
     WHERE o.partner_id = $1 AND ($2::text IS NULL OR o.status = $2)
       AND ($3::timestamptz IS NULL OR (o.created_at, o.id) < ($3::timestamptz, $4::uuid))
     ORDER BY o.created_at DESC, o.id DESC LIMIT $5`,
    [partnerId, query.status ?? null, query.before?.placedAt ?? null, query.before?.id ?? null, limit + 1],
  );
  const counted = await pool.query<{ status: string; n: number }>(
    'SELECT status, count(*)::int AS n FROM shop_orders WHERE partner_id = $1 GROUP BY status',
    [partnerId],
  );
  const counts = Object.fromEntries(fulfilmentStatuses.map((s) => [s, 0])) as FulfilmentList['counts'];
  for (const c of counted.rows) if (c.status in counts) counts[c.status as OrderStatus] = c.n;
  const page = rows.slice(0, limit).map((r) => ({
    id: r.id,
    buyerName: r.buyer_name,
    status: r.status,
    totalXof: r.total_xof,
    delivery: r.delivery,
    placedAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
    firstLabel: r.first_label ?? '',
    lines: r.lines,
  }));
  const last = page.at(-1);
  return {
    orders: page,
    counts,
    next: rows.length > limit && last !== undefined ? { placedAt: last.placedAt, id: last.id } : null,
  };
}

export interface FulfilmentOrder extends Order {
  readonly buyerName: string;
  readonly placedAt: string;
}

/** One of the partner's orders with its buyer's name; another partner's order does not exist for them. */
export async function partnerOrder(
  db: Database,
  shop: ShopService,
  partnerId: string,
  orderId: string,
): Promise<FulfilmentOrder> {
  const order = await shop.order(orderId);
  if (order.partnerId !== partnerId) throw new AppError('NOT_FOUND', 'Commande introuvable.');
  const { rows } = await db.pool.query<{ display_name: string; created_at: Date }>(
    'SELECT b.display_name, o.created_at FROM shop_orders o JOIN accounts b ON b.id = o.buyer_id WHERE o.id = $1',
    [orderId],
  );
  return {
    ...order,
    buyerName: rows[0]?.display_name ?? '',
    placedAt: rows[0]?.created_at.toISOString() ?? '',
  };
}

export type FulfilmentMove = 'confirm' | 'ship' | 'deliver';

/** From which statuses each move starts (the same machine migration 0042 enforces). */
const movesFrom: Record<FulfilmentMove, readonly OrderStatus[]> = {
  confirm: ['pending'],
  ship: ['confirmed'],
  deliver: ['confirmed', 'shipped'],
};
const movesTo = { confirm: 'confirmed', ship: 'shipped', deliver: 'delivered' } as const;

export interface MoveInput {
  readonly orderId: string;
  readonly partnerId: string;
  /** The person pressing the button: the partner or one of its staff. */
  readonly actorId: string;
  readonly actorProfile: string;
  readonly place: string;
  readonly move: FulfilmentMove;
  readonly tracking?: string | undefined;
}

const refused = (status: string): AppError =>
  new AppError('CONFLICT', `Commande déjà ${statusWord[status] ?? status} : action impossible.`);
const statusWord: Record<string, string> = {
  pending: 'en attente',
  confirmed: 'confirmée',
  shipped: 'expédiée',
  delivered: 'livrée',
  cancelled: 'annulée',
};

async function currentStatus(db: pg.Pool | pg.PoolClient, orderId: string, partnerId: string): Promise<OrderStatus> {
  const { rows } = await db.query<{ status: OrderStatus; partner_id: string }>(
    'SELECT status, partner_id FROM shop_orders WHERE id = $1',
    [orderId],
  );
  const row = rows[0];
  if (row?.partner_id !== partnerId) throw new AppError('NOT_FOUND', 'Commande introuvable.');
  return row.status;
}

/** Applies one move, or refuses it: 404 for someone else's order, 409 from any other status. */
export async function moveOrder(
  db: Database,
  shop: ShopService,
  delivered: DeliveredHook | undefined,
  input: MoveInput,
): Promise<FulfilmentOrder> {
  const from = await currentStatus(db.pool, input.orderId, input.partnerId);
  if (!movesFrom[input.move].includes(from)) throw refused(from);
  if (input.move === 'ship' && (input.tracking === undefined || input.tracking.trim() === ''))
    throw new AppError('VALIDATION_FAILED', 'Référence de suivi obligatoire pour expédier.');
  const audit = (client: pg.PoolClient, status: string) =>
    appendAudit(client, {
      actor: { accountId: input.actorId, label: input.actorProfile },
      action: `shop.order_${movesTo[input.move]}`,
      subject: { type: 'shop_order', id: input.orderId },
      place: input.place,
      detail: {
        partnerId: input.partnerId,
        from: status,
        ...(input.tracking === undefined ? {} : { tracking: input.tracking }),
      },
    });
  if (input.move === 'confirm') {
    // Payment capture and invoice: ShopService's one confirm (its ledger key makes a raced second capture a replay).
    // The audit is written in the capture's transaction; a call that did not move the order is told it changed.
    let moved = false;
    await shop.confirm(input.orderId, input.partnerId, async (client) => {
      await audit(client, from);
      moved = true;
    });
    if (!moved) throw refused(await currentStatus(db.pool, input.orderId, input.partnerId));
    return partnerOrder(db, shop, input.partnerId, input.orderId);
  }
  const to = movesTo[input.move];
  const tracking = input.move === 'ship' ? input.tracking?.trim() : undefined;
  await withTransaction(db.pool, async (client) => {
    const moved = await client
      .query<{ buyer_id: string }>(
        `UPDATE shop_orders SET status = $3, tracking = coalesce($4, tracking), updated_at = now()
         WHERE id = $1 AND partner_id = $2 AND status = ANY($5::text[]) RETURNING buyer_id`,
        [input.orderId, input.partnerId, to, tracking ?? null, movesFrom[input.move]],
      )
      .catch((error: unknown) => {
        // The trigger of migration 0042: a move from a status the machine does not allow.
        if ((error as { code?: string }).code === '23514') throw new AppError('CONFLICT', 'Transition refusée.');
        throw error;
      });
    const row = moved.rows[0];
    // Another staff moved it between our read and our write: their move stands, ours is refused.
    if (row === undefined) throw refused(await currentStatus(client, input.orderId, input.partnerId));
    await client.query('INSERT INTO shop_order_events (order_id, status, actor, note) VALUES ($1, $2, $3, $4)', [
      input.orderId,
      to,
      `account:${input.actorId}`,
      tracking ?? null,
    ]);
    await audit(client, from);
    if (to === 'delivered') await delivered?.(client, { id: input.orderId, buyerId: row.buyer_id });
  });
  return partnerOrder(db, shop, input.partnerId, input.orderId);
}
