/**
 * Webhooks for partners' device events (SPEC 3.10). A partner subscribes a URL to some of
 * `webhookEvents`; when such an event reaches the cloud (from a hub's sync), one delivery per
 * subscription is queued in the same transaction (`enqueue`), so an event is never lost nor
 * queued twice. The worker posts each delivery as JSON, signed like Stripe's: the header
 * `X-Ismail-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>`, so the
 * receiver checks origin and freshness; a 2xx is delivered, anything else is retried with
 * exponential backoff (up to an hour apart) and given up after `attemptsMax`, visible in the
 * delivery list, which shows the status code or our own words, never the receiver's body.
 * Deliveries are a queue with claims: a sender takes due rows with `FOR UPDATE SKIP LOCKED`
 * and pushes their next attempt past a lease, so several cloud processes (or a manual run
 * beside the scheduled one) each send a different delivery; a sender that dies mid-send
 * leaves its rows to be sent again when the lease lapses (receivers dedupe on the delivery
 * id header, as they must for any retry).
 * URLs must be public HTTPS: the host is resolved and every address checked when subscribed
 * and again at each send, and the post goes to the checked address (outbound.ts: no SSRF into
 * our network, DNS rebinding included), unless the operator allows that exact address:port.
 */
import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import type pg from 'pg';
import { AppError } from '@ismail/shared';
import { open, seal, type MasterKey } from '../../platform/crypto/sealed.js';
import type { Database } from '../../platform/db/database.js';
import type { PeriodicJob } from '../../platform/jobs/scheduler.js';
import { checkDestination, ourWords, OutboundRefused, postPinned, type Resolver } from './outbound.js';

export const webhookEvents = ['device.alarm', 'device.rfid_scan', 'device.state'] as const;
export type WebhookEvent = (typeof webhookEvents)[number];
export const attemptsMax = 10;
/** Deliveries posted per run at most; taken `claimBatch` at a time. */
const batchMax = 50;
const claimBatch = 10;
const timeoutMs = 5_000;
/** A claimed delivery is not taken again before this: more than a batch of posts takes (sequential, each bounded). */
const claimLeaseMs = claimBatch * timeoutMs * 2;

export function signature(secret: string, body: string, atS: number): string {
  return `t=${String(atS)},v1=${createHmac('sha256', secret)
    .update(`${String(atS)}.${body}`)
    .digest('hex')}`;
}

export class Webhooks {
  constructor(
    private readonly db: Database,
    private readonly masterKey: MasterKey,
    /**
     * `allowPrivateHosts`: the operator's `address:port` exceptions (ISMAIL_WEBHOOKS_ALLOW_PRIVATE_HOSTS), none by
     * default;
     * `resolve`: DNS (tests stand their own).
     */
    private readonly options: { allowPrivateHosts?: readonly string[]; resolve?: Resolver; now?: () => Date } = {},
  ) {}

  private policy(): { allowPrivateHosts: readonly string[]; resolve?: Resolver } {
    return {
      allowPrivateHosts: this.options.allowPrivateHosts ?? [],
      ...(this.options.resolve === undefined ? {} : { resolve: this.options.resolve }),
    };
  }

  private now(): Date {
    return this.options.now?.() ?? new Date();
  }

  async subscribe(
    partnerId: string,
    input: { url: string; events: readonly WebhookEvent[] },
  ): Promise<{ id: string; secret: string }> {
    let url: URL;
    try {
      ({ url } = await checkDestination(input.url, this.policy()));
    } catch (error) {
      if (error instanceof OutboundRefused)
        throw new AppError('WEBHOOK_URL_REFUSED', `A webhook URL must be public HTTPS: ${error.message}.`);
      throw error;
    }
    const id = randomUUID();
    const secret = `whsec_${randomBytes(32).toString('base64url')}`;
    await this.db.pool.query(
      'INSERT INTO webhook_subscriptions (id, partner_id, url, events, secret_sealed) VALUES ($1, $2, $3, $4, $5)',
      [
        id,
        partnerId,
        url.toString(),
        [...new Set(input.events)],
        seal(this.masterKey, `webhook:${id}`, Buffer.from(secret)),
      ],
    );
    return { id, secret };
  }

  /** The partner's webhooks; `lastError` is the latest attempt's failure, a status code or our own words. */
  async list(partnerId: string): Promise<
    {
      id: string;
      url: string;
      events: string[];
      active: boolean;
      pending: number;
      failed: number;
      lastError: string | null;
    }[]
  > {
    const { rows } = await this.db.pool.query<{
      id: string;
      url: string;
      events: string[];
      active: boolean;
      pending: string;
      failed: string;
      last_error: string | null;
    }>(
      `SELECT s.id, s.url, s.events, s.active,
              (SELECT count(*) FROM webhook_deliveries d WHERE d.subscription_id = s.id AND d.status = 'pending') AS pending,
              (SELECT count(*) FROM webhook_deliveries d WHERE d.subscription_id = s.id AND d.status = 'failed') AS failed,
              (SELECT d.last_error FROM webhook_deliveries d WHERE d.subscription_id = s.id AND d.attempts > 0 ORDER BY d.id DESC LIMIT 1) AS last_error
       FROM webhook_subscriptions s WHERE s.partner_id = $1 ORDER BY s.created_at DESC LIMIT 50`,
      [partnerId],
    );
    return rows.map((r) => ({
      id: r.id,
      url: r.url,
      events: r.events,
      active: r.active,
      pending: Number(r.pending),
      failed: Number(r.failed),
      lastError: r.last_error,
    }));
  }

  async unsubscribe(partnerId: string, id: string): Promise<void> {
    const { rowCount } = await this.db.pool.query(
      'UPDATE webhook_subscriptions SET active = false WHERE id = $1 AND partner_id = $2',
      [id, partnerId],
    );
    if (rowCount !== 1) throw new AppError('NOT_FOUND', 'No such webhook.');
  }

  /**
   * Queues the event for each of the partner's subscriptions to it, inside the caller's transaction (once per event
   * id).
   */
  async enqueue(
    client: pg.PoolClient,
    partnerId: string,
    event: { id: string; type: WebhookEvent; data: Record<string, unknown> },
  ): Promise<number> {
    // Due on the clock that claims it: the database's microsecond now() could be "later" than this millisecond
    // clock, and a delivery queued and sent within one millisecond would wait a turn.
    const queuedAt = this.now();
    const { rowCount } = await client.query(
      `INSERT INTO webhook_deliveries (subscription_id, event_id, event_type, payload, status, next_attempt_at)
       SELECT id, $2, $3, $4, 'pending', $5 FROM webhook_subscriptions
       WHERE partner_id = $1 AND active AND $3 = ANY (events)
       ON CONFLICT (subscription_id, event_id) DO NOTHING`,
      [
        partnerId,
        event.id,
        event.type,
        JSON.stringify({ id: event.id, type: event.type, createdAt: queuedAt.toISOString(), data: event.data }),
        queuedAt,
      ],
    );
    return rowCount ?? 0;
  }

  /** Claims due deliveries: their next attempt moves past the lease, so no other sender takes them meanwhile. */
  private async claim(limit: number): Promise<Claimed[]> {
    const nowAt = this.now();
    const { rows } = await this.db.pool.query<Claimed>(
      `UPDATE webhook_deliveries d SET next_attempt_at = $2
       FROM webhook_subscriptions s
       WHERE s.id = d.subscription_id AND d.id IN (
         SELECT q.id FROM webhook_deliveries q JOIN webhook_subscriptions qs ON qs.id = q.subscription_id
         WHERE q.status = 'pending' AND q.next_attempt_at <= $1 AND qs.active ORDER BY q.id LIMIT $3 FOR UPDATE OF q SKIP LOCKED)
       RETURNING d.id, d.subscription_id, s.url, s.secret_sealed, d.payload, d.event_type, d.attempts`,
      [nowAt, new Date(nowAt.getTime() + claimLeaseMs), limit],
    );
    return rows.sort((a, b) => Number(a.id) - Number(b.id));
  }

  /** Posts what is due (up to `batchMax`); each delivery's outcome is recorded whatever happens to the others. */
  async tick(): Promise<{ delivered: number; retried: number; failed: number }> {
    const outcome = { delivered: 0, retried: 0, failed: 0 };
    for (let taken = 0; taken < batchMax;) {
      const rows = await this.claim(Math.min(claimBatch, batchMax - taken));
      if (rows.length === 0) break;
      taken += rows.length;
      await this.post(rows, outcome);
    }
    return outcome;
  }

  private async post(
    rows: readonly Claimed[],
    outcome: { delivered: number; retried: number; failed: number },
  ): Promise<void> {
    for (const row of rows) {
      const body = JSON.stringify(row.payload);
      const secret = open(this.masterKey, `webhook:${row.subscription_id}`, row.secret_sealed).toString();
      let error: string | null = null;
      let statusCode: number | null = null;
      const attemptAt = this.now();
      try {
        // Checked again now (the name may point elsewhere since it was subscribed), then posted to that very address.
        const destination = await checkDestination(row.url, this.policy());
        const headers = {
          'content-type': 'application/json',
          'x-ismail-event': row.event_type,
          'x-ismail-delivery': row.id,
          'x-ismail-signature': signature(secret, body, Math.floor(this.now().getTime() / 1000)),
        };
        const status = await postPinned(destination, headers, body, timeoutMs);
        statusCode = status >= 100 && status <= 599 ? status : null;
        // A redirect is not followed (it could point anywhere): it counts as a failure like any non-2xx.
        if (status < 200 || status >= 300) error = `HTTP ${String(status)}`;
      } catch (e) {
        error = ourWords(e);
      }
      if (error === null) {
        await this.db.pool.query(
          `UPDATE webhook_deliveries SET status = 'delivered', attempts = attempts + 1, delivered_at = $2, last_error = NULL,
             last_status_code = $3, last_attempt_at = $4 WHERE id = $1`,
          [row.id, this.now(), statusCode, attemptAt],
        );
        outcome.delivered++;
        continue;
      }
      const attempts = row.attempts + 1;
      const giveUp = attempts >= attemptsMax;
      const delayS = Math.min(3600, 2 ** attempts * 5);
      await this.db.pool.query(
        `UPDATE webhook_deliveries SET status = $2, attempts = $3, next_attempt_at = $4, last_error = $5,
           last_status_code = $6, last_attempt_at = $7 WHERE id = $1`,
        [
          row.id,
          giveUp ? 'failed' : 'pending',
          attempts,
          new Date(this.now().getTime() + delayS * 1000),
          error,
          statusCode,
          attemptAt,
        ],
      );
      if (giveUp) outcome.failed++;
      else outcome.retried++;
    }
  }
}

interface Claimed {
  id: string;
  subscription_id: string;
  url: string;
  secret_sealed: string;
  payload: unknown;
  event_type: string;
  attempts: number;
}

/** Sent from every process: the claims keep them from sending a delivery twice. */
export function webhookJobs(webhooks: Webhooks, everyMs: number): PeriodicJob[] {
  return [
    {
      name: 'webhooks.deliver',
      everyMs,
      timeoutMs: batchMax * timeoutMs + claimLeaseMs,
      scope: 'process',
      run: () => webhooks.tick(),
    },
  ];
}
