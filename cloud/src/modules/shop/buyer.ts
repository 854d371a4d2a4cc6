/**
 * What a buyer reads in the portal: a product's page (price, online stock, reviews), the orders they placed (newest
 * first, keyset pages) and which lines of a delivered order they may still review. Read-only: every money and stock
 * write stays in ShopService.
 */
import type pg from 'pg';
import { AppError } from '@ismail/shared';
import { onlinePlace } from './shop.js';

/** Reviews shown on a product page: the newest ones, a phone screen's worth. */
export const productReviewsShown = 20;
export const orderPageMax = 50;

export interface ProductPage {
  readonly stock: number;
  readonly rating: { readonly average: number | null; readonly count: number };
  readonly reviews: readonly { rating: number; comment: string; at: string; author: string }[];
}

/** Online stock, the average rating and the newest reviews (author shown by first name only). */
export async function productPage(pool: pg.Pool, productId: string): Promise<ProductPage> {
  const [stock, summary, reviews] = await Promise.all([
    pool.query<{ quantity: number }>('SELECT quantity FROM shop_stock WHERE product_id = $1 AND place = $2', [
      productId,
      onlinePlace,
    ]),
    pool.query<{ average: string | null; count: number }>(
      'SELECT avg(rating)::numeric(3,1)::text AS average, count(*)::int AS count FROM shop_reviews WHERE product_id = $1',
      [productId],
    ),
    pool.query<{ rating: number; comment: string; created_at: Date; author: string }>(
      `SELECT r.rating, r.comment, r.created_at, coalesce(a.first_name, split_part(a.display_name, ' ', 1)) AS author
       FROM shop_reviews r JOIN accounts a ON a.id = r.author_id
       WHERE r.product_id = $1 ORDER BY r.created_at DESC, r.id LIMIT $2`,
      [productId, productReviewsShown],
    ),
  ]);
  const s = summary.rows[0];
  return {
    stock: Math.max(0, stock.rows[0]?.quantity ?? 0),
    rating: { average: s?.average == null ? null : Number(s.average), count: s?.count ?? 0 },
    reviews: reviews.rows.map((r) => ({
      rating: r.rating,
      comment: r.comment,
      at: r.created_at.toISOString(),
      author: r.author,
    })),
  };
}

export interface OrderSummary {
  readonly id: string;
  readonly partnerName: string;
  readonly status: string;
  readonly totalXof: number;
  readonly placedAt: string;
  readonly updatedAt: string;
  readonly firstLabel: string;
  readonly lines: number;
}

/** The buyer's orders, newest first; `before` is the last seen order's placedAt and id. */
export async function buyerOrders(
  pool: pg.Pool,
  buyerId: string,
  page: { before?: { placedAt: string; id: string } | undefined; limit?: number | undefined },
): Promise<{ orders: OrderSummary[]; next: { placedAt: string; id: string } | null }> {
  const limit = Math.min(page.limit ?? 20, orderPageMax);
  const { rows } = await pool.query<{
    id: string;
    partner_name: string;
    status: string;
    total_xof: number;
    created_at: Date;
    updated_at: Date;
    first_label: string | null;
    lines: number;
  }>(
    `SELECT o.id, a.display_name AS partner_name, o.status, o.total_xof, o.created_at, o.updated_at,
       (SELECT i.label FROM shop_order_items i WHERE i.order_id = o.id ORDER BY i.position LIMIT 1) AS first_label,
       (SELECT count(*)::int FROM shop_order_items i WHERE i.order_id = o.id) AS lines
     FROM shop_orders o JOIN accounts a ON a.id = o.partner_id
     WHERE o.buyer_id = $1 AND ($2::timestamptz IS NULL OR (o.created_at, o.id) < ($2, $3::uuid))
     ORDER BY o.created_at DESC, o.id DESC LIMIT $4`,
    [buyerId, page.before?.placedAt ?? null, page.before?.id ?? null, limit + 1],
  );
  const orders = rows.slice(0, limit).map((r) => ({
    id: r.id,
    partnerName: r.partner_name,
    status: r.status,
    totalXof: r.total_xof,
    placedAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
    firstLabel: r.first_label ?? '',
    lines: r.lines,
  }));
  const last = orders.at(-1);
  return { orders, next: rows.length > limit && last !== undefined ? { placedAt: last.placedAt, id: last.id } : null };
}

/**
 * The lines of the buyer's order with whether each product is already reviewed; only a delivered order invites
 * reviews (the cloud refuses the rest when the review is sent).
 */
export async function orderReviewStatus(
  pool: pg.Pool,
  buyerId: string,
  orderId: string,
): Promise<{ delivered: boolean; items: { productId: string; label: string; reviewed: boolean }[] }> {
  const order = await pool.query<{ status: string }>('SELECT status FROM shop_orders WHERE id = $1 AND buyer_id = $2', [
    orderId,
    buyerId,
  ]);
  const status = order.rows[0]?.status;
  if (status === undefined) throw new AppError('NOT_FOUND', 'No such order.');
  const { rows } = await pool.query<{ product_id: string; label: string; reviewed: boolean }>(
    `SELECT DISTINCT ON (i.product_id) i.product_id, i.label,
       EXISTS (SELECT 1 FROM shop_reviews r WHERE r.product_id = i.product_id AND r.author_id = $2) AS reviewed
     FROM shop_order_items i WHERE i.order_id = $1 ORDER BY i.product_id, i.position`,
    [orderId, buyerId],
  );
  return {
    delivered: status === 'delivered',
    items: rows.map((r) => ({ productId: r.product_id, label: r.label, reviewed: r.reviewed })),
  };
}
