/**
 * Orange Money Web Payment (research 5.3): a client-credentials token (cached until it
 * expires), then a payment init keyed by an order id derived from our payment id, answering
 * pay_token, payment_url and notif_token. Orange's notification carries no signature, only
 * the notif_token, so the cloud keeps a digest of that token per payment and, even when it
 * matches, grants nothing before reading the transaction status itself.
 */
import {
  providerFetch,
  ProviderUnavailableError,
  type MobileMoneyProvider,
  type PaymentRef,
  type PaymentStart,
  type ProviderStatus,
  type StartInput,
} from './provider.js';

export interface OrangeMoneyConfig {
  /** https://api.orange.com, or the simulator. */
  readonly baseUrl: string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly merchantKey: string;
  /** The country segment of Orange's paths: "ci" for Côte d'Ivoire; "dev" is Orange's sandbox (currency OUV). */
  readonly country: string;
  /** Where Orange sends the payer back after paying, or after giving up. */
  readonly returnUrl: string;
  readonly cancelUrl: string;
  /** Where Orange posts its notification; the payment id is appended. */
  readonly notifBaseUrl: string;
}

/** Refresh a token this long before Orange says it expires. */
const tokenMarginMs = 60_000;
/** Orange's order_id is at most 30 characters and unique per merchant. */
const orderIdMaxChars = 30;
const providerRefMaxChars = 100;

/**
 * Our payment id as an Orange order_id: a UUID's 36 characters are too many, so its 128 bits
 * in base 36 (25 characters) after "IS"; the same payment always gives the same order id, so a
 * retried init is refused by Orange rather than opening a second payment.
 */
export function orangeOrderId(paymentId: string): string {
  const bits = BigInt(`0x${paymentId.replaceAll('-', '')}`);
  const orderId = `IS${bits.toString(36).toUpperCase().padStart(25, '0')}`;
  if (orderId.length > orderIdMaxChars) throw new Error('order id too long');
  return orderId;
}

interface InitAnswer {
  pay_token?: unknown;
  payment_url?: unknown;
  notif_token?: unknown;
}

export class OrangeMoneyProvider implements MobileMoneyProvider {
  readonly name = 'orange' as const;
  private token: { value: string; expiresAtMs: number } | null = null;
  constructor(private readonly config: OrangeMoneyConfig) {}

  private get currency(): string {
    return this.config.country === 'dev' ? 'OUV' : 'XOF';
  }

  private async bearer(): Promise<string> {
    if (this.token !== null && this.token.expiresAtMs > Date.now() + tokenMarginMs) return this.token.value;
    const basic = Buffer.from(`${this.config.clientId}:${this.config.clientSecret}`).toString('base64');
    const response = await providerFetch('orange', `${this.config.baseUrl}/oauth/v3/token`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${basic}`,
        'content-type': 'application/x-www-form-urlencoded',
        accept: 'application/json',
      },
      body: 'grant_type=client_credentials',
    });
    if (!response.ok) throw new ProviderUnavailableError('orange', `token answered ${String(response.status)}`);
    const body = (await response.json()) as { access_token?: unknown; expires_in?: unknown };
    if (typeof body.access_token !== 'string' || typeof body.expires_in !== 'number')
      throw new ProviderUnavailableError('orange', 'token answer without access_token and expires_in');
    this.token = { value: body.access_token, expiresAtMs: Date.now() + body.expires_in * 1000 };
    return body.access_token;
  }

  /** One call to the Web Payment API; a 401 drops the cached token so the next call takes a new one. */
  private async call(path: 'webpayment' | 'transactionstatus', body: object): Promise<Response> {
    const url = `${this.config.baseUrl}/orange-money-webpay/${encodeURIComponent(this.config.country)}/v1/${path}`;
    const response = await providerFetch('orange', url, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${await this.bearer()}`,
        'content-type': 'application/json',
        accept: 'application/json',
      },
      body: JSON.stringify(body),
    });
    if (response.status === 401) this.token = null;
    return response;
  }

  async start(input: StartInput): Promise<PaymentStart> {
    const response = await this.call('webpayment', {
      merchant_key: this.config.merchantKey,
      currency: this.currency,
      order_id: orangeOrderId(input.paymentId),
      amount: input.amountXof,
      return_url: this.config.returnUrl,
      cancel_url: this.config.cancelUrl,
      notif_url: `${this.config.notifBaseUrl}/${input.paymentId}`,
      lang: 'fr',
      reference: 'ISMAIL credits',
    });
    // A refused order_id (our retry after a lost answer) cannot be resumed: Orange gives no
    // way to read the first pay_token back, so the holder starts a new top-up.
    if (response.status !== 201 && response.status !== 200)
      throw new ProviderUnavailableError('orange', `webpayment answered ${String(response.status)}`);
    const body = (await response.json()) as InitAnswer;
    const { pay_token: payToken, payment_url: paymentUrl, notif_token: notifToken } = body;
    if (
      typeof payToken !== 'string' ||
      payToken.length === 0 ||
      payToken.length > providerRefMaxChars ||
      typeof paymentUrl !== 'string' ||
      !/^https?:\/\//.test(paymentUrl) ||
      typeof notifToken !== 'string' ||
      notifToken.length === 0
    )
      throw new ProviderUnavailableError('orange', 'webpayment answer without pay_token, payment_url and notif_token');
    return { providerRef: payToken, redirectUrl: paymentUrl, notificationToken: notifToken };
  }

  async status(providerRef: string, payment: PaymentRef): Promise<ProviderStatus> {
    const response = await this.call('transactionstatus', {
      order_id: orangeOrderId(payment.paymentId),
      amount: payment.amountXof,
      pay_token: providerRef,
    });
    if (!response.ok)
      throw new ProviderUnavailableError('orange', `transactionstatus answered ${String(response.status)}`);
    const body = (await response.json()) as { status?: unknown };
    switch (body.status) {
      case 'SUCCESS':
        // The pay_token names the payment opened for exactly this amount, and Orange was asked with it.
        return { status: 'succeeded', amountXof: payment.amountXof, currency: this.currency };
      case 'FAILED':
      case 'EXPIRED':
        return { status: 'failed', reason: body.status };
      case 'INITIATED':
      case 'PENDING':
        return { status: 'pending' };
      default:
        throw new ProviderUnavailableError('orange', 'transactionstatus answered an unknown status');
    }
  }
}
