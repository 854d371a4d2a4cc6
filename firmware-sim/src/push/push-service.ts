/**
 * A push service like a browser vendor's (FCM, Mozilla autopush), over HTTPS with its own
 * certificate (tls.ts), for tests and the demo:
 *
 * - it hands out subscriptions (`subscribe`, or `POST /sim/subscriptions`), each bound to the
 *   application server key (VAPID public key) it was made for, as `pushManager.subscribe` does;
 * - it takes the application server's RFC 8030 push message, `POST /wpush/{id}` with VAPID
 *   (RFC 8292: vapid.ts), a TTL and an aes128gcm body (RFC 8188 / RFC 8291), stores the
 *   encrypted bytes as received and answers 201 with the message's Location;
 * - an unknown subscription answers 404, an expired one (`expire`) 410 Gone, so the sender drops it.
 *
 * It never decrypts: only the subscriber holds the keys (browser.ts plays that part in tests).
 * Memory is bounded: subscriptions and messages per subscription (limits.ts), oldest dropped first.
 */
import https from 'node:https';
import type http from 'node:http';
import { randomUUID } from 'node:crypto';
import { BoundedMap, headerValue, isRecord, parseJson, pushBounded, randomIdText, sendJson } from '../payments/http.js';
import {
  controlBodyMaxBytes,
  pushMessageMaxBytes,
  pushMessagesPerSubscriptionMax,
  pushSubscriptionsMax,
} from './limits.js';
import { selfSignedIdentity } from './tls.js';
import { checkVapid } from './vapid.js';

export interface PushedMessage {
  readonly id: string;
  readonly receivedAt: string;
  readonly ttlS: number;
  readonly urgency: string;
  readonly topic: string | null;
  /** The encrypted body as the application server sent it (aes128gcm). */
  readonly body: Buffer;
}

export interface PushServiceSimulatorOptions {
  readonly host?: string;
  /** 0 picks a free port. */
  readonly port?: number;
}

export interface PushServiceSimulator {
  /** https://host:port, the origin VAPID tokens must name as audience. */
  readonly url: string;
  /** The self-signed certificate clients must trust to reach it. */
  readonly certificatePem: string;
  /** A new subscription for an application server key (base64url, 65-byte P-256 point): its endpoint. */
  subscribe(applicationServerKey: string): { endpoint: string };
  /** Messages received for an endpoint, oldest first. */
  messages(endpoint: string): readonly PushedMessage[];
  /** The browser unsubscribed: from now on the endpoint answers 410. */
  expire(endpoint: string): void;
  close(): Promise<void>;
}

interface Subscription {
  readonly applicationServerKey: string;
  expired: boolean;
  readonly messages: PushedMessage[];
}

const urgencies = new Set(['very-low', 'low', 'normal', 'high']);
const keyPattern = /^[A-Za-z0-9_-]{87}$/;

function readBytes(request: http.IncomingMessage, maxBytes: number): Promise<Buffer | undefined> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let received = 0;
    request.on('data', (chunk: Buffer) => {
      received += chunk.length;
      if (received <= maxBytes) chunks.push(chunk);
    });
    request.on('end', () => resolve(received > maxBytes ? undefined : Buffer.concat(chunks)));
    request.on('error', () => resolve(undefined));
  });
}

const problem = (response: http.ServerResponse, status: number, reason: string): void =>
  sendJson(response, status, { code: status, errno: status, error: reasonPhrase(status), message: reason });

function reasonPhrase(status: number): string {
  const reasons: Record<number, string> = {
    400: 'Bad Request',
    401: 'Unauthorized',
    403: 'Forbidden',
    404: 'Not Found',
    410: 'Gone',
    413: 'Payload Too Large',
    415: 'Unsupported Media Type',
  };
  return reasons[status] ?? 'Error';
}

export async function startPushServiceSimulator(
  options: PushServiceSimulatorOptions = {},
): Promise<PushServiceSimulator> {
  const host = options.host ?? '127.0.0.1';
  const identity = await selfSignedIdentity([host, '127.0.0.1', 'localhost']);
  const subscriptions = new BoundedMap<string, Subscription>(pushSubscriptionsMax);
  let origin = '';

  const subscribe = (applicationServerKey: string): { endpoint: string } => {
    if (!keyPattern.test(applicationServerKey))
      throw new Error('the application server key is a 65-byte P-256 point in base64url');
    const id = randomIdText(26);
    subscriptions.set(id, { applicationServerKey, expired: false, messages: [] });
    return { endpoint: `${origin}/wpush/${id}` };
  };
  const idOf = (endpoint: string): string => endpoint.slice(`${origin}/wpush/`.length);

  async function onPush(id: string, request: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
    const subscription = subscriptions.get(id);
    const body = await readBytes(request, pushMessageMaxBytes);
    if (subscription === undefined) return problem(response, 404, 'No such subscription.');
    if (subscription.expired) return problem(response, 410, 'The subscription has expired or was unsubscribed.');
    const vapid = checkVapid(
      headerValue(request, 'authorization'),
      origin,
      subscription.applicationServerKey,
      Date.now(),
    );
    if (!vapid.ok) return problem(response, vapid.status, vapid.reason);
    if (body === undefined) return problem(response, 413, `The body is over ${String(pushMessageMaxBytes)} bytes.`);
    const ttl = headerValue(request, 'ttl');
    if (ttl === undefined || !/^\d{1,10}$/.test(ttl)) return problem(response, 400, 'A TTL header is required.');
    const urgency = headerValue(request, 'urgency') ?? 'normal';
    if (!urgencies.has(urgency)) return problem(response, 400, 'Urgency is very-low, low, normal or high.');
    const topic = headerValue(request, 'topic') ?? null;
    if (topic !== null && !/^[A-Za-z0-9_-]{1,32}$/.test(topic))
      return problem(response, 400, 'A topic is at most 32 base64url characters.');
    if (body.length > 0 && headerValue(request, 'content-encoding') !== 'aes128gcm')
      return problem(response, 415, 'The body must be encrypted with Content-Encoding: aes128gcm (RFC 8291).');
    const message: PushedMessage = {
      id: randomUUID(),
      receivedAt: new Date().toISOString(),
      ttlS: Number(ttl),
      urgency,
      topic,
      body,
    };
    pushBounded(subscription.messages, message, pushMessagesPerSubscriptionMax);
    response.writeHead(201, { location: `${origin}/m/${message.id}`, ttl, 'content-length': 0 });
    response.end();
  }

  async function onControl(path: string, request: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
    if (path === '/sim/subscriptions' && request.method === 'POST') {
      const raw = await readBytes(request, controlBodyMaxBytes);
      const parsed = raw === undefined ? undefined : parseJson(raw.toString('utf8'));
      const key = isRecord(parsed) ? parsed.applicationServerKey : undefined;
      if (typeof key !== 'string' || !keyPattern.test(key))
        return problem(response, 400, 'applicationServerKey: a 65-byte P-256 point in base64url.');
      return sendJson(response, 201, subscribe(key));
    }
    const match = /^\/sim\/subscriptions\/([a-z0-9]{1,40})\/(messages|expire)$/.exec(path);
    const subscription = match?.[1] === undefined ? undefined : subscriptions.get(match[1]);
    if (subscription === undefined) return problem(response, 404, 'No such subscription.');
    if (match?.[2] === 'expire' && request.method === 'POST') {
      subscription.expired = true;
      return sendJson(response, 200, { expired: true });
    }
    if (match?.[2] === 'messages' && request.method === 'GET')
      return sendJson(response, 200, {
        messages: subscription.messages.map((m) => ({ ...m, body: m.body.toString('base64url') })),
      });
    return problem(response, 404, 'Not here.');
  }

  const server = https.createServer({ key: identity.keyPem, cert: identity.certificatePem }, (request, response) => {
    const path = new URL(request.url ?? '/', 'https://sim').pathname;
    const push = /^\/wpush\/([a-z0-9]{1,40})$/.exec(path);
    const handled =
      push?.[1] !== undefined && request.method === 'POST'
        ? onPush(push[1], request, response)
        : onControl(path, request, response);
    handled.catch(() => {
      if (!response.headersSent) problem(response, 500, 'The simulator failed on this request.');
      else response.destroy();
    });
  });
  server.headersTimeout = 10_000;
  server.requestTimeout = 30_000;
  server.keepAliveTimeout = 5000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : (options.port ?? 0);
  origin = `https://${host.includes(':') ? `[${host}]` : host}:${String(port)}`;

  return {
    url: origin,
    certificatePem: identity.certificatePem,
    subscribe,
    messages: (endpoint) => subscriptions.get(idOf(endpoint))?.messages ?? [],
    expire: (endpoint) => {
      const subscription = subscriptions.get(idOf(endpoint));
      if (subscription !== undefined) subscription.expired = true;
    },
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
