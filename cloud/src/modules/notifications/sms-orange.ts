/**
 * SMS through the Orange SMS API (research 6): OAuth client credentials, then an outbound
 * request from the country's sender address; receipts (deliveryInfoNotification) come back
 * to our receipt route. 429 (bundle rate) is retried by the queue.
 */
import { smsLength } from '@ismail/shared';
import {
  fetchWithTimeout,
  PermanentDeliveryError,
  type DeliveryChannel,
  type OutgoingMessage,
  type SendResult,
} from './channel.js';

export interface OrangeSmsConfig {
  readonly baseUrl: string;
  readonly clientId: string;
  readonly clientSecret: string;
  /** tel:+2250000 for Côte d'Ivoire. */
  readonly senderAddress: string;
  readonly senderName: string;
}

const tokenMarginMs = 60_000;

export function orangeSmsChannel(config: OrangeSmsConfig): DeliveryChannel {
  let token: { value: string; expiresAtMs: number } | null = null;
  async function bearer(): Promise<string> {
    if (token !== null && token.expiresAtMs > Date.now() + tokenMarginMs) return token.value;
    const response = await fetchWithTimeout(`${config.baseUrl}/oauth/v3/token`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`${config.clientId}:${config.clientSecret}`).toString('base64')}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: 'grant_type=client_credentials',
    });
    if (response.status === 401) throw new PermanentDeliveryError('Orange refused our client credentials');
    if (!response.ok) throw new Error(`Orange token answered ${String(response.status)}`);
    const body = (await response.json()) as { access_token: string; expires_in: number };
    token = { value: body.access_token, expiresAtMs: Date.now() + body.expires_in * 1000 };
    return body.access_token;
  }
  return {
    name: 'sms',
    async send(message: OutgoingMessage): Promise<SendResult> {
      const sender = encodeURIComponent(config.senderAddress);
      const response = await fetchWithTimeout(`${config.baseUrl}/smsmessaging/v1/outbound/${sender}/requests`, {
        method: 'POST',
        headers: { authorization: `Bearer ${await bearer()}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          outboundSMSMessageRequest: {
            address: `tel:${message.to}`,
            senderAddress: config.senderAddress,
            senderName: config.senderName,
            outboundSMSTextMessage: { message: message.rendered.sms },
          },
        }),
      });
      if (response.status === 400) throw new PermanentDeliveryError('Orange refused the message (400)');
      if (!response.ok) throw new Error(`Orange answered ${String(response.status)}`);
      const body = (await response.json()) as { outboundSMSMessageRequest?: { resourceURL?: string } };
      const id = body.outboundSMSMessageRequest?.resourceURL?.split('/').pop() ?? null;
      return {
        provider: 'orange',
        providerMessageId: id,
        status: 'sent',
        smsParts: smsLength(message.rendered.sms).parts,
      };
    },
  };
}
