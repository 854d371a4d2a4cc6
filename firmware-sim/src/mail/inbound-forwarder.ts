/**
 * The SMTP capture's inbound side: a message captured for a support+<token>@ address (a customer answering a claim's
 * e-mail) is handed to the cloud's POST /v1/support/inbound-mail, raw, with the gateway's secret in X-Inbound-Secret,
 * as a real mail gateway would. Everything else stays in the capture only.
 *
 * Owns: which captured messages were forwarded. Looks at the capture every `pollMs` (it has no hook), forwards each
 * matching message once; a cloud that is down or answers 5xx gets it again next look (at most `maxAttempts` times); a
 * 4xx (a wrong secret, a mail too large) is final and reported. Messages captured before the start are not forwarded.
 */
import type { CapturedMail, SmtpCapture } from './smtp-capture.js';

export interface InboundForwarderOptions {
  readonly capture: Pick<SmtpCapture, 'messages'>;
  /** The cloud's route, such as http://127.0.0.1:8080/v1/support/inbound-mail. */
  readonly url: string;
  readonly secret: string;
  /** Default 500 ms. */
  readonly pollMs?: number;
  /** Default 5. */
  readonly maxAttempts?: number;
  /** Told of each forward's outcome (the demo logs it). */
  readonly onForward?: (event: {
    readonly id: number;
    readonly status: number | null;
    readonly final: boolean;
  }) => void;
}

export interface InboundForwarder {
  /** Forwards what is due now (the timer calls it; tests call it to avoid waiting). */
  tick(): Promise<void>;
  /** Ids of the captured messages the cloud took (2xx). */
  forwarded(): readonly number[];
  close(): Promise<void>;
}

const supportAddress = /(^|[\s<,"])support\+[a-z0-9]{24,40}@/i;

/** Is this captured message for a claim's reply address (envelope or To/Cc)? */
export const isSupportReply = (mail: CapturedMail): boolean =>
  mail.envelopeTo.some((to) => supportAddress.test(` ${to}`)) ||
  supportAddress.test(` ${mail.to}`) ||
  supportAddress.test(` ${mail.headers.cc ?? ''}`);

export function startInboundForwarder(options: InboundForwarderOptions): InboundForwarder {
  const maxAttempts = options.maxAttempts ?? 5;
  let lastSeen = options.capture.messages().reduce((max, m) => Math.max(max, m.id), 0);
  const pending = new Map<number, { mail: CapturedMail; attempts: number }>();
  const done: number[] = [];
  let running: Promise<void> | null = null;

  const forward = async (id: number, entry: { mail: CapturedMail; attempts: number }): Promise<void> => {
    entry.attempts++;
    let status: number | null = null;
    try {
      const response = await fetch(options.url, {
        method: 'POST',
        headers: { 'content-type': 'message/rfc822', 'x-inbound-secret': options.secret },
        body: Buffer.from(entry.mail.raw, 'utf8'),
        signal: AbortSignal.timeout(10_000),
      });
      status = response.status;
      await response.arrayBuffer();
    } catch {
      status = null; // the cloud is down or slow: try again next look
    }
    const taken = status !== null && status >= 200 && status < 300;
    const final = taken || (status !== null && status >= 400 && status < 500) || entry.attempts >= maxAttempts;
    if (taken) done.push(id);
    if (final) pending.delete(id);
    options.onForward?.({ id, status, final });
  };

  const look = async (): Promise<void> => {
    for (const mail of options.capture.messages()) {
      if (mail.id <= lastSeen) continue;
      lastSeen = mail.id;
      if (isSupportReply(mail)) pending.set(mail.id, { mail, attempts: 0 });
    }
    for (const [id, entry] of [...pending]) await forward(id, entry);
  };

  // One look at a time: a slow cloud never gets the same message twice at once.
  const tick = (): Promise<void> => {
    running ??= look().finally(() => {
      running = null;
    });
    return running;
  };
  const timer = setInterval(() => void tick(), options.pollMs ?? 500);
  timer.unref();

  return {
    tick,
    forwarded: () => done.slice(),
    close: async () => {
      clearInterval(timer);
      await running;
    },
  };
}
