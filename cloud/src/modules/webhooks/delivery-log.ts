/**
 * A partner's view of one webhook's deliveries (issue 23): the log of its latest deliveries (attempts, the last
 * attempt's status code and time, the next retry) and a test event. The test event is queued as a delivery like any
 * device event and posted by the same worker, signed the same way: the receiver proves its signature check with it.
 * Both answer "not found" for a webhook that is not the caller's partner's, whoever's it is.
 *
 * Must never: show or log a webhook's secret; post anything itself (the worker alone posts).
 */
import { randomUUID } from 'node:crypto';
import { AppError } from '@ismail/shared';
import type { Database } from '../../platform/db/database.js';

export const testEventType = 'webhook.test';
/** Deliveries the log shows at most, newest first. */
export const deliveryLogMax = 50;

export interface DeliveryLogEntry {
  readonly id: string;
  readonly eventId: string;
  readonly eventType: string;
  readonly status: 'pending' | 'delivered' | 'failed';
  readonly attempts: number;
  readonly statusCode: number | null;
  /** A failure in our own words ("HTTP 500", "connection refused"), never the receiver's body. */
  readonly error: string | null;
  readonly createdAt: string;
  readonly lastAttemptAt: string | null;
  readonly deliveredAt: string | null;
  /** When the worker tries again (pending deliveries only). */
  readonly nextAttemptAt: string | null;
}

/** The partner's active webhook, or "not found" (another partner's, stopped or unknown alike). */
async function ownWebhook(db: Database, partnerId: string, webhookId: string): Promise<void> {
  const { rowCount } = await db.pool.query(
    'SELECT 1 FROM webhook_subscriptions WHERE id = $1 AND partner_id = $2 AND active',
    [webhookId, partnerId],
  );
  if (rowCount !== 1) throw new AppError('NOT_FOUND', 'No such webhook.');
}

/**
 * Queues a test event for the partner's webhook (one waiting at a time: a second while the first is pending is a
 * conflict, so a button held down does not flood the receiver).
 */
export async function queueTestEvent(
  db: Database,
  partnerId: string,
  webhookId: string,
  now: Date = new Date(),
): Promise<{ deliveryId: string; eventId: string }> {
  await ownWebhook(db, partnerId, webhookId);
  const eventId = `test:${randomUUID()}`;
  const payload = { id: eventId, type: testEventType, createdAt: now.toISOString(), data: { test: true } };
  const { rows } = await db.pool.query<{ id: string }>(
    `INSERT INTO webhook_deliveries (subscription_id, event_id, event_type, payload, status, next_attempt_at)
     SELECT $1, $2, $3, $4, 'pending', $5
     WHERE NOT EXISTS (SELECT 1 FROM webhook_deliveries WHERE subscription_id = $1 AND event_type = $3 AND status = 'pending')
     RETURNING id`,
    [webhookId, eventId, testEventType, JSON.stringify(payload), now],
  );
  const row = rows[0];
  if (row === undefined) throw new AppError('CONFLICT', 'A test event is already waiting to be sent.');
  return { deliveryId: row.id, eventId };
}

export async function deliveryLog(db: Database, partnerId: string, webhookId: string): Promise<DeliveryLogEntry[]> {
  await ownWebhook(db, partnerId, webhookId);
  const { rows } = await db.pool.query<{
    id: string;
    event_id: string;
    event_type: string;
    status: DeliveryLogEntry['status'];
    attempts: number;
    last_status_code: number | null;
    last_error: string | null;
    created_at: Date;
    last_attempt_at: Date | null;
    delivered_at: Date | null;
    next_attempt_at: Date;
  }>(
    `SELECT id, event_id, event_type, status, attempts, last_status_code, last_error, created_at, last_attempt_at,
            delivered_at, next_attempt_at
     FROM webhook_deliveries WHERE subscription_id = $1 ORDER BY id DESC LIMIT $2`,
    [webhookId, deliveryLogMax],
  );
  return rows.map((r) => ({
    id: String(r.id),
    eventId: r.event_id,
    eventType: r.event_type,
    status: r.status,
    attempts: r.attempts,
    statusCode: r.last_status_code,
    error: r.last_error,
    createdAt: r.created_at.toISOString(),
    lastAttemptAt: r.last_attempt_at?.toISOString() ?? null,
    deliveredAt: r.delivered_at?.toISOString() ?? null,
    nextAttemptAt: r.status === 'pending' ? r.next_attempt_at.toISOString() : null,
  }));
}
