/**
 * Delivery reports (Africa's Talking) and delivery receipts (Orange) leave the simulators
 * through here: sent once after a delay, retried with doubling backoff while the receiver
 * fails, with a bounded number of chains in flight and a bounded log of every attempt.
 *
 * Owns: the attempt log. Must never change a report's body between retries (receivers
 * dedupe on the message id) nor keep anything going after close().
 */
import { deliveryLogMax, outgoingInFlightMax, smsReportAttemptsMax, smsReportBackoffBaseMs } from '../limits.js';
import { Outgoing, postBody, pushBounded, type OutgoingStatus } from '../payments/http.js';

/** One attempt to hand a report to the receiver. */
export interface ReportAttempt {
  readonly url: string;
  /** 1-based; above 1 means a retry; 0 when the report was dropped without being sent. */
  readonly attempt: number;
  /** The receiver's HTTP status, 'network-error', or 'dropped' when too many reports were in flight. */
  readonly status: OutgoingStatus | 'dropped';
  readonly at: string;
}

export interface ReportSenderOptions {
  readonly delayMs: number;
  readonly contentType: string;
  readonly userAgent: string;
  readonly now: () => number;
  /** Read at each attempt, so a URL set later applies to reports not yet sent. */
  readonly url: () => string | undefined;
}

export interface ReportSender<D> {
  /** Schedules `body`; `detail` is what the log says about it. Nothing happens without a URL. */
  send(detail: D, body: string): void;
  log(): readonly (D & ReportAttempt)[];
  close(): void;
}

export function createReportSender<D extends object>(options: ReportSenderOptions): ReportSender<D> {
  const log: (D & ReportAttempt)[] = [];
  const outgoing = new Outgoing();
  let inFlight = 0;

  const record = (detail: D, url: string, attempt: number, status: ReportAttempt['status']): void => {
    pushBounded(log, { ...detail, url, attempt, status, at: new Date(options.now()).toISOString() }, deliveryLogMax);
  };

  const attempt = async (detail: D, body: string, attemptNumber: number): Promise<void> => {
    const url = options.url();
    if (url === undefined || outgoing.closed) {
      inFlight--;
      return;
    }
    const status = await postBody(url, body, options.contentType, { 'user-agent': options.userAgent }, outgoing.signal);
    if (outgoing.closed) return;
    record(detail, url, attemptNumber, status);
    const delivered = typeof status === 'number' && status >= 200 && status < 300;
    if (delivered || attemptNumber >= smsReportAttemptsMax) {
      inFlight--;
      return;
    }
    const backoffMs = smsReportBackoffBaseMs * 2 ** (attemptNumber - 1);
    if (outgoing.after(backoffMs, () => void attempt(detail, body, attemptNumber + 1)) === undefined) inFlight--;
  };

  return {
    send: (detail, body) => {
      const url = options.url();
      if (url === undefined || outgoing.closed) return;
      if (inFlight >= outgoingInFlightMax) {
        record(detail, url, 0, 'dropped');
        return;
      }
      inFlight++;
      if (outgoing.after(options.delayMs, () => void attempt(detail, body, 1)) === undefined) inFlight--;
    },
    log: () => log.slice(),
    close: () => outgoing.close(),
  };
}
