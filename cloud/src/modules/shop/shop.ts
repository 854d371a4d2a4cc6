/**
 * The Shop (SPEC 3.13, seed 3.2.2): a partner's catalog, stock per place, online orders paid
 * from the wallet, delivery states, reviews by buyers only.
 *
 * Money and stock move together: checkout is one ledger operation that holds the wallet
 * amount and, in the same transaction, takes the stock (only if it is there: online stock
 * never goes negative) and writes the order. Confirmation captures with the Shop and sales
 * commissions and issues the invoice; cancellation releases or refunds (with a credit note)
 * and puts the stock back, each in one operation. A sale made at a hub while offline is a
 * fact: it may take stock below zero, which is flagged for the merchant, never refused.
 */
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { AppError, searchKey, searchKeyContains, xofToCentiCredits } from '@ismail/shared';
import type { Database } from '../../platform/db/database.js';
import { withTransaction } from '../../platform/db/transaction.js';
import type { WalletOperations, WriteContext } from '../wallet/operations.js';
import { creditRateAt } from '../wallet/rates.js';
import { creditSale, issueSaleInvoice } from './sale-invoice.js';
import { alertIfLowStock } from './stock-alerts.js';

export const onlinePlace = 'online';
export const orderItemsMax = 50;
export const searchPageMax = 50;
/**
 * What catalog search compares with (migration 0022): the name's key, a line feed no key holds, the description's key.
 */
export function productSearchKey(name: string, description: string): string {
  return `${searchKey(name)}\n${searchKey(description)}`;
}
/** How long a checkout holds the money and the stock before the merchant confirms. */
export const orderHoldMinutes = 24 * 60;

export interface Product {
  readonly id: string;
  readonly partnerId: string;
  readonly name: string;
  readonly description: string;
  readonly category: string;
  readonly kind: 'physical' | 'digital';
  readonly barcode: string | null;
  readonly priceXof: number;
  readonly taxGroup: string;
  /** A photo was uploaded: the buyer's screens show /v1/shop/products/:id/photo/small. */
  readonly hasPhoto: boolean;
}

export type OrderStatus = 'pending' | 'confirmed' | 'shipped' | 'delivered' | 'cancelled';

export interface Order {
  readonly id: string;
  readonly buyerId: string;
  readonly partnerId: string;
  readonly status: OrderStatus;
  readonly totalXof: number;
  readonly totalCentiCredits: number;
  readonly delivery: 'pickup' | 'own_delivery' | 'courier';
  readonly tracking: string | null;
  readonly invoiceId: string | null;
  readonly creditNoteId: string | null;
  readonly items: readonly { productId: string; label: string; quantity: number; unitPriceXof: number }[];
  readonly history: readonly { status: string; at: string }[];
}

interface ProductRow {
  id: string;
  partner_id: string;
  name: string;
  description: string;
  category: string;
  kind: Product['kind'];
  barcode: string | null;
  price_xof: number;
  tax_group: string;
  has_photo?: boolean;
}

const toProduct = (r: ProductRow): Product => ({
  id: r.id,
  partnerId: r.partner_id,
  name: r.name,
  description: r.description,
  category: r.category,
  kind: r.kind,
  barcode: r.barcode,
  priceXof: r.price_xof,
  taxGroup: r.tax_group,
  hasPhoto: r.has_photo ?? false,
});

/** Whether a product has a photo, as a column of a query over shop_products. */
const hasPhotoColumn =
  'EXISTS (SELECT 1 FROM shop_product_photos f WHERE f.product_id = shop_products.id) AS has_photo';

/** The next states an order may take, and who moves it there. */
const transitions: Readonly<Record<OrderStatus, readonly OrderStatus[]>> = {
  pending: ['confirmed', 'cancelled'],
  confirmed: ['shipped', 'delivered', 'cancelled'],
  shipped: ['delivered'],
  delivered: [],
  cancelled: [],
};

/** Called inside the transaction that marks an order delivered (the review invitation: an outbox write). */
export type DeliveredHook = (client: pg.PoolClient, order: { id: string; buyerId: string }) => Promise<void>;

export class ShopService {
  private deliveredHook: DeliveredHook | undefined;

  constructor(
    private readonly db: Database,
    private readonly ops: WalletOperations,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async createProduct(
    partnerId: string,
    input: Omit<Product, 'id' | 'partnerId' | 'barcode' | 'description' | 'hasPhoto'> & {
      barcode?: string | undefined;
      description?: string | undefined;
    },
  ): Promise<Product> {
    const { rows } = await this.db.pool
      .query<ProductRow>(
        `INSERT INTO shop_products (id, partner_id, name, description, category, kind, barcode, price_xof, tax_group, search_key) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING *`,
        [
          randomUUID(),
          partnerId,
          input.name,
          input.description ?? '',
          input.category,
          input.kind,
          input.barcode ?? null,
          input.priceXof,
          input.taxGroup,
          productSearchKey(input.name, input.description ?? ''),
        ],
      )
      .catch((error: unknown) => {
        if ((error as { code?: string }).code === '23505')
          throw new AppError('CONFLICT', `Barcode ${input.barcode ?? ''} is already on another product.`);
        throw error;
      });
    return toProduct(rows[0] as ProductRow);
  }

  async product(id: string): Promise<Product> {
    const { rows } = await this.db.pool.query<ProductRow>(
      `SELECT *, ${hasPhotoColumn} FROM shop_products WHERE id = $1 AND active`,
      [id],
    );
    const row = rows[0];
    if (row === undefined) throw new AppError('NOT_FOUND', 'No such product.');
    return toProduct(row);
  }

  /**
   * Catalog search: text (case and accents ignored: shared searchKey), category, price range; stable order (price, then
   * id) with a keyset cursor.
   */
  async search(query: {
    text?: string | undefined;
    category?: string | undefined;
    minPriceXof?: number | undefined;
    maxPriceXof?: number | undefined;
    partnerId?: string | undefined;
    after?: { priceXof: number; id: string } | undefined;
    limit?: number | undefined;
  }): Promise<{ products: Product[]; next: { priceXof: number; id: string } | null }> {
    const limit = Math.min(query.limit ?? 20, searchPageMax);
    const text = query.text === undefined ? null : searchKeyContains(query.text);
    const { rows } = await this.db.pool.query<ProductRow>(
      `SELECT *, ${hasPhotoColumn} FROM shop_products
       WHERE active AND ($1::text IS NULL OR search_key LIKE $1) AND ($2::text IS NULL OR category = $2)
         AND ($3::int IS NULL OR price_xof >= $3) AND ($4::int IS NULL OR price_xof <= $4) AND ($5::uuid IS NULL OR partner_id = $5)
         AND ($6::int IS NULL OR (price_xof, id) > ($6, $7::uuid))
       ORDER BY price_xof, id LIMIT $8`,
      [
        text,
        query.category ?? null,
        query.minPriceXof ?? null,
        query.maxPriceXof ?? null,
        query.partnerId ?? null,
        query.after?.priceXof ?? null,
        query.after?.id ?? null,
        limit + 1,
      ],
    );
    const products = rows.slice(0, limit).map(toProduct);
    const last = products.at(-1);
    return {
      products,
      next: rows.length > limit && last !== undefined ? { priceXof: last.priceXof, id: last.id } : null,
    };
  }

  async stock(productId: string, place = onlinePlace): Promise<number> {
    const { rows } = await this.db.pool.query<{ quantity: number }>(
      'SELECT quantity FROM shop_stock WHERE product_id = $1 AND place = $2',
      [productId, place],
    );
    return rows[0]?.quantity ?? 0;
  }

  /** One stock movement; tells the merchant (audit → notification) when stock falls to its threshold. */
  private async move(
    client: pg.PoolClient,
    productId: string,
    place: string,
    delta: number,
    reason: string,
    reference: string | null,
    guard: 'never_negative' | 'fact',
  ): Promise<number | null> {
    await client.query(
      'INSERT INTO shop_stock (product_id, place, quantity) VALUES ($1, $2, 0) ON CONFLICT DO NOTHING',
      [productId, place],
    );
    const { rows } = await client.query<{ quantity: number; low_threshold: number }>(
      guard === 'never_negative'
        ? 'UPDATE shop_stock SET quantity = quantity + $3 WHERE product_id = $1 AND place = $2 AND quantity + $3 >= 0 RETURNING quantity, low_threshold'
        : 'UPDATE shop_stock SET quantity = quantity + $3 WHERE product_id = $1 AND place = $2 RETURNING quantity, low_threshold',
      [productId, place, delta],
    );
    const row = rows[0];
    if (row === undefined) return null;
    const inserted = await client.query(
      'INSERT INTO shop_stock_movements (product_id, place, delta, reason, reference, quantity_after) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING',
      [productId, place, delta, reason, reference, row.quantity],
    );
    if (inserted.rowCount === 0) throw new AppError('CONFLICT', 'this stock movement was already recorded');
    await alertIfLowStock(client, {
      productId,
      place,
      before: row.quantity - delta,
      after: row.quantity,
      threshold: row.low_threshold,
    });
    return row.quantity;
  }

  /** A merchant's correction, count, return or transfer; online stock never below zero this way. */
  async adjustStock(
    partnerId: string,
    input: {
      productId: string;
      place?: string | undefined;
      delta: number;
      reason: 'adjustment' | 'count' | 'return' | 'transfer';
      reference?: string | undefined;
    },
  ): Promise<number> {
    const product = await this.product(input.productId);
    if (product.partnerId !== partnerId) throw new AppError('NOT_FOUND', 'No such product.');
    if (!Number.isSafeInteger(input.delta) || input.delta === 0 || Math.abs(input.delta) > 1_000_000)
      throw new AppError('VALIDATION_FAILED', 'delta is a whole number, not zero, at most a million');
    return withTransaction(this.db.pool, async (client) => {
      const quantity = await this.move(
        client,
        product.id,
        input.place ?? onlinePlace,
        input.delta,
        input.reason,
        input.reference ?? `manual:${randomUUID()}`,
        'never_negative',
      );
      if (quantity === null) throw new AppError('CONFLICT', 'not that much in stock');
      return quantity;
    });
  }

  private async orderRow(id: string): Promise<{ hold_id: string; row: Order }> {
    const { rows } = await this.db.pool.query<{
      id: string;
      buyer_id: string;
      partner_id: string;
      status: OrderStatus;
      total_xof: number;
      total_centi: string;
      delivery: Order['delivery'];
      tracking: string | null;
      invoice_id: string | null;
      credit_note_id: string | null;
      hold_id: string;
    }>('SELECT * FROM shop_orders WHERE id = $1', [id]);
    const o = rows[0];
    if (o === undefined) throw new AppError('NOT_FOUND', 'No such order.');
    const items = await this.db.pool.query<{
      product_id: string;
      label: string;
      quantity: number;
      unit_price_xof: number;
    }>(
      'SELECT product_id, label, quantity, unit_price_xof FROM shop_order_items WHERE order_id = $1 ORDER BY position',
      [id],
    );
    const history = await this.db.pool.query<{ status: string; at: Date }>(
      'SELECT status, at FROM shop_order_events WHERE order_id = $1 ORDER BY id',
      [id],
    );
    return {
      hold_id: o.hold_id,
      row: {
        id: o.id,
        buyerId: o.buyer_id,
        partnerId: o.partner_id,
        status: o.status,
        totalXof: o.total_xof,
        totalCentiCredits: Number(o.total_centi),
        delivery: o.delivery,
        tracking: o.tracking,
        invoiceId: o.invoice_id,
        creditNoteId: o.credit_note_id,
        items: items.rows.map((i) => ({
          productId: i.product_id,
          label: i.label,
          quantity: i.quantity,
          unitPriceXof: i.unit_price_xof,
        })),
        history: history.rows.map((h) => ({ status: h.status, at: h.at.toISOString() })),
      },
    };
  }

  async order(id: string, viewerId?: string): Promise<Order> {
    const { row } = await this.orderRow(id);
    if (viewerId !== undefined && row.buyerId !== viewerId && row.partnerId !== viewerId)
      throw new AppError('NOT_FOUND', 'No such order.');
    return row;
  }

  /**
   * Holds the money and takes the online stock together, or neither. Retrying with the same key returns the same order.
   */
  async checkout(
    buyerId: string,
    input: {
      items: readonly { productId: string; quantity: number }[];
      delivery: Order['delivery'];
      idempotencyKey: string;
    },
  ): Promise<Order> {
    const existing = await this.db.pool.query<{ id: string }>(
      'SELECT id FROM shop_orders WHERE buyer_id = $1 AND idempotency_key = $2',
      [buyerId, input.idempotencyKey],
    );
    if (existing.rows[0] !== undefined) return this.order(existing.rows[0].id);
    if (input.items.length === 0 || input.items.length > orderItemsMax)
      throw new AppError('VALIDATION_FAILED', `an order has 1 to ${String(orderItemsMax)} lines`);
    const products = await Promise.all(input.items.map((i) => this.product(i.productId)));
    const partnerId = products[0]?.partnerId ?? '';
    if (products.some((p) => p.partnerId !== partnerId))
      throw new AppError('VALIDATION_FAILED', 'one order is from one shop: split the cart by seller');
    if (partnerId === buyerId) throw new AppError('VALIDATION_FAILED', 'a shop cannot buy from itself');
    for (const item of input.items)
      if (!Number.isSafeInteger(item.quantity) || item.quantity < 1 || item.quantity > 1000)
        throw new AppError('VALIDATION_FAILED', 'quantities are 1 to 1000');
    const totalXof = input.items.reduce((sum, item, i) => sum + item.quantity * (products[i]?.priceXof ?? 0), 0);
    const { country } = (
      await this.db.pool.query<{ country: string }>('SELECT country FROM accounts WHERE id = $1', [partnerId])
    ).rows[0] ?? { country: 'CI' };
    const totalCenti = xofToCentiCredits(totalXof, await creditRateAt(this.db.pool, country, this.now()));
    const orderId = randomUUID();
    const holdExpiresAt = new Date(this.now().getTime() + orderHoldMinutes * 60_000);
    const ctx: WriteContext = {
      actor: { accountId: buyerId, label: `account:${buyerId}` },
      scope: buyerId,
      idempotencyKey: `order:${input.idempotencyKey}`,
    };
    await this.ops.hold(
      ctx,
      {
        payerId: buyerId,
        payeeId: partnerId,
        module: 'shop',
        amountCentiCredits: totalCenti,
        timeoutSeconds: orderHoldMinutes * 60,
      },
      async (client, result) => {
        const holdId = result.transfers[0]?.id;
        if (holdId === undefined) throw new Error('hold without a transfer');
        await client.query(
          `INSERT INTO shop_orders (id, buyer_id, partner_id, status, total_xof, total_centi, delivery, hold_id, hold_expires_at, idempotency_key) VALUES ($1, $2, $3, 'pending', $4, $5, $6, $7, $8, $9)`,
          [
            orderId,
            buyerId,
            partnerId,
            totalXof,
            totalCenti,
            input.delivery,
            holdId,
            holdExpiresAt,
            input.idempotencyKey,
          ],
        );
        for (const [position, item] of input.items.entries()) {
          const product = products[position] as Product;
          await client.query(
            'INSERT INTO shop_order_items (order_id, position, product_id, label, quantity, unit_price_xof, tax_group) VALUES ($1, $2, $3, $4, $5, $6, $7)',
            [orderId, position, product.id, product.name, item.quantity, product.priceXof, product.taxGroup],
          );
          // Digital products have no stock to take.
          if (product.kind === 'physical') {
            const left = await this.move(
              client,
              product.id,
              onlinePlace,
              -item.quantity,
              'order',
              `${orderId}:${String(position)}`,
              'never_negative',
            );
            if (left === null) throw new AppError('CONFLICT', `${product.name}: not enough in stock.`);
          }
        }
        await client.query("INSERT INTO shop_order_events (order_id, status, actor) VALUES ($1, 'pending', $2)", [
          orderId,
          `account:${buyerId}`,
        ]);
      },
      // The checkout's hold is the Shop's: only confirm, cancel and expiry here resolve it.
      'sale',
    );
    return this.order(orderId);
  }

  /**
   * The merchant confirms: the hold is captured with the Shop and sales commissions, and the invoice issued.
   * `onConfirmed` runs inside that transaction only when this call moved the order (not when it was already
   * confirmed, nor when a raced call's capture is replayed): the caller's audit entry is written exactly once.
   */
  async confirm(
    orderId: string,
    partnerId: string,
    onConfirmed?: (client: pg.PoolClient) => Promise<void>,
  ): Promise<Order> {
    const { hold_id: holdId, row: order } = await this.orderRow(orderId);
    if (order.partnerId !== partnerId) throw new AppError('NOT_FOUND', 'No such order.');
    if (order.status !== 'pending') {
      if (order.status === 'confirmed') return order;
      throw new AppError('CONFLICT', `The order is ${order.status}.`);
    }
    const { rows: lines } = await this.db.pool.query<{
      label: string;
      quantity: number;
      unit_price_xof: number;
      tax_group: string;
    }>(
      'SELECT label, quantity, unit_price_xof, tax_group FROM shop_order_items WHERE order_id = $1 ORDER BY position',
      [orderId],
    );
    await this.ops.settleSale(
      {
        actor: { accountId: partnerId, label: `account:${partnerId}` },
        scope: 'system',
        idempotencyKey: `order-confirm:${orderId}`,
      },
      { holdId, partnerId, module: 'shop', amountCentiCredits: order.totalCentiCredits },
      async (client) => {
        await this.setStatus(client, orderId, 'pending', 'confirmed', `account:${partnerId}`);
        const invoice = await issueSaleInvoice(client, {
          partnerId,
          buyerId: order.buyerId,
          source: 'order',
          sourceRef: orderId,
          lines: lines.map((l) => ({
            label: l.label,
            quantityMilli: l.quantity * 1000,
            unitPriceXof: l.unit_price_xof,
            taxGroup: l.tax_group,
          })),
        });
        await client.query('UPDATE shop_orders SET invoice_id = $2 WHERE id = $1', [orderId, invoice.id]);
        await onConfirmed?.(client);
      },
    );
    return this.order(orderId);
  }

  private async setStatus(
    client: pg.PoolClient,
    orderId: string,
    from: OrderStatus,
    to: OrderStatus,
    actor: string,
    extra: { tracking?: string | undefined } = {},
  ): Promise<void> {
    if (!transitions[from].includes(to)) throw new AppError('CONFLICT', `An order ${from} cannot become ${to}.`);
    const updated = await client.query(
      'UPDATE shop_orders SET status = $3, tracking = coalesce($4, tracking), updated_at = now() WHERE id = $1 AND status = $2',
      [orderId, from, to, extra.tracking ?? null],
    );
    if (updated.rowCount !== 1) throw new AppError('CONFLICT', 'The order changed meanwhile.');
    await client.query('INSERT INTO shop_order_events (order_id, status, actor, note) VALUES ($1, $2, $3, $4)', [
      orderId,
      to,
      actor,
      extra.tracking ?? null,
    ]);
  }

  /** What to do, in the same transaction, when an order becomes delivered (set once by the module). */
  onDelivered(hook: DeliveredHook): void {
    this.deliveredHook = hook;
  }

  /** Shipped (with a tracking reference) or delivered, by the merchant. */
  async advance(orderId: string, partnerId: string, to: 'shipped' | 'delivered', tracking?: string): Promise<Order> {
    const order = await this.order(orderId);
    if (order.partnerId !== partnerId) throw new AppError('NOT_FOUND', 'No such order.');
    if (order.status === to) return order;
    await withTransaction(this.db.pool, async (client) => {
      await this.setStatus(client, orderId, order.status, to, `account:${partnerId}`, { tracking });
      if (to === 'delivered') await this.deliveredHook?.(client, { id: orderId, buyerId: order.buyerId });
    });
    return this.order(orderId);
  }

  private async restock(client: pg.PoolClient, orderId: string): Promise<void> {
    const { rows } = await client.query<{ position: number; product_id: string; quantity: number; kind: string }>(
      'SELECT i.position, i.product_id, i.quantity, p.kind FROM shop_order_items i JOIN shop_products p ON p.id = i.product_id WHERE i.order_id = $1',
      [orderId],
    );
    for (const item of rows)
      if (item.kind === 'physical')
        await this.move(
          client,
          item.product_id,
          onlinePlace,
          item.quantity,
          'order_cancelled',
          `${orderId}:${String(item.position)}`,
          'fact',
        );
  }

  /**
   * Before shipping: a pending order's hold is released; a confirmed one is refunded in full with a credit note. Stock
   * goes back either way.
   */
  async cancel(orderId: string, actorId: string): Promise<Order> {
    const { hold_id: holdId, row: order } = await this.orderRow(orderId);
    if (order.buyerId !== actorId && order.partnerId !== actorId) throw new AppError('NOT_FOUND', 'No such order.');
    if (order.status === 'cancelled') return order;
    const ctx: WriteContext = {
      actor: { accountId: actorId, label: `account:${actorId}` },
      scope: 'system',
      idempotencyKey: `order-cancel:${orderId}`,
    };
    if (order.status === 'pending') {
      await this.ops.releaseSaleHold(ctx, { holdId, module: 'shop' }, async (client) => {
        await this.setStatus(client, orderId, 'pending', 'cancelled', `account:${actorId}`);
        await this.restock(client, orderId);
      });
      return this.order(orderId);
    }
    if (order.status !== 'confirmed' || order.invoiceId === null)
      throw new AppError('CONFLICT', `An order ${order.status} is returned, not cancelled.`);
    const settled = await this.db.pool.query<{ facts: { commissionCentiCredits?: number } | null }>(
      "SELECT facts FROM ledger_operations WHERE scope = 'system' AND idempotency_key = $1",
      [`order-confirm:${orderId}`],
    );
    const invoiceId = order.invoiceId;
    await this.ops.refundSale(
      ctx,
      {
        clientId: order.buyerId,
        partnerId: order.partnerId,
        module: 'shop',
        refundCentiCredits: order.totalCentiCredits,
        commissionRefundCentiCredits: settled.rows[0]?.facts?.commissionCentiCredits ?? 0,
      },
      async (client) => {
        await this.setStatus(client, orderId, 'confirmed', 'cancelled', `account:${actorId}`);
        const note = await creditSale(client, invoiceId, 'all');
        await client.query('UPDATE shop_orders SET credit_note_id = $2 WHERE id = $1', [orderId, note.id]);
        await this.restock(client, orderId);
      },
    );
    return this.order(orderId);
  }

  /** Pending orders the merchant never confirmed: the hold is voided and the stock returned. */
  async expirePending(limit = 200): Promise<number> {
    const { rows } = await this.db.pool.query<{ id: string; hold_id: string }>(
      "SELECT id, hold_id FROM shop_orders WHERE status = 'pending' AND hold_expires_at <= $1 ORDER BY hold_expires_at LIMIT $2",
      [this.now(), limit],
    );
    let expired = 0;
    for (const row of rows) {
      await this.ops.expireSaleHold(row.hold_id, 'shop').catch((error: unknown) => {
        if (!(error instanceof AppError)) throw error;
      });
      const done = await withTransaction(this.db.pool, async (client) => {
        const still = await client.query("SELECT 1 FROM shop_orders WHERE id = $1 AND status = 'pending' FOR UPDATE", [
          row.id,
        ]);
        if (still.rowCount !== 1) return false;
        await this.setStatus(client, row.id, 'pending', 'cancelled', 'system:expiry');
        await this.restock(client, row.id);
        return true;
      });
      if (done) expired++;
    }
    return expired;
  }

  /**
   * A sale made at a hub counter, synced up as a fact (the hub issue): it always moves the
   * stock of that place, once per sale line however often it is synced, and stock that goes
   * below zero is flagged for the merchant rather than refused.
   */
  /**
   * A hub's counter sale (SPEC 3.8), inside the caller's transaction: stock moves once per line
   * (the reference is the sale and line), below zero is a fact to flag, not a refusal. A line
   * whose product is not this partner's (or no longer listed) moves nothing and is reported:
   * the sale happened and its invoice is recorded all the same.
   */
  async recordHubSale(
    client: pg.PoolClient,
    partnerId: string,
    input: { hubPlace: string; saleId: string; items: readonly { productId: string; quantity: number }[] },
  ): Promise<{ flagged: { productId: string; quantity: number }[]; unknown: string[] }> {
    const flagged: { productId: string; quantity: number }[] = [];
    const unknown: string[] = [];
    for (const [i, item] of input.items.entries()) {
      const { rows } = await client.query<{ kind: string }>(
        'SELECT kind FROM shop_products WHERE id = $1 AND partner_id = $2',
        [item.productId, partnerId],
      );
      const product = rows[0];
      if (product === undefined) {
        unknown.push(item.productId);
        continue;
      }
      if (product.kind !== 'physical') continue;
      const reference = `${input.saleId}:${String(i)}`;
      const seen = await client.query(
        'SELECT 1 FROM shop_stock_movements WHERE reason = $1 AND reference = $2 AND product_id = $3',
        ['hub_sale', reference, item.productId],
      );
      if (seen.rowCount !== 0) continue;
      const left = await this.move(
        client,
        item.productId,
        input.hubPlace,
        -item.quantity,
        'hub_sale',
        reference,
        'fact',
      );
      if (left !== null && left < 0) {
        await client.query(
          'INSERT INTO shop_stock_flags (product_id, place, quantity, reason) VALUES ($1, $2, $3, $4)',
          [item.productId, input.hubPlace, left, `offline sale ${input.saleId} took stock below zero`],
        );
        flagged.push({ productId: item.productId, quantity: left });
      }
    }
    return { flagged, unknown };
  }

  /** Goods handed back at a hub counter (its credit note): back into that place's stock, once per line. */
  async restockHubReturn(
    client: pg.PoolClient,
    partnerId: string,
    input: { hubPlace: string; reference: string; items: readonly { productId: string; quantity: number }[] },
  ): Promise<void> {
    for (const [i, item] of input.items.entries()) {
      if (item.quantity === 0) continue;
      const { rows } = await client.query<{ kind: string }>(
        'SELECT kind FROM shop_products WHERE id = $1 AND partner_id = $2',
        [item.productId, partnerId],
      );
      if (rows[0]?.kind !== 'physical') continue;
      const reference = `${input.reference}:${String(i)}`;
      const seen = await client.query(
        'SELECT 1 FROM shop_stock_movements WHERE reason = $1 AND reference = $2 AND product_id = $3',
        ['hub_return', reference, item.productId],
      );
      if (seen.rowCount !== 0) continue;
      await this.move(client, item.productId, input.hubPlace, item.quantity, 'hub_return', reference, 'fact');
    }
  }

  /** An RFID reader's scan at a hub: the hub's place moves once per reader and scan id (a fact, like a sale). */
  async recordRfidScan(
    client: pg.PoolClient,
    partnerId: string,
    input: { hubPlace: string; reference: string; productId: string; delta: number },
  ): Promise<{ applied: boolean; quantity: number | null }> {
    const { rows } = await client.query<{ kind: string }>(
      'SELECT kind FROM shop_products WHERE id = $1 AND partner_id = $2',
      [input.productId, partnerId],
    );
    if (rows[0]?.kind !== 'physical')
      throw new AppError('NOT_FOUND', 'No physical product of this partner with this id.');
    const seen = await client.query(
      'SELECT 1 FROM shop_stock_movements WHERE reason = $1 AND reference = $2 AND product_id = $3',
      ['rfid', input.reference, input.productId],
    );
    if (seen.rowCount !== 0) return { applied: false, quantity: null };
    return {
      applied: true,
      quantity: await this.move(client, input.productId, input.hubPlace, input.delta, 'rfid', input.reference, 'fact'),
    };
  }

  /** How many of a merchant's product each place holds (online, each hub). */
  async stockByPlace(partnerId: string, productId: string): Promise<{ place: string; quantity: number }[]> {
    const { rows } = await this.db.pool.query<{ place: string; quantity: number }>(
      'SELECT s.place, s.quantity FROM shop_stock s JOIN shop_products p ON p.id = s.product_id WHERE p.id = $1 AND p.partner_id = $2 ORDER BY s.place',
      [productId, partnerId],
    );
    return rows;
  }

  async stockFlags(
    partnerId: string,
  ): Promise<{ productId: string; place: string; quantity: number; reason: string }[]> {
    const { rows } = await this.db.pool.query<{ product_id: string; place: string; quantity: number; reason: string }>(
      'SELECT f.product_id, f.place, f.quantity, f.reason FROM shop_stock_flags f JOIN shop_products p ON p.id = f.product_id WHERE p.partner_id = $1 AND f.resolved_at IS NULL ORDER BY f.id LIMIT 200',
      [partnerId],
    );
    return rows.map((r) => ({ productId: r.product_id, place: r.place, quantity: r.quantity, reason: r.reason }));
  }

  /**
   * The month's listing fee (tariff product_listing, per active product), charged once per
   * partner and month through the wallet (one consume operation keyed by partner and month).
   * A partner without the credits is skipped and tried again on the next run.
   */
  async chargeListingFees(period: string, limit = 200): Promise<{ charged: number; unpaid: string[] }> {
    const { rows } = await this.db.pool.query<{ partner_id: string; n: number }>(
      `SELECT p.partner_id, count(*)::int AS n FROM shop_products p
       WHERE p.active AND NOT EXISTS (SELECT 1 FROM shop_listing_charges c WHERE c.partner_id = p.partner_id AND c.period = $1)
       GROUP BY p.partner_id ORDER BY p.partner_id LIMIT $2`,
      [period, limit],
    );
    let charged = 0;
    const unpaid: string[] = [];
    for (const row of rows) {
      try {
        const outcome = await this.ops.consume(
          {
            actor: { label: 'system:listing-fees' },
            scope: 'system',
            idempotencyKey: `listing:${period}:${row.partner_id}`,
          },
          { accountId: row.partner_id, tariffCode: 'product_listing', units: row.n },
        );
        await this.db.pool.query(
          'INSERT INTO shop_listing_charges (partner_id, period, products, operation_id) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING',
          [row.partner_id, period, row.n, outcome.result.operationId],
        );
        charged++;
      } catch (error) {
        if (
          !(error instanceof AppError) ||
          !['INSUFFICIENT_FUNDS', 'ACCOUNT_NOT_ACTIVE', 'IDEMPOTENCY_KEY_REUSED'].includes(error.code)
        )
          throw error;
        unpaid.push(row.partner_id);
      }
    }
    return { charged, unpaid };
  }

  /** Only someone whose order of this product was delivered may review it, once (an opinion of goods in hand). */
  async review(
    authorId: string,
    productId: string,
    input: { rating: number; comment?: string | undefined },
  ): Promise<{ id: string }> {
    await this.product(productId);
    if (!Number.isInteger(input.rating) || input.rating < 1 || input.rating > 5)
      throw new AppError('VALIDATION_FAILED', 'rating is 1 to 5');
    const bought = await this.db.pool.query(
      "SELECT 1 FROM shop_orders o JOIN shop_order_items i ON i.order_id = o.id WHERE o.buyer_id = $1 AND i.product_id = $2 AND o.status = 'delivered' LIMIT 1",
      [authorId, productId],
    );
    if (bought.rowCount === 0)
      throw new AppError('FORBIDDEN', 'Seuls les acheteurs dont la commande est livrée peuvent donner un avis.');
    const id = randomUUID();
    const inserted = await this.db.pool.query(
      'INSERT INTO shop_reviews (id, product_id, author_id, rating, comment) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (product_id, author_id) DO NOTHING',
      [id, productId, authorId, input.rating, (input.comment ?? '').slice(0, 2000)],
    );
    if (inserted.rowCount === 0) throw new AppError('CONFLICT', 'Vous avez déjà donné votre avis sur ce produit.');
    return { id };
  }
}
