/**
 * Web push (VAPID) with the web-push library: the payload is encrypted for the subscription.
 *
 * A subscription's endpoint is a URL the browser hands us, so whoever registers one chooses
 * where the cloud posts (issue 20.6, SSRF). Endpoints are taken only on the known push
 * services' hosts (`pushServiceHosts`: HTTPS, default port, no credentials), when registered
 * and again at every send; at send time the host is resolved, every address checked and the
 * connection pinned to a checked one (webhooks/outbound.ts), so a push service name that
 * resolves to our network gets no connection. Failures are told in our own words.
 *
 * One exception, the operator's, never a default: a push service it names by origin
 * (ISMAIL_PUSH_TEST_SERVICE: the simulator in tests and the demo), with the certificate to
 * trust for it. Endpoints on exactly that origin are taken and posted to as named.
 * A subscription the service says is gone (404, 410) is forgotten (GoneDestinationError).
 */
import { Agent } from 'node:https';
import webpush from 'web-push';
import type { Pool } from 'pg';
import { checkingLookup, ourWords, type OutboundRefused, type Resolver } from '../webhooks/outbound.js';
import {
  GoneDestinationError,
  PermanentDeliveryError,
  type DeliveryChannel,
  type OutgoingMessage,
  type SendResult,
} from './channel.js';

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

/** A push service the operator adds to the known ones (the simulator): never a default. */
export interface ExtraPushService {
  /** Its origin (https://host:port): endpoints on exactly this origin are taken. */
  readonly origin: string;
  /** The PEM certificate(s) to trust for it, read at each send (the simulator makes its certificate when it starts). */
  readonly ca?: () => string;
}

const onOrigin = (url: URL, extra: ExtraPushService | undefined): boolean =>
  extra !== undefined && url.protocol === 'https:' && url.origin === new URL(extra.origin).origin;

/** Why an endpoint is refused, or null when it is on a known push service (or the operator's extra one). */
export function pushEndpointProblem(endpoint: string, extra?: ExtraPushService): string | null {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    return 'not a URL';
  }
  if (onOrigin(url, extra) && url.username === '' && url.password === '') return null;
  if (url.protocol !== 'https:') return 'not HTTPS';
  if (url.username !== '' || url.password !== '' || url.port !== '') return 'credentials or a port in the address';
  if (!knownPushHost(url.hostname)) return 'not a known push service';
  return null;
}

/** Forgets a push subscription (a delivery's destination JSON) its push service says is gone. */
export async function forgetPushSubscription(pool: Pool, destination: string): Promise<void> {
  const { endpoint } = JSON.parse(destination) as { endpoint: string };
  await pool.query('DELETE FROM push_subscriptions WHERE endpoint = $1', [endpoint]);
}

export function pushChannel(
  vapid: VapidConfig,
  options: { resolve?: Resolver; extraService?: ExtraPushService } = {},
): DeliveryChannel {
  const extra = options.extraService;
  return {
    name: 'push',
    addressProblem: (to) => pushEndpointProblem(to, extra),
    async send(message: OutgoingMessage): Promise<SendResult> {
      const subscription = JSON.parse(message.to) as webpush.PushSubscription;
      const problem = pushEndpointProblem(subscription.endpoint, extra);
      // Stored before the rule, or written around it: never sent, never retried.
      if (problem !== null) throw new PermanentDeliveryError(`push endpoint refused: ${problem}`);
      let refused: OutboundRefused | undefined;
      // One connection, to an address resolved and checked by the agent's lookup (no pooled socket reused);
      // the operator's extra service is reached as named, trusting its certificate.
      const agent = onOrigin(new URL(subscription.endpoint), extra)
        ? new Agent({ keepAlive: false, ...(extra?.ca === undefined ? {} : { ca: extra.ca() }) })
        : new Agent({
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
          throw new GoneDestinationError(`push subscription gone (${String(status)})`);
        if (status !== undefined) throw new Error(`push service answered HTTP ${String(status)}`);
        throw new Error(`push service unreachable: ${ourWords(error)}`);
      } finally {
        agent.destroy();
      }
    },
  };
}
