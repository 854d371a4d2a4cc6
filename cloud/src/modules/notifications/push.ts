/**
 * Web push (VAPID) with the web-push library: the payload is encrypted for the subscription.
 *
 * A subscription's endpoint is a URL the browser hands us, so whoever registers one chooses
 * where the cloud posts (issue 20.6, SSRF). Endpoints are taken only on the known push
 * services' hosts (`pushServiceHosts`: HTTPS, default port, no credentials), when registered
 * and again at every send; at send time the host is resolved, every address checked and the
 * connection pinned to a checked one (webhooks/outbound.ts), so a push service name that
 * resolves to our network gets no connection. Failures are told in our own words.
 */
import { Agent } from 'node:https';
import webpush from 'web-push';
import { checkingLookup, ourWords, type OutboundRefused, type Resolver } from '../webhooks/outbound.js';
import { PermanentDeliveryError, type DeliveryChannel, type OutgoingMessage, type SendResult } from './channel.js';

export interface VapidConfig {
  readonly subject: string;
  readonly publicKey: string;
  readonly privateKey: string;
}

/**
 * The push services browsers subscribe through: Chrome/Edge/Android (FCM), Firefox (Mozilla
 * autopush), Safari (Apple), legacy Edge (WNS). `*.` is any subdomain, never the bare name.
 */
export const pushServiceHosts: readonly string[] = [
  'fcm.googleapis.com',
  'updates.push.services.mozilla.com',
  '*.push.apple.com',
  '*.notify.windows.com',
];

function knownPushHost(hostname: string): boolean {
  const host = hostname.toLowerCase();
  return pushServiceHosts.some((pattern) =>
    pattern.startsWith('*.') ? host.endsWith(pattern.slice(1)) && host.length > pattern.length - 1 : host === pattern,
  );
}

/** Why an endpoint is refused, or null when it is on a known push service. */
export function pushEndpointProblem(endpoint: string): string | null {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    return 'not a URL';
  }
  if (url.protocol !== 'https:') return 'not HTTPS';
  if (url.username !== '' || url.password !== '' || url.port !== '') return 'credentials or a port in the address';
  if (!knownPushHost(url.hostname)) return 'not a known push service';
  return null;
}

export function pushChannel(vapid: VapidConfig, options: { resolve?: Resolver } = {}): DeliveryChannel {
  return {
    name: 'push',
    async send(message: OutgoingMessage): Promise<SendResult> {
      const subscription = JSON.parse(message.to) as webpush.PushSubscription;
      const problem = pushEndpointProblem(subscription.endpoint);
      // Stored before the rule, or written around it: never sent, never retried.
      if (problem !== null) throw new PermanentDeliveryError(`push endpoint refused: ${problem}`);
      let refused: OutboundRefused | undefined;
      // One connection, to an address resolved and checked by the agent's lookup (no pooled socket reused).
      const agent = new Agent({
        keepAlive: false,
        lookup: checkingLookup(
          { ...(options.resolve === undefined ? {} : { resolve: options.resolve }) },
          (error) => (refused = error),
        ),
      });
      try {
        const result = await webpush.sendNotification(
          subscription,
          JSON.stringify({ title: message.rendered.title, body: message.rendered.body, id: message.deliveryId }),
          {
            vapidDetails: vapid,
            TTL: 24 * 3600,
            timeout: 10_000,
            agent,
          },
        );
        return { provider: 'webpush', providerMessageId: result.headers.location ?? null, status: 'sent' };
      } catch (error) {
        if (refused !== undefined) throw new Error(`push service address refused: ${refused.message}`);
        const status = (error as { statusCode?: number }).statusCode;
        // 404/410: the browser unsubscribed; never try that subscription again.
        if (status === 404 || status === 410)
          throw new PermanentDeliveryError(`push subscription gone (${String(status)})`);
        if (status !== undefined) throw new Error(`push service answered HTTP ${String(status)}`);
        throw new Error(`push service unreachable: ${ourWords(error)}`);
      } finally {
        agent.destroy();
      }
    },
  };
}
