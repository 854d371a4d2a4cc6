/**
 * Wave Checkout (research 5.4): a checkout session the payer opens at `wave_launch_url`,
 * then a webhook signed `Wave-Signature: t=<unix>,v1=<hex HMAC-SHA256(secret, t + body)>`.
 * Signatures are checked in constant time over the raw body with a 5-minute window.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import {
  providerFetch,
  ProviderUnavailableError,
  type MobileMoneyProvider,
  type PaymentStart,
  type ProviderStatus,
  type StartInput,
} from './provider.js';

export interface WaveConfig {
  readonly baseUrl: string;
  readonly apiKey: string;
  readonly signingSecret: string;
  readonly successUrl: string;
  readonly errorUrl: string;
}

/** Wave's advice and ours: a webhook older (or newer) than this is a replay. */
export const waveSignatureToleranceS = 300;

interface WaveSessionBody {
  id: string;
  amount: string;
  currency: string;
  checkout_status: 'open' | 'complete' | 'expired';
  payment_status: 'processing' | 'cancelled' | 'succeeded';
  client_reference: string | null;
  wave_launch_url: string;
  last_payment_error: { code: string; message: string } | null;
}

export interface WaveEvent {
  readonly id: string;
  readonly type: string;
  readonly data: { readonly id: string; readonly client_reference: string | null };
}

export class WaveProvider implements MobileMoneyProvider {
  readonly name = 'wave' as const;
  constructor(private readonly config: WaveConfig) {}

  private headers(extra: Record<string, string> = {}): Record<string, string> {
    return { authorization: `Bearer ${this.config.apiKey}`, 'content-type': 'application/json', ...extra };
  }

  async start(input: StartInput): Promise<PaymentStart> {
    const response = await providerFetch('wave', `${this.config.baseUrl}/v1/checkout/sessions`, {
      method: 'POST',
      headers: this.headers({ 'idempotency-key': input.paymentId }),
      body: JSON.stringify({
        amount: String(input.amountXof),
        currency: 'XOF',
        success_url: this.config.successUrl,
        error_url: this.config.errorUrl,
        client_reference: input.paymentId,
      }),
    });
    if (!response.ok) throw new ProviderUnavailableError('wave', `create session answered ${String(response.status)}`);
    const session = (await response.json()) as WaveSessionBody;
    return { providerRef: session.id, redirectUrl: session.wave_launch_url };
  }

  async status(providerRef: string): Promise<ProviderStatus> {
    const response = await providerFetch(
      'wave',
      `${this.config.baseUrl}/v1/checkout/sessions/${encodeURIComponent(providerRef)}`,
      { headers: this.headers() },
    );
    if (!response.ok) throw new ProviderUnavailableError('wave', `session status answered ${String(response.status)}`);
    const session = (await response.json()) as WaveSessionBody;
    if (session.payment_status === 'succeeded')
      return { status: 'succeeded', amountXof: Number(session.amount), currency: session.currency };
    if (session.checkout_status === 'expired') return { status: 'failed', reason: 'expired' };
    // A cancelled attempt leaves the session open on Wave: the payer may try again.
    return { status: 'pending' };
  }

  /** The event, if the signature is Wave's and fresh; null otherwise (forged, stale, malformed). */
  verifyWebhook(rawBody: Buffer, signatureHeader: string | undefined, nowMs: number = Date.now()): WaveEvent | null {
    if (signatureHeader === undefined || signatureHeader.length > 1000) return null;
    let timestamp: string | undefined;
    const signatures: string[] = [];
    for (const part of signatureHeader.split(',')) {
      const [key, value] = part.trim().split('=', 2);
      if (key === 't') timestamp = value;
      else if (key === 'v1' && value !== undefined) signatures.push(value);
    }
    if (timestamp === undefined || !/^\d{1,12}$/.test(timestamp)) return null;
    if (Math.abs(nowMs / 1000 - Number(timestamp)) > waveSignatureToleranceS) return null;
    const expected = createHmac('sha256', this.config.signingSecret).update(timestamp).update(rawBody).digest();
    const matches = signatures.some(
      (hex) => /^[0-9a-f]{64}$/i.test(hex) && timingSafeEqual(Buffer.from(hex, 'hex'), expected),
    );
    if (!matches) return null;
    try {
      const event = JSON.parse(rawBody.toString('utf8')) as Partial<WaveEvent>;
      if (typeof event.id !== 'string' || typeof event.type !== 'string' || typeof event.data?.id !== 'string')
        return null;
      return event as WaveEvent;
    } catch {
      return null;
    }
  }
}
