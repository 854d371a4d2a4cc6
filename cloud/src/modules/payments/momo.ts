/**
 * MTN MoMo Collections (research 5.2): an OAuth-style token, then request-to-pay keyed by
 * our own UUID v4 (`X-Reference-Id`, reused on retry: idempotent at MTN), then status
 * polling. MTN's callback carries no signature: it only prompts a status check.
 */
import {
  providerFetch,
  ProviderUnavailableError,
  type MobileMoneyProvider,
  type PaymentStart,
  type ProviderStatus,
  type StartInput,
} from './provider.js';

export interface MomoConfig {
  readonly baseUrl: string;
  readonly subscriptionKey: string;
  readonly apiUser: string;
  readonly apiKey: string;
  readonly targetEnvironment: string;
  /** Where MTN posts its (unsigned) callback; the payment id is appended. */
  readonly callbackBaseUrl?: string | undefined;
}

/** Refresh a token this long before MTN says it expires. */
const tokenMarginMs = 60_000;

export class MomoProvider implements MobileMoneyProvider {
  readonly name = 'momo' as const;
  private token: { value: string; expiresAtMs: number } | null = null;
  constructor(private readonly config: MomoConfig) {}

  private async bearer(): Promise<string> {
    if (this.token !== null && this.token.expiresAtMs > Date.now() + tokenMarginMs) return this.token.value;
    const response = await providerFetch('momo', `${this.config.baseUrl}/collection/token/`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`${this.config.apiUser}:${this.config.apiKey}`).toString('base64')}`,
        'ocp-apim-subscription-key': this.config.subscriptionKey,
      },
    });
    if (!response.ok) throw new ProviderUnavailableError('momo', `token answered ${String(response.status)}`);
    const body = (await response.json()) as { access_token: string; expires_in: number };
    this.token = { value: body.access_token, expiresAtMs: Date.now() + body.expires_in * 1000 };
    return body.access_token;
  }

  private async headers(): Promise<Record<string, string>> {
    return {
      authorization: `Bearer ${await this.bearer()}`,
      'ocp-apim-subscription-key': this.config.subscriptionKey,
      'x-target-environment': this.config.targetEnvironment,
      'content-type': 'application/json',
    };
  }

  async start(input: StartInput): Promise<PaymentStart> {
    if (input.payerMsisdn === undefined) throw new ProviderUnavailableError('momo', 'a payer phone number is required');
    const response = await providerFetch('momo', `${this.config.baseUrl}/collection/v1_0/requesttopay`, {
      method: 'POST',
      headers: {
        ...(await this.headers()),
        'x-reference-id': input.paymentId,
        ...(this.config.callbackBaseUrl === undefined
          ? {}
          : { 'x-callback-url': `${this.config.callbackBaseUrl}/${input.paymentId}` }),
      },
      body: JSON.stringify({
        amount: String(input.amountXof),
        currency: 'XOF',
        externalId: input.paymentId,
        payer: { partyIdType: 'MSISDN', partyId: input.payerMsisdn },
        payerMessage: 'ISMAIL credits',
        payeeNote: 'ISMAIL credits',
      }),
    });
    // 409 RESOURCE_ALREADY_EXIST: our retry of the same reference; the request stands.
    if (response.status !== 202 && response.status !== 409)
      throw new ProviderUnavailableError('momo', `request-to-pay answered ${String(response.status)}`);
    return { providerRef: input.paymentId, redirectUrl: null };
  }

  async status(providerRef: string): Promise<ProviderStatus> {
    const response = await providerFetch(
      'momo',
      `${this.config.baseUrl}/collection/v1_0/requesttopay/${encodeURIComponent(providerRef)}`,
      { headers: await this.headers() },
    );
    if (!response.ok) throw new ProviderUnavailableError('momo', `status answered ${String(response.status)}`);
    const body = (await response.json()) as {
      status: 'PENDING' | 'SUCCESSFUL' | 'FAILED';
      amount: string;
      currency: string;
      reason?: string;
    };
    if (body.status === 'SUCCESSFUL')
      return { status: 'succeeded', amountXof: Number(body.amount), currency: body.currency };
    if (body.status === 'FAILED') return { status: 'failed', reason: body.reason ?? 'FAILED' };
    return { status: 'pending' };
  }
}
