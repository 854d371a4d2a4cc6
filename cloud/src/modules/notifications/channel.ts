/**
 * A delivery channel behind one small interface: email, SMS (per provider), web push. In-app
 * messages need none: they are the notification rows themselves, pushed over WebSocket.
 */
import type { NotificationChannel, RenderedNotification } from '@ismail/shared';

export interface OutgoingMessage {
  /** Our delivery id: providers that accept a client reference get it (dedupe on their side). */
  readonly deliveryId: string;
  /** Email address, E.164 phone number, or a push subscription (JSON). */
  readonly to: string;
  readonly rendered: RenderedNotification;
  /** Email only: where answers go (a support ticket's support+<token>@ address, from the event data's `replyTo`). */
  readonly replyTo?: string;
  /** Files sent with it (email only: an invoice's PDF); other channels ignore them. */
  readonly attachments?: readonly {
    readonly filename: string;
    readonly contentType: string;
    readonly content: Buffer;
  }[];
}

export interface SendResult {
  readonly provider: string;
  readonly providerMessageId: string | null;
  /** 'sent' until a receipt says more; some channels know at once that it arrived. */
  readonly status: 'sent' | 'delivered';
  readonly smsParts?: number;
}

export interface DeliveryChannel {
  readonly name: Exclude<NotificationChannel, 'in_app'>;
  send(message: OutgoingMessage): Promise<SendResult>;
  close?(): Promise<void>;
  /** Why an address a user registers is refused by this channel, or null (push: the known push services). */
  addressProblem?(to: string): string | null;
}

/**
 * A notice whose data carries `replyTo` (a support ticket's support+<token>@ address, issue 27) is e-mailed with that
 * Reply-To, so answering the e-mail joins the ticket's thread; anything but one plain address is ignored.
 */
export function replyToOf(data: unknown): { replyTo?: string } {
  const replyTo = typeof data === 'object' && data !== null ? (data as { replyTo?: unknown }).replyTo : undefined;
  return typeof replyTo === 'string' && /^[^\s<>@,;]{1,64}@[^\s<>@,;]{1,190}$/.test(replyTo) ? { replyTo } : {};
}

/** A refusal that retrying cannot fix (invalid number, unknown recipient, gone subscription). */
export class PermanentDeliveryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PermanentDeliveryError';
  }
}

/** The address itself is gone for good (a push subscription its service answered 404 or 410): it is forgotten. */
export class GoneDestinationError extends PermanentDeliveryError {
  constructor(message: string) {
    super(message);
    this.name = 'GoneDestinationError';
  }
}

/** Bounded provider calls: a provider that hangs must not hold a worker for ever. */
export const providerTimeoutMs = 10_000;

export async function fetchWithTimeout(url: string, init: RequestInit): Promise<Response> {
  return fetch(url, { ...init, signal: AbortSignal.timeout(providerTimeoutMs) });
}
