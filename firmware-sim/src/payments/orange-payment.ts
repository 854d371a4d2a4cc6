/**
 * An Orange Money Web Payment (research 5.3): the init body's validation, the payment's
 * public record and the states a payer or the clock can move it through.
 *
 * Owns: what a payment may become. Must never move a payment out of SUCCESS, FAILED or
 * EXPIRED: those are final at Orange too.
 */
import { urlMaxChars } from '../limits.js';
import { httpUrl, isRecord, randomIdText } from './http.js';

/** As Orange's transaction status answers it. */
export type OrangePaymentStatus = 'INITIATED' | 'PENDING' | 'EXPIRED' | 'SUCCESS' | 'FAILED';

/** Orange's bounds on the merchant's own order id and reference. */
export const orderIdMaxChars = 30;
export const referenceMaxChars = 30;

export interface OrangeInitRequest {
  readonly merchant_key: string;
  readonly currency: string;
  readonly order_id: string;
  readonly amount: number;
  readonly return_url: string;
  readonly cancel_url: string;
  readonly notif_url: string;
  readonly lang: 'fr' | 'en';
  readonly reference: string;
}

export interface OrangePayment {
  readonly payToken: string;
  readonly notifToken: string;
  readonly request: OrangeInitRequest;
  readonly createdAtMs: number;
  readonly expiresAtMs: number;
  status: OrangePaymentStatus;
  /** Orange's transaction id, once the payer paid. */
  txnid: string | null;
}

export type InitParse = { ok: true; value: OrangeInitRequest } | { ok: false; message: string };

/** XOF has no minor unit; Orange takes a whole number (a JSON number, not a string). */
const maxAmount = 100_000_000;

const text = (value: unknown, maxChars: number): value is string =>
  typeof value === 'string' && value.length > 0 && value.length <= maxChars;

/** Checks an init body as Orange does; `currency` is the country's ("OUV" in the dev environment). */
export function parseInitRequest(body: unknown, currency: string): InitParse {
  if (!isRecord(body)) return { ok: false, message: 'The body must be a JSON object.' };
  const { merchant_key: merchantKey, order_id: orderId, amount, lang, reference } = body;
  if (!text(merchantKey, 200)) return { ok: false, message: 'merchant_key is required.' };
  if (body.currency !== currency) return { ok: false, message: `currency must be "${currency}".` };
  if (!text(orderId, orderIdMaxChars) || !/^[A-Za-z0-9_-]+$/.test(orderId))
    return { ok: false, message: `order_id must be 1 to ${String(orderIdMaxChars)} letters, digits, "-" or "_".` };
  if (typeof amount !== 'number' || !Number.isSafeInteger(amount) || amount < 1 || amount > maxAmount)
    return { ok: false, message: 'amount must be a positive whole number.' };
  const urls: string[] = [];
  for (const name of ['return_url', 'cancel_url', 'notif_url'] as const) {
    const url = httpUrl(body[name], urlMaxChars);
    if (url === undefined) return { ok: false, message: `${name} must be an http(s) URL.` };
    urls.push(url);
  }
  if (lang !== undefined && lang !== 'fr' && lang !== 'en') return { ok: false, message: 'lang must be "fr" or "en".' };
  if (reference !== undefined && !text(reference, referenceMaxChars))
    return { ok: false, message: `reference must be 1 to ${String(referenceMaxChars)} characters.` };
  const [returnUrl = '', cancelUrl = '', notifUrl = ''] = urls;
  return {
    ok: true,
    value: {
      merchant_key: merchantKey,
      currency,
      order_id: orderId,
      amount,
      return_url: returnUrl,
      cancel_url: cancelUrl,
      notif_url: notifUrl,
      lang: lang ?? 'fr',
      reference: typeof reference === 'string' ? reference : '',
    },
  };
}

export function newPayment(request: OrangeInitRequest, nowMs: number, ttlMs: number): OrangePayment {
  return {
    // Orange's tokens are long opaque strings; these are random and unguessable too.
    payToken: `v1${randomIdText(40)}`,
    notifToken: randomIdText(32),
    request,
    createdAtMs: nowMs,
    expiresAtMs: nowMs + ttlMs,
    status: 'INITIATED',
    txnid: null,
  };
}

export const isFinal = (status: OrangePaymentStatus): boolean =>
  status === 'SUCCESS' || status === 'FAILED' || status === 'EXPIRED';

/** An unpaid payment past its lifetime becomes EXPIRED (no notification: the payer never decided). */
export function applyExpiry(payment: OrangePayment, nowMs: number): void {
  if (!isFinal(payment.status) && nowMs >= payment.expiresAtMs) payment.status = 'EXPIRED';
}

/** The payer opened the page: Orange shows the payment as PENDING while the OTP is awaited. */
export function applyOpened(payment: OrangePayment): void {
  if (payment.status === 'INITIATED') payment.status = 'PENDING';
}

/** The payer's decision; false when the payment is already final (nothing changes). */
export function applyDecision(payment: OrangePayment, outcome: 'succeed' | 'fail', nowMs: number): boolean {
  applyExpiry(payment, nowMs);
  if (isFinal(payment.status)) return false;
  if (outcome === 'succeed') {
    payment.status = 'SUCCESS';
    payment.txnid = `MP${new Date(nowMs).toISOString().slice(2, 10).replaceAll('-', '')}.${randomIdText(10).toUpperCase()}`;
  } else payment.status = 'FAILED';
  return true;
}
