/**
 * Limits of the simulated payment providers. Each has a reason; raise one deliberately.
 * (The printer simulator keeps its own limits beside its code.)
 */

/** Request bodies: a checkout or request-to-pay body is well under 2 KiB; 64 KiB means
 * a runaway client, not a payment. */
export const paymentBodyMaxBytes = 64 * 1024;

/** Sessions, requests-to-pay, tokens and idempotency keys kept in memory; the oldest
 * is dropped first. A day of a busy demo is a few hundred. */
export const paymentRecordsMax = 10_000;

/** Webhook and callback attempts kept for `deliveries()` / `callbacks()`. */
export const deliveryLogMax = 10_000;

/** Outgoing webhook and callback chains waiting or in flight at once; beyond this a new
 * one is dropped (and logged as such) rather than queued without end. */
export const outgoingInFlightMax = 1000;

/** One webhook or callback attempt; a receiver slower than this counts as failed. */
export const outgoingTimeoutMs = 5000;

/** Wave retries an undelivered event; five attempts with doubling backoff
 * (100, 200, 400, 800 ms) keep tests fast while showing the behaviour. */
export const webhookAttemptsMax = 5;
export const webhookBackoffBaseMs = 100;

/** URLs, references and ids that clients send are echoed back; bound them. */
export const urlMaxChars = 2048;
export const clientReferenceMaxChars = 255;
export const idempotencyKeyMaxChars = 255;
export const momoTextMaxChars = 160;
