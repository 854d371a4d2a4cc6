/**
 * A mobile-money provider behind one small interface (SPEC 3.17): start a payment, ask its
 * status. Credits are granted only on a status the cloud asked for itself (research 5.9:
 * never trust a redirect, treat an unsigned callback as a hint); a signed webhook only
 * makes the cloud ask sooner.
 */
export type ProviderName = 'wave' | 'momo' | 'orange';

export interface PaymentStart {
  /** The provider's id for the payment (Wave session id, MoMo reference id). */
  readonly providerRef: string;
  /** Where the payer approves (Wave, Orange); null when the approval is a prompt on the phone (MoMo). */
  readonly redirectUrl: string | null;
  /**
   * A secret the provider repeats in its unsigned notifications for this payment (Orange's notif_token), so
   * the cloud can tell them from forgeries; stored as a digest only.
   */
  readonly notificationToken?: string | undefined;
}

/** What the cloud knows of its own payment when it asks the provider (Orange wants the amount back). */
export interface PaymentRef {
  readonly paymentId: string;
  readonly amountXof: number;
}

export type ProviderStatus =
  | { readonly status: 'pending' }
  | { readonly status: 'succeeded'; readonly amountXof: number; readonly currency: string }
  | { readonly status: 'failed'; readonly reason: string };

export interface StartInput {
  /** Our payment id: the provider's idempotency key and client reference. */
  readonly paymentId: string;
  readonly amountXof: number;
  readonly payerMsisdn?: string | undefined;
}

export interface MobileMoneyProvider {
  readonly name: ProviderName;
  start(input: StartInput): Promise<PaymentStart>;
  status(providerRef: string, payment: PaymentRef): Promise<ProviderStatus>;
}

/** Bounded calls: a provider that hangs must not hold a request (or the poller) for ever. */
export const providerTimeoutMs = 10_000;

export class ProviderUnavailableError extends Error {
  constructor(provider: ProviderName, detail: string) {
    super(`${provider}: ${detail}`);
    this.name = 'ProviderUnavailableError';
  }
}

export async function providerFetch(provider: ProviderName, url: string, init: RequestInit): Promise<Response> {
  try {
    return await fetch(url, { ...init, signal: AbortSignal.timeout(providerTimeoutMs) });
  } catch (error) {
    throw new ProviderUnavailableError(provider, error instanceof Error ? error.message : String(error));
  }
}
