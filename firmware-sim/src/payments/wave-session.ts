/**
 * The Wave checkout session: its public shape (field names as Wave sends them), the
 * create-body validation and the state changes a customer or the clock can make.
 *
 * Owns: what a session may become. Must never move a session out of "complete" or
 * "expired": those are final on Wave too.
 */
import { createHash } from 'node:crypto';
import { clientReferenceMaxChars, urlMaxChars } from '../limits.js';
import { httpUrl, isRecord, randomIdText } from './http.js';

export type WaveCheckoutStatus = 'open' | 'complete' | 'expired';
export type WavePaymentStatus = 'processing' | 'cancelled' | 'succeeded';

export interface WaveSession {
  id: string;
  amount: string;
  currency: 'XOF';
  business_name: string;
  checkout_status: WaveCheckoutStatus;
  payment_status: WavePaymentStatus;
  transaction_id: string | null;
  client_reference: string | null;
  wave_launch_url: string;
  success_url: string;
  error_url: string;
  when_created: string;
  when_expires: string;
  when_completed: string | null;
  last_payment_error: { code: string; message: string } | null;
}

export interface WaveCreateRequest {
  readonly amount: string;
  readonly currency: 'XOF';
  readonly success_url: string;
  readonly error_url: string;
  readonly client_reference: string | null;
}

export type WaveEventType = 'checkout.session.completed' | 'checkout.session.payment_failed';

export interface WaveEvent {
  readonly id: string;
  readonly type: WaveEventType;
  readonly data: WaveSession;
}

/** XOF has no minor unit, so Wave takes a whole number as a string; 15 digits stay exact in JSON readers. */
const amountPattern = /^[1-9]\d{0,14}$/;

export const businessName = 'ISMAIL SIM';

export function parseCreateRequest(
  body: unknown,
): { ok: true; value: WaveCreateRequest } | { ok: false; message: string } {
  if (!isRecord(body)) return { ok: false, message: 'The body must be a JSON object.' };
  const { amount, currency, success_url: successUrl, error_url: errorUrl, client_reference: clientReference } = body;
  if (typeof amount !== 'string' || !amountPattern.test(amount))
    return { ok: false, message: 'amount must be a string holding a positive whole number of XOF, such as "15000".' };
  if (currency !== 'XOF') return { ok: false, message: 'currency must be "XOF".' };
  const success = httpUrl(successUrl, urlMaxChars);
  if (success === undefined)
    return { ok: false, message: `success_url must be an http(s) URL of at most ${String(urlMaxChars)} characters.` };
  const error = httpUrl(errorUrl, urlMaxChars);
  if (error === undefined)
    return { ok: false, message: `error_url must be an http(s) URL of at most ${String(urlMaxChars)} characters.` };
  if (
    clientReference !== undefined &&
    clientReference !== null &&
    (typeof clientReference !== 'string' || clientReference.length > clientReferenceMaxChars)
  ) {
    return {
      ok: false,
      message: `client_reference must be a string of at most ${String(clientReferenceMaxChars)} characters.`,
    };
  }
  return {
    ok: true,
    value: {
      amount,
      currency,
      success_url: success,
      error_url: error,
      client_reference: typeof clientReference === 'string' ? clientReference : null,
    },
  };
}

/** What an Idempotency-Key is bound to: the meaning of the body, not its whitespace. */
export function requestFingerprint(request: WaveCreateRequest): string {
  const canonical = JSON.stringify([
    request.amount,
    request.currency,
    request.success_url,
    request.error_url,
    request.client_reference,
  ]);
  return createHash('sha256').update(canonical).digest('hex');
}

export function newSession(request: WaveCreateRequest, baseUrl: string, nowMs: number, ttlMs: number): WaveSession {
  const id = `cos-${randomIdText(16)}`;
  return {
    id,
    amount: request.amount,
    currency: request.currency,
    business_name: businessName,
    checkout_status: 'open',
    payment_status: 'processing',
    transaction_id: null,
    client_reference: request.client_reference,
    wave_launch_url: `${baseUrl}/pay/${id}`,
    success_url: request.success_url,
    error_url: request.error_url,
    when_created: new Date(nowMs).toISOString(),
    when_expires: new Date(nowMs + ttlMs).toISOString(),
    when_completed: null,
    last_payment_error: null,
  };
}

/** An open session past when_expires becomes expired (checked whenever a session is read). */
export function applyExpiry(session: WaveSession, nowMs: number): void {
  if (session.checkout_status === 'open' && nowMs >= Date.parse(session.when_expires))
    session.checkout_status = 'expired';
}

export type PayOutcome = 'succeed' | 'fail';

/**
 * The customer's answer on the payment page. A failed attempt leaves the session open
 * (the customer may try again, as on Wave); a success completes it.
 */
export function applyPayment(session: WaveSession, outcome: PayOutcome, nowMs: number): WaveEventType {
  switch (outcome) {
    case 'succeed':
      session.checkout_status = 'complete';
      session.payment_status = 'succeeded';
      session.transaction_id = `T_${randomIdText(16).toUpperCase()}`;
      session.when_completed = new Date(nowMs).toISOString();
      return 'checkout.session.completed';
    case 'fail':
      session.payment_status = 'cancelled';
      session.last_payment_error = {
        code: 'insufficient-funds',
        message: 'The customer does not have enough funds in their Wave wallet.',
      };
      return 'checkout.session.payment_failed';
  }
}

export function copySession(session: WaveSession): WaveSession {
  return {
    ...session,
    last_payment_error: session.last_payment_error === null ? null : { ...session.last_payment_error },
  };
}
