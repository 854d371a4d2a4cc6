/**
 * What the in-app fan-out reads and writes (issue 29.3): an announcement carries ids only, so
 * the receiving process reads the notification itself, by id or, after its listener was
 * away, by recipient and time; and records "delivered" once, whichever process showed it first.
 */
import type pg from 'pg';
import { withTransaction } from '../../platform/db/transaction.js';

export interface InAppRow {
  readonly id: string;
  readonly recipient_id: string;
  readonly event_type: string;
  readonly title: string;
  readonly body: string;
  readonly created_at: Date;
  readonly delivery_id: string;
}

/** Ids or accounts per query. */
export const readBatch = 500;
/** Notifications re-read per catch-up query; the oldest first. */
export const catchUpLimit = 1_000;

const columns =
  'n.id, n.recipient_id, n.event_type, n.title, n.body, n.created_at, d.id AS delivery_id FROM notifications n ' +
  "JOIN notification_deliveries d ON d.notification_id = n.id AND d.channel = 'in_app' AND d.status <> 'skipped'";

export async function readInApp(pool: pg.Pool, ids: readonly string[]): Promise<InAppRow[]> {
  const { rows } = await pool.query<InAppRow>(`SELECT ${columns} WHERE n.id = ANY($1::uuid[]) ORDER BY n.created_at`, [
    ids.slice(0, readBatch),
  ]);
  return rows;
}

/** In-app notifications of these recipients created since each one's time (oldest first, bounded). */
export async function readInAppSince(
  pool: pg.Pool,
  windows: readonly { readonly accountId: string; readonly since: Date }[],
): Promise<InAppRow[]> {
  const batch = windows.slice(0, readBatch);
  const { rows } = await pool.query<InAppRow>(
    `SELECT ${columns}
     JOIN unnest($1::uuid[], $2::timestamptz[]) AS w(account_id, since) ON n.recipient_id = w.account_id AND n.created_at >= w.since
     ORDER BY n.created_at LIMIT ${String(catchUpLimit)}`,
    [batch.map((w) => w.accountId), batch.map((w) => w.since)],
  );
  return rows;
}

/** Shown on a screen: "delivered" once, never over "read" (another process or the user may have been first). */
export async function markDelivered(pool: pg.Pool, deliveryId: string, screens: number): Promise<void> {
  const detail = `shown on ${String(screens)} screen(s)`;
  await withTransaction(pool, async (client) => {
    const moved = await client.query(
      "UPDATE notification_deliveries SET status = 'delivered', reason = $2, updated_at = now() WHERE id = $1 AND status = 'sent'",
      [deliveryId, detail],
    );
    if (moved.rowCount === 0) return;
    await client.query(
      "INSERT INTO notification_delivery_events (delivery_id, status, detail) VALUES ($1, 'delivered', $2)",
      [deliveryId, detail],
    );
  });
}
