/**
 * Wave webhook delivery: signs each attempt, sends each event more than once (Wave
 * documents duplicates) and retries a receiver that fails, with doubling backoff.
 *
 * Owns: the `Wave-Signature` header and the delivery log. Must never change an event's
 * id or body between copies or retries: receivers dedupe on the id and sign the raw body.
 */
import { createHmac } from 'node:crypto';
import { deliveryLogMax, outgoingInFlightMax, webhookAttemptsMax, webhookBackoffBaseMs } from '../limits.js';
import { Outgoing, postJson, pushBounded, type OutgoingStatus } from './http.js';
import type { WaveEvent } from './wave-session.js';

/**
 * The `Wave-Signature` header value: `t=<unix seconds>,v1=<hex HMAC-SHA256(secret, t + rawBody)>`,
 * the timestamp and body concatenated with no separator, as Wave documents.
 */
export function waveSignature(secret: string, timestampSeconds: number, rawBody: string): string {
  const t = String(Math.trunc(timestampSeconds));
  const v1 = createHmac('sha256', secret)
    .update(t + rawBody)
    .digest('hex');
  return `t=${t},v1=${v1}`;
}

export interface Delivery {
  readonly eventId: string;
  /** 0 for the first delivery of an event, 1… for the deliberate duplicates. */
  readonly copy: number;
  /** 1-based attempt within this copy; above 1 means a retry. */
  readonly attempt: number;
  /** The receiver's HTTP status, 'network-error', or 'dropped' when too many deliveries were in flight. */
  readonly status: OutgoingStatus | 'dropped';
  readonly at: string;
}

export interface WebhookSenderOptions {
  readonly signingSecret: string;
  readonly delayMs: number;
  readonly duplicateDeliveries: number;
  readonly now: () => number;
  readonly url: () => string | undefined;
}

export interface WebhookSender {
  send(event: WaveEvent): void;
  deliveries(): readonly Delivery[];
  close(): void;
}

export function createWebhookSender(options: WebhookSenderOptions): WebhookSender {
  const log: Delivery[] = [];
  const outgoing = new Outgoing();
  let inFlight = 0;

  const record = (eventId: string, copy: number, attempt: number, status: Delivery['status']): void => {
    pushBounded(log, { eventId, copy, attempt, status, at: new Date(options.now()).toISOString() }, deliveryLogMax);
  };

  const attempt = async (eventId: string, body: string, copy: number, attemptNumber: number): Promise<void> => {
    const url = options.url();
    if (url === undefined || outgoing.closed) {
      inFlight--;
      return;
    }
    const signature = waveSignature(options.signingSecret, Math.floor(options.now() / 1000), body);
    const status = await postJson(
      url,
      body,
      { 'wave-signature': signature, 'user-agent': 'ismail-wave-simulator' },
      outgoing.signal,
    );
    if (outgoing.closed) return;
    record(eventId, copy, attemptNumber, status);
    const delivered = typeof status === 'number' && status >= 200 && status < 300;
    if (delivered || attemptNumber >= webhookAttemptsMax) {
      inFlight--;
      return;
    }
    const backoffMs = webhookBackoffBaseMs * 2 ** (attemptNumber - 1);
    if (outgoing.after(backoffMs, () => void attempt(eventId, body, copy, attemptNumber + 1)) === undefined) inFlight--;
  };

  return {
    send: (event) => {
      if (options.url() === undefined) return;
      const body = JSON.stringify(event);
      for (let copy = 0; copy <= options.duplicateDeliveries; copy++) {
        if (inFlight >= outgoingInFlightMax) {
          record(event.id, copy, 0, 'dropped');
          continue;
        }
        inFlight++;
        // Copies are staggered by the delay so their order is predictable in tests.
        if (outgoing.after(options.delayMs * (copy + 1), () => void attempt(event.id, body, copy, 1)) === undefined)
          inFlight--;
      }
    },
    deliveries: () => log.slice(),
    close: () => outgoing.close(),
  };
}
