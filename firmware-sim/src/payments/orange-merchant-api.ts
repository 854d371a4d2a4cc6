/**
 * The merchant side of the simulated Orange Money Web Payment API: the client-credentials
 * token, the payment init and the transaction status, over the simulator's shared state.
 *
 * Owns: the checks Orange makes on a merchant's call (credentials, live token, merchant_key,
 * unused order_id, matching status triple). Must never answer a call that fails one.
 */
import type http from 'node:http';
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { paymentBodyMaxBytes } from '../limits.js';
import { headerValue, isRecord, parseJson, readBody, sendJson, type BoundedMap } from './http.js';
import type { NotificationSender } from './orange-notifications.js';
import { applyExpiry, newPayment, parseInitRequest, type OrangePayment } from './orange-payment.js';

/** What the merchant API and the payer's page share. */
export interface OrangeState {
  readonly now: () => number;
  readonly currency: string;
  readonly tokenTtlMs: number;
  readonly paymentTtlMs: number;
  readonly basicDigest: Buffer;
  readonly merchantKeyDigest: Buffer;
  /** Access token → expiry time. */
  readonly tokens: BoundedMap<string, number>;
  /** pay_token → payment. */
  readonly payments: BoundedMap<string, OrangePayment>;
  /** order_id → pay_token, kept longer than payments so a reuse is still refused. */
  readonly orderIds: BoundedMap<string, string>;
  readonly notifier: NotificationSender;
  /** The simulator's root URL, known once it listens. */
  baseUrl: string;
}

export const digest = (text: string): Buffer => createHash('sha256').update(text).digest();
const sameSecret = (given: string | undefined, expected: Buffer): boolean =>
  given !== undefined && timingSafeEqual(digest(given), expected);

/** Orange's API gateway errors: 41 invalid credentials, 42 expired or unknown token. */
const invalidCredentials = {
  code: 41,
  message: 'Invalid credentials',
  description: 'The requested service needs credentials, and the ones provided were invalid.',
};
const expiredToken = {
  code: 42,
  message: 'Expired credentials',
  description: 'The requested service needs credentials, but the ones provided were out-of-date.',
};

/** The payment with this pay_token, its expiry applied; undefined when unknown. */
export function findPayment(state: OrangeState, payToken: string): OrangePayment | undefined {
  const payment = state.payments.get(payToken);
  if (payment !== undefined) applyExpiry(payment, state.now());
  return payment;
}

export async function tokenHandler(
  state: OrangeState,
  request: http.IncomingMessage,
  response: http.ServerResponse,
): Promise<void> {
  const body = await readBody(request, paymentBodyMaxBytes);
  const basic = /^Basic ([A-Za-z0-9+/=]+)$/.exec(headerValue(request, 'authorization') ?? '')?.[1];
  if (!sameSecret(basic === undefined ? undefined : Buffer.from(basic, 'base64').toString('utf8'), state.basicDigest)) {
    sendJson(response, 401, invalidCredentials);
    return;
  }
  if (!body.ok || new URLSearchParams(body.text).get('grant_type') !== 'client_credentials') {
    sendJson(response, 400, { error: 'invalid_request', error_description: 'grant_type must be client_credentials' });
    return;
  }
  const accessToken = randomBytes(32).toString('base64url');
  state.tokens.set(accessToken, state.now() + state.tokenTtlMs);
  sendJson(response, 200, {
    token_type: 'Bearer',
    access_token: accessToken,
    expires_in: Math.floor(state.tokenTtlMs / 1000),
  });
}

function init(state: OrangeState, body: unknown, response: http.ServerResponse): void {
  const parsed = parseInitRequest(body, state.currency);
  if (!parsed.ok) {
    sendJson(response, 400, { status: 400, message: parsed.message });
    return;
  }
  if (!sameSecret(parsed.value.merchant_key, state.merchantKeyDigest)) {
    sendJson(response, 403, { status: 403, message: 'Unknown merchant_key.' });
    return;
  }
  if (state.orderIds.has(parsed.value.order_id)) {
    sendJson(response, 409, { status: 409, message: 'This order_id was already used: each payment needs its own.' });
    return;
  }
  const payment = newPayment(parsed.value, state.now(), state.paymentTtlMs);
  state.payments.set(payment.payToken, payment);
  state.orderIds.set(payment.request.order_id, payment.payToken);
  sendJson(response, 201, {
    status: 201,
    message: 'OK',
    pay_token: payment.payToken,
    payment_url: `${state.baseUrl}/payment/pay_token/${payment.payToken}`,
    notif_token: payment.notifToken,
  });
}

function transactionStatus(state: OrangeState, body: unknown, response: http.ServerResponse): void {
  const payment = isRecord(body) && typeof body.pay_token === 'string' ? findPayment(state, body.pay_token) : undefined;
  // The triple must match: a status is never given for someone else's order or another amount.
  if (
    payment === undefined ||
    !isRecord(body) ||
    body.order_id !== payment.request.order_id ||
    body.amount !== payment.request.amount
  ) {
    sendJson(response, 404, { status: 404, message: 'No transaction matches order_id, amount and pay_token.' });
    return;
  }
  sendJson(response, 200, { status: payment.status, order_id: payment.request.order_id, txnid: payment.txnid });
}

/** `POST …/v1/webpayment` or `…/v1/transactionstatus`: refused without a live token. */
export async function merchantApiHandler(
  state: OrangeState,
  kind: 'webpayment' | 'transactionstatus',
  request: http.IncomingMessage,
  response: http.ServerResponse,
): Promise<void> {
  const body = await readBody(request, paymentBodyMaxBytes);
  const bearer = /^Bearer (\S+)$/.exec(headerValue(request, 'authorization') ?? '')?.[1];
  const expiresAtMs = bearer === undefined ? undefined : state.tokens.get(bearer);
  if (expiresAtMs === undefined || state.now() >= expiresAtMs) {
    sendJson(response, 401, expiredToken);
    return;
  }
  if (!body.ok) {
    sendJson(response, 413, { status: 413, message: 'The body is too large.' });
    return;
  }
  const json = parseJson(body.text);
  if (kind === 'webpayment') init(state, json, response);
  else transactionStatus(state, json, response);
}
