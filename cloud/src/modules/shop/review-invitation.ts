/**
 * The review invitation (issue 22, social): when an order becomes delivered, its buyer is notified, in the same
 * transaction (the notification service's outbox), with a link to the portal's review screen of that order. The
 * event key is the order: delivering twice invites once.
 */
import type pg from 'pg';
import type { NotificationService } from '../notifications/service.js';
import type { DeliveredHook } from './shop.js';

/** The portal's review screen of an order (renderer/src/portal/routes/shop.ts). */
export const reviewPath = (orderId: string): string => `/shop/orders/${orderId}/review`;

export function reviewInvitation(notifications: NotificationService, publicUrl: string): DeliveredHook {
  return async (client: pg.PoolClient, order) => {
    const { rows } = await client.query<{ first_name: string | null; display_name: string; label: string | null }>(
      `SELECT a.first_name, a.display_name,
         (SELECT i.label FROM shop_order_items i WHERE i.order_id = $2 ORDER BY i.position LIMIT 1) AS label
       FROM accounts a WHERE a.id = $1`,
      [order.buyerId, order.id],
    );
    const buyer = rows[0];
    if (buyer === undefined) return;
    await notifications.emit(
      {
        key: `shop-review-invitation:${order.id}`,
        type: 'shop.review_invitation',
        recipientId: order.buyerId,
        data: {
          firstName: (buyer.first_name ?? buyer.display_name).slice(0, 100) || 'client',
          productName: (buyer.label ?? 'votre commande').slice(0, 200),
          reviewUrl: `${publicUrl.replace(/\/$/, '')}${reviewPath(order.id)}`.slice(0, 500),
        },
      },
      client,
    );
  };
}
