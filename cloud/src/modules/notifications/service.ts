/**
 * The notification service (SPEC 3.11). Business code emits an event (type, recipient,
 * data, idempotency key); the service decides the channels (the event's defaults, narrowed
 * by the user's preferences; marketing only with consent), renders the recipient's language,
 * records one delivery per channel and queues the sends in pg-boss, in the same transaction
 * as the emitter's change when it passes its client (an outbox: nothing is sent for a change
 * that rolled back, nothing is lost for one that committed).
 *
 * At most once per channel: the notification is unique per (event key, recipient), the
 * delivery per (notification, channel), and the queue job's id is the delivery id. A worker
 * sends only a delivery still queued; retries back off; the final status is recorded, and
 * every status change is appended to the delivery's history.
 */
import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import type pg from 'pg';
import type PgBoss from 'pg-boss';
import { Value } from '@sinclair/typebox/value';
import {
  AppError,
  notificationEventPolicies,
  notificationEventSchemas,
  renderNotification,
  type NotificationChannel,
  type NotificationEventData,
  type NotificationEventType,
  type NotificationLanguage,
} from '@ismail/shared';
import type { Database } from '../../platform/db/database.js';
import { withTransaction } from '../../platform/db/transaction.js';
import { GoneDestinationError, PermanentDeliveryError, replyToOf, type DeliveryChannel } from './channel.js';
import { recordDeliveryStatus, type DeliveryStatusExtra } from './delivery-status.js';
import { InAppHub } from './in-app-hub.js';
import { forgetPushSubscription } from './push.js';
import { JobQueues } from '../../platform/jobs/queues.js';

export type QueuedChannel = Exclude<NotificationChannel, 'in_app'>;
const queuedChannels: readonly QueuedChannel[] = ['email', 'sms', 'push'];
const queueName = (channel: QueuedChannel): string => `notify-${channel}`;

export interface NotificationEvent<T extends NotificationEventType = NotificationEventType> {
  /** Same key, same recipient: the same notification (an event emitted twice sends once). */
  readonly key: string;
  readonly type: T;
  readonly recipientId: string;
  readonly data: NotificationEventData<T>;
}

export interface DeliveryOutcome {
  readonly channel: NotificationChannel;
  readonly status: string;
  readonly reason: string | null;
}

export interface EmitResult {
  readonly notificationId: string;
  readonly duplicate: boolean;
  readonly deliveries: readonly DeliveryOutcome[];
}

export interface NotificationOptions {
  readonly channels: Partial<Record<QueuedChannel, DeliveryChannel>>;
  /** Base of links in messages (unsubscribe). */
  readonly publicUrl: string;
  /** Signs unsubscribe links and receipt URLs. */
  readonly linkKey: Buffer;
  /** The secret path segment of receipt URLs given to SMS providers; derived from linkKey when unset. */
  readonly receiptToken?: string | undefined;
  readonly retryLimit?: number;
  readonly retryDelaySeconds?: number;
  readonly pollingIntervalSeconds?: number;
  /** Concurrent sends per channel. */
  readonly workersPerChannel?: number;
  readonly onError?: (error: unknown) => void;
  /** The app's one pg-boss (platform/jobs); without it the service runs its own. */
  readonly queues?: JobQueues;
}

interface DeliveryRow {
  id: string;
  channel: QueuedChannel;
  status: string;
  destination: string | null;
  event_type: NotificationEventType;
  language: NotificationLanguage;
  data: unknown;
  recipient_id: string;
  category: string;
}

export class NotificationService {
  readonly inApp: InAppHub;
  private readonly queues: JobQueues;
  private readonly boss: PgBoss;
  private started = false;

  constructor(
    private readonly db: Database,
    private readonly options: NotificationOptions,
  ) {
    // The platform's queues when the app has them; a service on its own (tests) makes its own.
    this.queues = options.queues ?? new JobQueues(db.pool, (error) => options.onError?.(error));
    this.boss = this.queues.boss;
    this.inApp = new InAppHub(db, (error) => options.onError?.(error));
  }

  async start(): Promise<void> {
    if (this.started) return;
    await this.queues.start();
    for (const channel of queuedChannels) {
      const name = queueName(channel);
      await this.queues.ensureQueue(name, {
        name,
        retryLimit: this.options.retryLimit ?? 5,
        retryDelay: this.options.retryDelaySeconds ?? 5,
        retryBackoff: true,
        expireInSeconds: 120,
      });
      if (this.options.channels[channel] === undefined) continue;
      for (let i = 0; i < (this.options.workersPerChannel ?? 2); i++) {
        await this.queues.work<{ deliveryId: string }>(
          name,
          { pollingIntervalSeconds: this.options.pollingIntervalSeconds ?? 1, includeMetadata: true },
          async (jobs) => {
            for (const job of jobs) await this.deliver(channel, job.data.deliveryId, job.retryCount, job.retryLimit);
          },
        );
      }
    }
    this.started = true;
  }

  /** Finishes the sends in progress, then stops taking jobs; queued ones wait for the next start. */
  async stop(): Promise<void> {
    // The live screens' listener runs whether or not the queues were started.
    await this.inApp.close();
    if (!this.started) return;
    this.started = false;
    // Only this service's workers: the queues are shared, and stopped by their owner.
    for (const channel of queuedChannels) await this.boss.offWork(queueName(channel));
    if (this.options.queues === undefined) await this.queues.stop();
    for (const channel of Object.values(this.options.channels)) await channel.close?.();
  }

  unsubscribeToken(accountId: string): string {
    return createHmac('sha256', this.options.linkKey).update(`unsubscribe:${accountId}`).digest('base64url');
  }

  verifyUnsubscribeToken(accountId: string, token: string): boolean {
    const expected = Buffer.from(this.unsubscribeToken(accountId));
    const given = Buffer.from(token);
    return given.length === expected.length && timingSafeEqual(given, expected);
  }

  receiptToken(provider: string): string {
    if (this.options.receiptToken !== undefined) return this.options.receiptToken;
    return createHmac('sha256', this.options.linkKey).update(`receipts:${provider}`).digest('base64url').slice(0, 32);
  }

  async emit<T extends NotificationEventType>(
    event: NotificationEvent<T>,
    client?: pg.PoolClient,
  ): Promise<EmitResult> {
    if (!Value.Check(notificationEventSchemas[event.type], event.data))
      throw new AppError('VALIDATION_FAILED', `data of ${event.type} does not match its schema`);
    if (event.key.length < 1 || event.key.length > 200)
      throw new AppError('VALIDATION_FAILED', 'an event key is 1 to 200 characters');
    const result =
      client === undefined
        ? await withTransaction(this.db.pool, (c) => this.record(c, event))
        : await this.record(client, event);
    // In-app: on a server the emitting transaction announced it (record); on the embedded database, pushed here.
    if (!result.duplicate && result.deliveries.some((d) => d.channel === 'in_app'))
      this.inApp.pushCommitted(result.notificationId);
    return result;
  }

  private async record<T extends NotificationEventType>(
    client: pg.PoolClient,
    event: NotificationEvent<T>,
  ): Promise<EmitResult> {
    const { rows: recipients } = await client.query<{
      email: string;
      phone_e164: string | null;
      language: NotificationLanguage;
    }>('SELECT email, phone_e164, language FROM accounts WHERE id = $1', [event.recipientId]);
    const recipient = recipients[0];
    if (recipient === undefined) throw new AppError('NOT_FOUND', 'No such recipient.');
    const policy = notificationEventPolicies[event.type];
    const unsubscribeUrl =
      policy.category === 'marketing'
        ? `${this.options.publicUrl}/v1/notifications/unsubscribe?account=${event.recipientId}&token=${this.unsubscribeToken(event.recipientId)}`
        : undefined;
    const rendered = renderNotification(event.type, recipient.language, event.data, { unsubscribeUrl });
    const notificationId = randomUUID();
    const inserted = await client.query(
      `INSERT INTO notifications (id, event_key, event_type, category, recipient_id, language, data, title, body)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (event_key, recipient_id) DO NOTHING RETURNING id`,
      [
        notificationId,
        event.key,
        event.type,
        policy.category,
        event.recipientId,
        recipient.language,
        JSON.stringify(event.data),
        rendered.title,
        rendered.body,
      ],
    );
    if (inserted.rowCount === 0) {
      const existing = await client.query<{
        id: string;
        channel: NotificationChannel;
        status: string;
        reason: string | null;
      }>(
        'SELECT n.id, d.channel, d.status, d.reason FROM notifications n JOIN notification_deliveries d ON d.notification_id = n.id WHERE n.event_key = $1 AND n.recipient_id = $2',
        [event.key, event.recipientId],
      );
      return {
        notificationId: existing.rows[0]?.id ?? '',
        duplicate: true,
        deliveries: existing.rows.map((r) => ({ channel: r.channel, status: r.status, reason: r.reason })),
      };
    }
    const prefs = await client.query<{ channel: NotificationChannel; enabled: boolean }>(
      'SELECT channel, enabled FROM notification_preferences WHERE account_id = $1 AND event_type = $2',
      [event.recipientId, event.type],
    );
    const turnedOff = new Set(prefs.rows.filter((p) => !p.enabled).map((p) => p.channel));
    const consent =
      policy.category === 'marketing'
        ? await client.query<{ granted: boolean }>(
            'SELECT granted FROM marketing_consents WHERE account_id = $1 ORDER BY id DESC LIMIT 1',
            [event.recipientId],
          )
        : null;
    const consented = consent === null || consent.rows[0]?.granted === true;
    const push = policy.channels.includes('push')
      ? await client.query<{ endpoint: string; p256dh: string; auth: string }>(
          'SELECT endpoint, p256dh, auth FROM push_subscriptions WHERE account_id = $1 ORDER BY created_at DESC LIMIT 1',
          [event.recipientId],
        )
      : null;

    const deliveries: DeliveryOutcome[] = [];
    for (const channel of policy.channels) {
      let destination: string | null = null;
      let skip: string | null = null;
      if (!consented) skip = 'no marketing consent';
      else if (turnedOff.has(channel)) skip = 'turned off by the user';
      else if (channel === 'email') destination = recipient.email;
      else if (channel === 'sms') destination = recipient.phone_e164 ?? (skip = 'no phone number');
      else if (channel === 'push') {
        const subscription = push?.rows[0];
        destination =
          subscription === undefined
            ? (skip = 'no push subscription')
            : JSON.stringify({
                endpoint: subscription.endpoint,
                keys: { p256dh: subscription.p256dh, auth: subscription.auth },
              });
      }
      if (skip === null && channel !== 'in_app' && this.options.channels[channel] === undefined)
        skip = 'channel not configured';
      const status = skip !== null ? 'skipped' : channel === 'in_app' ? 'sent' : 'queued';
      const deliveryId = randomUUID();
      await client.query(
        'INSERT INTO notification_deliveries (id, notification_id, channel, status, reason, destination) VALUES ($1, $2, $3, $4, $5, $6)',
        [deliveryId, notificationId, channel, status, skip, skip === null ? destination : null],
      );
      await client.query('INSERT INTO notification_delivery_events (delivery_id, status, detail) VALUES ($1, $2, $3)', [
        deliveryId,
        status,
        skip,
      ]);
      if (status === 'queued' && channel !== 'in_app') {
        // Same transaction: the job exists exactly when the delivery does.
        await this.boss.send(
          queueName(channel),
          { deliveryId },
          { id: deliveryId, db: { executeSql: (text: string, values?: unknown[]) => client.query(text, values) } },
        );
      }
      // Announced to every process at commit; a rollback announces nothing.
      if (status === 'sent' && channel === 'in_app')
        await this.inApp.announce(client, event.recipientId, notificationId);
      deliveries.push({ channel, status, reason: skip });
    }
    return { notificationId, duplicate: false, deliveries };
  }

  /** Records a delivery's new status and appends it to the delivery's history. */
  private async setStatus(
    deliveryId: string,
    status: string,
    detail: string | null,
    extra: DeliveryStatusExtra = {},
  ): Promise<void> {
    await recordDeliveryStatus(this.db.pool, deliveryId, status, detail, extra);
  }

  private async deliver(
    channelName: QueuedChannel,
    deliveryId: string,
    retryCount: number,
    retryLimit: number,
  ): Promise<void> {
    const channel = this.options.channels[channelName];
    if (channel === undefined) throw new Error(`channel ${channelName} is not configured`);
    const { rows } = await this.db.pool.query<DeliveryRow>(
      `SELECT d.id, d.channel, d.status, d.destination, n.event_type, n.language, n.data, n.recipient_id, n.category
       FROM notification_deliveries d JOIN notifications n ON n.id = d.notification_id WHERE d.id = $1`,
      [deliveryId],
    );
    const delivery = rows[0];
    // Sent already (or skipped): a second run of the job sends nothing.
    if (
      delivery === undefined ||
      (delivery.status !== 'queued' && delivery.status !== 'sending') ||
      delivery.destination === null
    )
      return;
    await this.setStatus(deliveryId, 'sending', `attempt ${String(retryCount + 1)}`, { attempt: true });
    const unsubscribeUrl =
      delivery.category === 'marketing'
        ? `${this.options.publicUrl}/v1/notifications/unsubscribe?account=${delivery.recipient_id}&token=${this.unsubscribeToken(delivery.recipient_id)}`
        : undefined;
    const rendered = renderNotification(
      delivery.event_type,
      delivery.language,
      delivery.data as NotificationEventData<typeof delivery.event_type>,
      { unsubscribeUrl },
    );
    try {
      const sent = await channel.send({ deliveryId, to: delivery.destination, rendered, ...replyToOf(delivery.data) });
      await this.setStatus(deliveryId, sent.status, null, {
        provider: sent.provider,
        providerMessageId: sent.providerMessageId,
        ...(sent.smsParts === undefined ? {} : { smsParts: sent.smsParts }),
      });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (error instanceof PermanentDeliveryError || retryCount >= retryLimit) {
        await this.setStatus(deliveryId, 'failed', message);
        // A push subscription its service says is gone: forgotten, the browser subscribes anew.
        if (error instanceof GoneDestinationError) await forgetPushSubscription(this.db.pool, delivery.destination);
        return; // final: recorded, not retried
      }
      await this.setStatus(deliveryId, 'queued', `will retry: ${message}`);
      throw error; // pg-boss retries with backoff
    }
  }

  /** A provider's delivery receipt: delivered or failed, matched by its message id. */
  async onReceipt(
    provider: string,
    providerMessageId: string,
    outcome: 'delivered' | 'failed',
    detail: string,
  ): Promise<boolean> {
    const { rows } = await this.db.pool.query<{ id: string; status: string }>(
      'SELECT id, status FROM notification_deliveries WHERE provider = $1 AND provider_message_id = $2',
      [provider, providerMessageId],
    );
    const delivery = rows[0];
    if (delivery === undefined) return false;
    // Read and clicked come after delivered; a late receipt never moves a delivery back.
    if (delivery.status === 'read' || delivery.status === 'clicked' || delivery.status === outcome) return true;
    await this.setStatus(delivery.id, outcome, detail);
    return true;
  }
}
