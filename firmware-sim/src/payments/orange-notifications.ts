/**
 * Orange Money notifications: `{status, notif_token, txnid}` POSTed to the payment's notif_url
 * when the payer decides. They carry no signature, only the notif_token Orange gave the
 * merchant at init, so a receiver must compare it and then ask the transaction status.
 *
 * Owns: the notification log and the test switches: extra copies, a delay, holding them back
 * (late or never), and sending one on demand with a wrong token or status (forged).
 * Must never keep more than a bounded number in flight or in the log.
 */
import { deliveryLogMax, outgoingInFlightMax } from '../limits.js';
import { Outgoing, postJson, pushBounded, type OutgoingStatus } from './http.js';
import type { OrangePayment } from './orange-payment.js';

export interface OrangeMoneyNotificationBody {
  readonly status: 'SUCCESS' | 'FAILED';
  readonly notif_token: string;
  readonly txnid: string;
}

export interface OrangeMoneyNotification {
  readonly orderId: string;
  readonly url: string;
  readonly body: OrangeMoneyNotificationBody;
  /** 0 for the first copy, 1… for deliberate duplicates; -1 for one sent on demand. */
  readonly copy: number;
  /** The receiver's HTTP status, 'network-error', 'dropped' (too many in flight) or 'held'. */
  readonly status: OutgoingStatus | 'dropped' | 'held';
  readonly at: string;
}

export interface NotificationSenderOptions {
  readonly delayMs: number;
  readonly duplicates: number;
  readonly now: () => number;
}

export interface NotificationSender {
  /** The notification for a payment that just became final (held back while holding). */
  paid(payment: OrangePayment): void;
  /** Holds notifications back (they are late, or never come) until released. */
  hold(): void;
  /** Sends every held notification now, and stops holding. */
  release(): void;
  /** Sends one notification now, optionally with another status or token; resolves with the receiver's answer. */
  sendNow(payment: OrangePayment, override?: Partial<OrangeMoneyNotificationBody>): Promise<OutgoingStatus | 'dropped'>;
  log(): readonly OrangeMoneyNotification[];
  close(): void;
}

export function createNotificationSender(options: NotificationSenderOptions): NotificationSender {
  const log: OrangeMoneyNotification[] = [];
  const outgoing = new Outgoing();
  const held: OrangePayment[] = [];
  let holding = false;
  let inFlight = 0;

  const bodyOf = (payment: OrangePayment): OrangeMoneyNotificationBody => ({
    status: payment.status === 'SUCCESS' ? 'SUCCESS' : 'FAILED',
    notif_token: payment.notifToken,
    txnid: payment.txnid ?? '',
  });

  const record = (
    payment: OrangePayment,
    body: OrangeMoneyNotificationBody,
    copy: number,
    status: OrangeMoneyNotification['status'],
  ) => {
    const at = new Date(options.now()).toISOString();
    const url = payment.request.notif_url;
    pushBounded(log, { orderId: payment.request.order_id, url, body, copy, status, at }, deliveryLogMax);
  };

  const post = async (
    payment: OrangePayment,
    body: OrangeMoneyNotificationBody,
    copy: number,
  ): Promise<OutgoingStatus | 'dropped'> => {
    if (inFlight >= outgoingInFlightMax) {
      record(payment, body, copy, 'dropped');
      return 'dropped';
    }
    inFlight++;
    const status = await postJson(
      payment.request.notif_url,
      JSON.stringify(body),
      { 'user-agent': 'ismail-orange-money-simulator' },
      outgoing.signal,
    );
    inFlight--;
    if (!outgoing.closed) record(payment, body, copy, status);
    return status;
  };

  const schedule = (payment: OrangePayment): void => {
    const body = bodyOf(payment);
    for (let copy = 0; copy <= options.duplicates; copy++)
      outgoing.after(options.delayMs * (copy + 1), () => void post(payment, body, copy));
  };

  return {
    paid: (payment) => {
      if (!holding) {
        schedule(payment);
        return;
      }
      // Bounded like the log: a test that holds for ever cannot fill memory.
      pushBounded(held, payment, outgoingInFlightMax);
      record(payment, bodyOf(payment), 0, 'held');
    },
    hold: () => {
      holding = true;
    },
    release: () => {
      holding = false;
      for (const payment of held.splice(0)) schedule(payment);
    },
    sendNow: (payment, override = {}) => post(payment, { ...bodyOf(payment), ...override }, -1),
    log: () => log.slice(),
    close: () => outgoing.close(),
  };
}
