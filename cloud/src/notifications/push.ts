/** Web push (VAPID) with the web-push library: the payload is encrypted for the subscription. */
import webpush from 'web-push';
import { PermanentDeliveryError, type DeliveryChannel, type OutgoingMessage, type SendResult } from './channel.js';

export interface VapidConfig {
  readonly subject: string;
  readonly publicKey: string;
  readonly privateKey: string;
}

export function pushChannel(vapid: VapidConfig): DeliveryChannel {
  return {
    name: 'push',
    async send(message: OutgoingMessage): Promise<SendResult> {
      const subscription = JSON.parse(message.to) as webpush.PushSubscription;
      try {
        const result = await webpush.sendNotification(subscription, JSON.stringify({ title: message.rendered.title, body: message.rendered.body, id: message.deliveryId }), {
          vapidDetails: vapid,
          TTL: 24 * 3600,
          timeout: 10_000,
        });
        return { provider: 'webpush', providerMessageId: result.headers.location ?? null, status: 'sent' };
      } catch (error) {
        const status = (error as { statusCode?: number }).statusCode;
        // 404/410: the browser unsubscribed; never try that subscription again.
        if (status === 404 || status === 410) throw new PermanentDeliveryError(`push subscription gone (${String(status)})`);
        throw error;
      }
    },
  };
}
