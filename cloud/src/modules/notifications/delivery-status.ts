/**
 * A delivery's status change, written with its history line in one transaction: the delivery row says where it is
 * now, notification_delivery_events every step it took (attempts, provider receipts, reads).
 */
import type pg from 'pg';
import { withTransaction } from '../../platform/db/transaction.js';

/** What a status change may also record: the provider that took the message, its id there, SMS parts, an attempt. */
export interface DeliveryStatusExtra {
  provider?: string;
  providerMessageId?: string | null;
  smsParts?: number;
  attempt?: boolean;
}

/** Details are cut to 300 characters (a provider's error can be long). */
export async function recordDeliveryStatus(
  pool: pg.Pool,
  deliveryId: string,
  status: string,
  detail: string | null,
  extra: DeliveryStatusExtra,
): Promise<void> {
  await withTransaction(pool, async (client) => {
    await client.query(
      `UPDATE notification_deliveries SET status = $2, reason = $3, updated_at = now(),
         provider = coalesce($4, provider), provider_message_id = coalesce($5, provider_message_id), sms_parts = coalesce($6, sms_parts),
         attempts = attempts + $7 WHERE id = $1`,
      [
        deliveryId,
        status,
        detail?.slice(0, 300) ?? null,
        extra.provider ?? null,
        extra.providerMessageId ?? null,
        extra.smsParts ?? null,
        extra.attempt === true ? 1 : 0,
      ],
    );
    await client.query('INSERT INTO notification_delivery_events (delivery_id, status, detail) VALUES ($1, $2, $3)', [
      deliveryId,
      status,
      detail?.slice(0, 300) ?? null,
    ]);
  });
}
