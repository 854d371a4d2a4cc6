/**
 * SMS through an Africa's-Talking-style API (research 6): form POST with the apiKey header;
 * statusCode 101 is accepted; delivery reports come back to our receipt route.
 */
import { smsLength } from '@ismail/shared';
import {
  fetchWithTimeout,
  PermanentDeliveryError,
  type DeliveryChannel,
  type OutgoingMessage,
  type SendResult,
} from './channel.js';

export interface AfricasTalkingConfig {
  readonly baseUrl: string;
  readonly username: string;
  readonly apiKey: string;
  /** Alphanumeric sender ID (≤ 11 characters, registered with the operators). */
  readonly senderId: string;
}

interface Recipient {
  statusCode: number;
  status: string;
  messageId: string;
  number: string;
}

export function africasTalkingChannel(config: AfricasTalkingConfig): DeliveryChannel {
  return {
    name: 'sms',
    async send(message: OutgoingMessage): Promise<SendResult> {
      const response = await fetchWithTimeout(`${config.baseUrl}/version1/messaging`, {
        method: 'POST',
        headers: {
          apiKey: config.apiKey,
          accept: 'application/json',
          'content-type': 'application/x-www-form-urlencoded',
        },
        body: new URLSearchParams({
          username: config.username,
          to: message.to,
          message: message.rendered.sms,
          from: config.senderId,
        }).toString(),
      });
      if (response.status === 401) throw new PermanentDeliveryError('the SMS provider refused our API key');
      if (!response.ok) throw new Error(`SMS provider answered ${String(response.status)}`);
      const body = (await response.json()) as { SMSMessageData?: { Recipients?: Recipient[] } };
      const recipient = body.SMSMessageData?.Recipients?.[0];
      if (recipient === undefined) throw new Error('SMS provider answered without a recipient');
      if (recipient.statusCode !== 101 && recipient.statusCode !== 100 && recipient.statusCode !== 102)
        throw new PermanentDeliveryError(`SMS refused: ${recipient.status}`);
      return {
        provider: 'africastalking',
        providerMessageId: recipient.messageId,
        status: 'sent',
        smsParts: smsLength(message.rendered.sms).parts,
      };
    },
  };
}
