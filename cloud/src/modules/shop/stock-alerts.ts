/**
 * The low-stock alert: when a place's stock falls to its threshold (from above it), one `shop.stock_low` audit
 * entry, which the notifications feed turns into the merchant's alert. Every path that lowers stock calls it
 * (a sale, an adjustment, a count typed in the product form), so none of them forgets to tell the merchant.
 */
import type pg from 'pg';
import { appendAudit } from '../../platform/audit/audit-log.js';

export async function alertIfLowStock(
  client: pg.PoolClient,
  change: { productId: string; place: string; before: number; after: number; threshold: number },
): Promise<void> {
  if (change.after >= change.before || change.after > change.threshold || change.before <= change.threshold) return;
  await appendAudit(client, {
    actor: { label: 'system:shop' },
    action: 'shop.stock_low',
    subject: { type: 'product', id: change.productId },
    place: 'cloud',
    detail: { place: change.place, quantity: change.after },
  });
}
