/**
 * A simulated Orange SMS API (developer.orange.com, "SMS Africa & Middle East") for running
 * ISMAIL without an Orange contract: client-credentials token, the OneAPI outbound request
 * with its resourceURL, a per-second rate limit answered 429 with Retry-After, and JSON
 * delivery receipts retried while the receiver fails.
 *
 * Owns: tokens, sent messages and the receipt log, in memory and bounded. Must never accept
 * a send without a live token, nor send past the rate limit.
 */
import type http from 'node:http';
import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { smsBodyMaxBytes, smsRecordsMax } from '../limits.js';
import { BoundedMap, headerValue, listen, parseJson, pushBounded, readBody, sendJson } from '../payments/http.js';
import { smsParts, type SmsEncoding } from './gsm.js';
import {
  isSenderAddress,
  parseOutboundRequest,
  serviceException,
  type OrangeOutboundRequest,
} from './orange-request.js';
import { createReportSender, type ReportAttempt } from './reports.js';
import { deliveryFails } from './rules.js';

export type { OrangeOutboundRequest, OrangeServiceException } from './orange-request.js';

export interface OrangeSmsSimulatorOptions {
  readonly host?: string;
  /** 0 lets the OS choose a free port. */
  readonly port?: number;
  readonly clientId: string;
  readonly clientSecret: string;
  /** Without one, no delivery receipt is sent (setNotifyUrl can add it later). */
  readonly notifyUrl?: string;
  /** Wait before a message's delivery receipt. Default 50. */
  readonly deliveryDelayMs?: number;
  /**
   * Sends accepted per second (sliding window); beyond it 429 with Retry-After. Default 5, as Orange; 0 for no limit.
   */
  readonly maxPerSecond?: number;
  /** Token lifetime. Default 3600 s, as Orange's expires_in. */
  readonly tokenTtlMs?: number;
  readonly now?: () => number;
}

export interface OrangeSms {
  readonly id: string;
  readonly address: string;
  readonly senderAddress: string;
  readonly senderName: string | null;
  readonly message: string;
  readonly encoding: SmsEncoding;
  readonly units: number;
  readonly parts: number;
  readonly resourceURL: string;
  readonly receivedAt: string;
}

export type OrangeDeliveryStatus = 'DeliveredToTerminal' | 'DeliveryImpossible';

/** One attempt to post a delivery receipt. */
export interface OrangeNotification extends ReportAttempt {
  readonly callbackData: string;
  readonly address: string;
  readonly deliveryStatus: OrangeDeliveryStatus;
}

export interface OrangeSmsSimulator {
  readonly url: string;
  close(): Promise<void>;
  setNotifyUrl(url: string): void;
  messages(): readonly OrangeSms[];
  notifications(): readonly OrangeNotification[];
}

const defaultDeliveryDelayMs = 50;
const defaultMaxPerSecond = 5;
const defaultTokenTtlMs = 3600 * 1000;
const rateWindowMs = 1000;
const sendPathPattern = /^\/smsmessaging\/v1\/outbound\/([^/]+)\/requests$/;

const digest = (text: string): Buffer => createHash('sha256').update(text).digest();
const sameSecret = (given: string | undefined, expected: Buffer): boolean =>
  given !== undefined && timingSafeEqual(digest(given), expected);

/** The gateway's answers, before the SMS service sees the request (shapes as Orange sends them). */
const invalidCredentials = {
  code: 41,
  message: 'Invalid credentials',
  description: 'The requested service needs credentials, but the ones provided were invalid.',
};
const expiredCredentials = {
  code: 42,
  message: 'Expired credentials',
  description: 'The requested service needs credentials, and the ones provided were out-of-date.',
};
const tooManyRequests = {
  code: 53,
  message: 'Too many requests',
  description: 'The application has made too many calls and has exceeded the rate limit for this service.',
};

function decodeSegment(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

export async function startOrangeSmsSimulator(options: OrangeSmsSimulatorOptions): Promise<OrangeSmsSimulator> {
  const now = options.now ?? Date.now;
  const maxPerSecond = options.maxPerSecond ?? defaultMaxPerSecond;
  const tokenTtlMs = options.tokenTtlMs ?? defaultTokenTtlMs;
  const basicDigest = digest(`${options.clientId}:${options.clientSecret}`);
  const tokens = new BoundedMap<string, number>(smsRecordsMax);
  /** Times of the sends accepted in the last second; never longer than maxPerSecond. */
  const recentSendsMs: number[] = [];
  const sent: OrangeSms[] = [];
  let notifyUrl = options.notifyUrl;
  let baseUrl = '';
  const receipts = createReportSender<Omit<OrangeNotification, keyof ReportAttempt>>({
    delayMs: options.deliveryDelayMs ?? defaultDeliveryDelayMs,
    contentType: 'application/json',
    userAgent: 'ismail-orange-sms-simulator',
    now,
    url: () => notifyUrl,
  });

  const token = async (request: http.IncomingMessage, response: http.ServerResponse): Promise<void> => {
    const body = await readBody(request, smsBodyMaxBytes);
    const basic = /^Basic ([A-Za-z0-9+/=]+)$/.exec(headerValue(request, 'authorization') ?? '')?.[1];
    if (!sameSecret(basic === undefined ? undefined : Buffer.from(basic, 'base64').toString('utf8'), basicDigest)) {
      sendJson(response, 401, {
        error: 'invalid_client',
        error_description: 'The requested service needs credentials, but the ones provided were invalid.',
      });
      return;
    }
    const isForm = (headerValue(request, 'content-type') ?? '')
      .toLowerCase()
      .startsWith('application/x-www-form-urlencoded');
    if (!body.ok || !isForm || new URLSearchParams(body.text).get('grant_type') !== 'client_credentials') {
      sendJson(response, 400, {
        error: 'unsupported_grant_type',
        error_description: 'The body must be the form grant_type=client_credentials.',
      });
      return;
    }
    const accessToken = randomBytes(32).toString('base64url');
    tokens.set(accessToken, now() + tokenTtlMs);
    sendJson(response, 200, {
      token_type: 'Bearer',
      access_token: accessToken,
      expires_in: Math.floor(tokenTtlMs / 1000),
    });
  };

  /**
   * Seconds until a send is allowed again, or 0 when one is allowed now (and counted).
   * Counted at the gateway, after the token and before the body is read, as Orange's
   * quota is: a send refused for its body still used its slot.
   */
  const rateLimited = (): number => {
    if (maxPerSecond <= 0) return 0;
    const nowMs = now();
    while (recentSendsMs.length > 0 && (recentSendsMs[0] ?? 0) <= nowMs - rateWindowMs) recentSendsMs.shift();
    const oldest = recentSendsMs[0];
    if (oldest !== undefined && recentSendsMs.length >= maxPerSecond)
      return Math.max(1, Math.ceil((oldest + rateWindowMs - nowMs) / 1000));
    recentSendsMs.push(nowMs);
    return 0;
  };

  const sendSms = async (
    pathSegment: string,
    request: http.IncomingMessage,
    response: http.ServerResponse,
  ): Promise<void> => {
    const body = await readBody(request, smsBodyMaxBytes);
    const bearer = /^Bearer (\S+)$/.exec(headerValue(request, 'authorization') ?? '')?.[1];
    const expiresAtMs = bearer === undefined ? undefined : tokens.get(bearer);
    if (expiresAtMs === undefined) {
      sendJson(response, 401, invalidCredentials);
      return;
    }
    if (now() >= expiresAtMs) {
      sendJson(response, 401, expiredCredentials);
      return;
    }
    const retryAfterSeconds = rateLimited();
    if (retryAfterSeconds > 0) {
      response.setHeader('retry-after', String(retryAfterSeconds));
      sendJson(response, 429, tooManyRequests);
      return;
    }
    const pathSender = decodeSegment(pathSegment);
    if (pathSender === undefined || !isSenderAddress(pathSender)) {
      sendJson(
        response,
        400,
        serviceException(
          'senderAddress',
          'the URL path must hold the encoded sender address, such as tel%3A%2B2250000',
        ),
      );
      return;
    }
    if (!body.ok) {
      sendJson(
        response,
        400,
        serviceException('outboundSMSMessageRequest', `the body must be at most ${String(smsBodyMaxBytes)} bytes`),
      );
      return;
    }
    const parsed = parseOutboundRequest(parseJson(body.text), pathSender);
    if (!parsed.ok) {
      sendJson(response, 400, parsed.error);
      return;
    }
    const outbound: OrangeOutboundRequest = parsed.value;
    const id = randomUUID();
    const resourceURL = `${baseUrl}/smsmessaging/v1/outbound/${encodeURIComponent(pathSender)}/requests/${id}`;
    const counted = smsParts(outbound.outboundSMSTextMessage.message);
    pushBounded(
      sent,
      {
        id,
        address: outbound.address,
        senderAddress: outbound.senderAddress,
        senderName: outbound.senderName ?? null,
        message: outbound.outboundSMSTextMessage.message,
        encoding: counted.encoding,
        units: counted.units,
        parts: counted.parts,
        resourceURL,
        receivedAt: new Date(now()).toISOString(),
      },
      smsRecordsMax,
    );
    response.setHeader('location', resourceURL);
    sendJson(response, 201, { outboundSMSMessageRequest: { ...outbound, resourceURL } });
    const deliveryStatus: OrangeDeliveryStatus = deliveryFails(outbound.address)
      ? 'DeliveryImpossible'
      : 'DeliveredToTerminal';
    const receipt = {
      deliveryInfoNotification: { callbackData: id, deliveryInfo: { address: outbound.address, deliveryStatus } },
    };
    receipts.send({ callbackData: id, address: outbound.address, deliveryStatus }, JSON.stringify(receipt));
  };

  const server = await listen(options.host ?? '127.0.0.1', options.port ?? 0, async (request, response) => {
    const path = new URL(request.url ?? '/', 'http://simulator').pathname;
    const method = request.method ?? 'GET';
    if (path === '/oauth/v3/token' && method === 'POST') return token(request, response);
    const sendMatch = sendPathPattern.exec(path);
    if (sendMatch?.[1] !== undefined && method === 'POST') return sendSms(sendMatch[1], request, response);
    sendJson(response, 404, { code: 60, message: 'Resource not found', description: `No route ${method} ${path}.` });
  });
  baseUrl = server.url;

  return {
    url: server.url,
    close: async () => {
      receipts.close();
      await server.close();
    },
    setNotifyUrl: (url) => {
      notifyUrl = url;
    },
    messages: () => sent.slice(),
    notifications: () => receipts.log(),
  };
}
