/**
 * A simulated Orange Money Web Payment API (research 5.3) for running ISMAIL without an
 * Orange merchant contract: a client-credentials token (`POST /oauth/v3/token`), the payment
 * init (`POST /orange-money-webpay/{cc}/v1/webpayment`) answering pay_token, payment_url and
 * notif_token, the payer's page at payment_url where a person (or a test) pays or refuses, an
 * unsigned notification to notif_url, and the transaction status
 * (`POST …/transactionstatus {order_id, amount, pay_token}`).
 *
 * Owns: tokens, payments and order ids, in memory and bounded. Must never accept a call
 * without a live token, nor a reused order_id, nor answer a status for a triple that does not
 * match. Unlike the real service it accepts a localhost notif_url (everything runs locally).
 */
import { paymentRecordsMax } from '../limits.js';
import { BoundedMap, listen, sendJson, type OutgoingStatus } from './http.js';
import { digest, findPayment, merchantApiHandler, tokenHandler, type OrangeState } from './orange-merchant-api.js';
import {
  createNotificationSender,
  type OrangeMoneyNotification,
  type OrangeMoneyNotificationBody,
} from './orange-notifications.js';
import { applyExpiry, type OrangePayment, type OrangePaymentStatus } from './orange-payment.js';
import { decisionHandler, payPageHandler } from './orange-payer-page.js';

export type { OrangeMoneyNotification, OrangeMoneyNotificationBody } from './orange-notifications.js';
export type { OrangeInitRequest, OrangePaymentStatus } from './orange-payment.js';

export interface OrangeMoneySimulatorOptions {
  readonly host?: string;
  /** 0 lets the OS choose a free port. */
  readonly port?: number;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly merchantKey: string;
  /** The `{cc}` path segment: "ci" (default, XOF) or another country; "dev" is Orange's sandbox (currency "OUV"). */
  readonly country?: string;
  /** Token lifetime. Default 3600 s (Orange's expires_in is 3600 or 7776000 depending on the API). */
  readonly tokenTtlMs?: number;
  /** An unpaid payment becomes EXPIRED after this. Default 10 minutes. */
  readonly paymentTtlMs?: number;
  /** Wait before a notification; each duplicate waits one more delay. Default 50. */
  readonly notificationDelayMs?: number;
  /** Extra identical notifications per payment. Default 0. */
  readonly duplicateNotifications?: number;
  readonly now?: () => number;
}

export interface OrangePaymentRecord {
  readonly orderId: string;
  readonly payToken: string;
  readonly amount: number;
  readonly status: OrangePaymentStatus;
  readonly txnid: string | null;
  readonly notifUrl: string;
}

export interface OrangeMoneySimulator {
  readonly url: string;
  close(): Promise<void>;
  payments(): readonly OrangePaymentRecord[];
  notifications(): readonly OrangeMoneyNotification[];
  /** From now on notifications wait (late, or never) until releaseNotifications(). */
  holdNotifications(): void;
  releaseNotifications(): void;
  /**
   * Sends a notification for the payment with this pay_token now, as it is or with another status or notif_token
   * (a forgery); undefined when no such payment.
   */
  sendNotification(
    payToken: string,
    override?: Partial<OrangeMoneyNotificationBody>,
  ): Promise<OutgoingStatus | 'dropped' | undefined>;
}

const defaultTokenTtlMs = 3600 * 1000;
const defaultPaymentTtlMs = 10 * 60 * 1000;
const defaultNotificationDelayMs = 50;
const tokenPath = '/oauth/v3/token';
const apiPathPattern = /^\/orange-money-webpay\/([a-z]{2,3})\/v1\/(webpayment|transactionstatus)$/;
const payPagePattern = /^\/payment\/pay_token\/([0-9a-z]+)$/;

export async function startOrangeMoneySimulator(options: OrangeMoneySimulatorOptions): Promise<OrangeMoneySimulator> {
  const now = options.now ?? Date.now;
  const country = options.country ?? 'ci';
  const state: OrangeState = {
    now,
    currency: country === 'dev' ? 'OUV' : 'XOF',
    tokenTtlMs: options.tokenTtlMs ?? defaultTokenTtlMs,
    paymentTtlMs: options.paymentTtlMs ?? defaultPaymentTtlMs,
    basicDigest: digest(`${options.clientId}:${options.clientSecret}`),
    merchantKeyDigest: digest(options.merchantKey),
    tokens: new BoundedMap<string, number>(paymentRecordsMax),
    payments: new BoundedMap<string, OrangePayment>(paymentRecordsMax),
    orderIds: new BoundedMap<string, string>(paymentRecordsMax * 2),
    notifier: createNotificationSender({
      delayMs: options.notificationDelayMs ?? defaultNotificationDelayMs,
      duplicates: options.duplicateNotifications ?? 0,
      now,
    }),
    baseUrl: '',
  };
  const { notifier } = state;

  const server = await listen(options.host ?? '127.0.0.1', options.port ?? 0, async (request, response) => {
    const path = new URL(request.url ?? '/', 'http://simulator').pathname;
    const method = request.method ?? 'GET';
    if (path === tokenPath && method === 'POST') return tokenHandler(state, request, response);
    const apiMatch = apiPathPattern.exec(path);
    const kind = apiMatch?.[2];
    if (apiMatch?.[1] === country && (kind === 'webpayment' || kind === 'transactionstatus') && method === 'POST')
      return merchantApiHandler(state, kind, request, response);
    const payMatch = payPagePattern.exec(path);
    if (payMatch?.[1] !== undefined && method === 'GET') return payPageHandler(state, payMatch[1], response);
    if (payMatch?.[1] !== undefined && method === 'POST') return decisionHandler(state, payMatch[1], request, response);
    sendJson(response, 404, { code: 404, message: 'Resource not found', description: `No route ${method} ${path}.` });
  });
  state.baseUrl = server.url;

  return {
    url: server.url,
    close: async () => {
      notifier.close();
      await server.close();
    },
    payments: () =>
      Array.from(state.payments.values(), (payment) => {
        applyExpiry(payment, now());
        return {
          orderId: payment.request.order_id,
          payToken: payment.payToken,
          amount: payment.request.amount,
          status: payment.status,
          txnid: payment.txnid,
          notifUrl: payment.request.notif_url,
        };
      }),
    notifications: () => notifier.log(),
    holdNotifications: () => notifier.hold(),
    releaseNotifications: () => notifier.release(),
    sendNotification: async (payToken, override) => {
      const payment = findPayment(state, payToken);
      return payment === undefined ? undefined : notifier.sendNow(payment, override);
    },
  };
}
