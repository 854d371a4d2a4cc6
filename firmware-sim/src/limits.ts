/**
 * Limits of the simulated payment, SMS and mail providers. Each has a reason; raise one
 * deliberately. (The printer simulator keeps its own limits beside its code.)
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

/** SMS request bodies: 100 numbers and 1600 characters, percent-encoded, stay under 25 KiB. */
export const smsBodyMaxBytes = 64 * 1024;

/** Africa's Talking takes at most 100 comma-separated numbers per send request. */
export const smsRecipientsMax = 100;

/** Longest text a send accepts: about ten concatenated parts, Africa's Talking's bound. */
export const smsMessageMaxChars = 1600;

/** An alphanumeric sender ID is the GSM originator address: at most 11 characters. */
export const senderIdMaxChars = 11;

/** Sent messages and access tokens kept in memory; the oldest is dropped first. */
export const smsRecordsMax = 10_000;

/** Delivery reports and receipts are retried like Wave's webhooks: five attempts,
 * doubling backoff from 100 ms (100, 200, 400, 800), fast in tests. */
export const smsReportAttemptsMax = 5;
export const smsReportBackoffBaseMs = 100;

/** Captured e-mails kept in memory (and on disk, when a folder is given) by default. */
export const mailMessagesMaxDefault = 1000;

/** Largest e-mail accepted by default; a receipt with a PDF is well under 1 MiB, and
 * 10 MiB is what common relays accept. Larger ones are refused with 552. */
export const mailMessageMaxBytesDefault = 10 * 1024 * 1024;

/** Open SMTP connections at once: the cloud uses a small pool; more means a runaway client. */
export const smtpClientsMax = 20;

/** Recipients per SMTP transaction; the cloud sends to one person at a time. */
export const smtpRecipientsMax = 100;

/** An SMTP client silent for this long is disconnected. */
export const smtpSocketTimeoutMs = 60_000;

/** After close(), open SMTP connections get this long to finish before being cut. */
export const smtpCloseTimeoutMs = 1000;
