/**
 * A simulated MTN MoMo Open API, Collections product (momodeveloper.mtn.com): token,
 * request-to-pay and its status, with the payer's answer chosen by the last digit of
 * their number (see momo-transaction.ts) and one unsigned callback when it resolves.
 *
 * Owns: tokens and requests-to-pay, in memory and bounded. Must never accept a call
 * without the subscription key and a live token, nor a reused X-Reference-Id.
 */
import type http from 'node:http';
import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import { deliveryLogMax, outgoingInFlightMax, paymentBodyMaxBytes, paymentRecordsMax, urlMaxChars } from '../limits.js';
import {
  BoundedMap,
  headerValue,
  httpUrl,
  listen,
  Outgoing,
  parseJson,
  postJson,
  pushBounded,
  readBody,
  sendEmpty,
  sendJson,
  type OutgoingStatus,
} from './http.js';
import { decide, parseRequestToPay, type MomoRequestToPay, type MomoTransaction } from './momo-transaction.js';

export type {
  MomoFailureReason,
  MomoPayer,
  MomoRequestToPay,
  MomoStatus,
  MomoTransaction,
} from './momo-transaction.js';

export interface MomoSimulatorOptions {
  readonly host?: string;
  /** 0 lets the OS choose a free port. */
  readonly port?: number;
  readonly subscriptionKey: string;
  readonly apiUser: string;
  readonly apiKey: string;
  /** Default "mtnivorycoast" (Côte d'Ivoire production); MTN's sandbox is "sandbox". */
  readonly targetEnvironment?: string;
  /** Time before the payer answers. Default 100. */
  readonly approvalDelayMs?: number;
  /** Token lifetime. Default 3600 s, as MTN's expires_in. */
  readonly tokenTtlMs?: number;
  /** When a payer who never answers (number ending in 3) becomes FAILED EXPIRED. Default 5 minutes. */
  readonly unansweredExpiryMs?: number;
  /** Extra identical callbacks per final answer, as a flaky network delivers them. Default 0. */
  readonly duplicateCallbacks?: number;
  readonly now?: () => number;
}

export interface MomoRequestRecord {
  readonly referenceId: string;
  readonly receivedAt: string;
  readonly callbackUrl: string | null;
  /** The status as GET would answer it now. */
  readonly transaction: MomoTransaction;
}

export interface MomoCallback {
  readonly referenceId: string;
  readonly url: string;
  /** The receiver's HTTP status, 'network-error', or 'dropped' when too many callbacks were in flight. */
  readonly status: OutgoingStatus | 'dropped';
  readonly at: string;
}

export interface MomoSimulator {
  readonly url: string;
  close(): Promise<void>;
  /**
   * Every stored request as GET would answer it now; like a GET, reading settles a due answer (and sends its callback).
   */
  requests(): readonly MomoRequestRecord[];
  callbacks(): readonly MomoCallback[];
}

interface Stored {
  readonly referenceId: string;
  readonly receivedAtMs: number;
  readonly callbackUrl: string | null;
  readonly request: MomoRequestToPay;
  /** Set once the payer's answer is final; it never changes after. */
  final: MomoTransaction | undefined;
  timers: NodeJS.Timeout[];
}

const defaultApprovalDelayMs = 100;
const defaultTokenTtlMs = 3600 * 1000;
const defaultUnansweredExpiryMs = 5 * 60 * 1000;
/** The currency of every West African MTN environment ISMAIL targets; MTN's sandbox uses EUR. */
const currencyFor = (targetEnvironment: string): string => (targetEnvironment === 'sandbox' ? 'EUR' : 'XOF');
const uuidV4Pattern = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;

const digest = (text: string): Buffer => createHash('sha256').update(text).digest();
const sameSecret = (given: string | undefined, expected: Buffer): boolean =>
  given !== undefined && timingSafeEqual(digest(given), expected);

/** Azure API Management answers for the subscription key, before MTN's code runs. */
const subscriptionKeyRefusal = {
  statusCode: 401,
  message:
    'Access denied due to invalid subscription key. Make sure to provide a valid key for an active subscription.',
};

export async function startMomoSimulator(options: MomoSimulatorOptions): Promise<MomoSimulator> {
  const now = options.now ?? Date.now;
  const targetEnvironment = options.targetEnvironment ?? 'mtnivorycoast';
  const currency = currencyFor(targetEnvironment);
  const approvalDelayMs = options.approvalDelayMs ?? defaultApprovalDelayMs;
  const tokenTtlMs = options.tokenTtlMs ?? defaultTokenTtlMs;
  const unansweredExpiryMs = options.unansweredExpiryMs ?? defaultUnansweredExpiryMs;
  const duplicateCallbacks = options.duplicateCallbacks ?? 0;
  const subscriptionKeyDigest = digest(options.subscriptionKey);
  const basicDigest = digest(`${options.apiUser}:${options.apiKey}`);
  const outgoing = new Outgoing();
  const tokens = new BoundedMap<string, number>(paymentRecordsMax);
  const stored = new BoundedMap<string, Stored>(paymentRecordsMax, (evicted) => {
    for (const timer of evicted.timers) outgoing.cancel(timer);
  });
  const callbackLog: MomoCallback[] = [];
  let callbacksInFlight = 0;

  const recordCallback = (referenceId: string, url: string, status: MomoCallback['status']): void => {
    pushBounded(callbackLog, { referenceId, url, status, at: new Date(now()).toISOString() }, deliveryLogMax);
  };

  const sendCallback = (item: Stored, transaction: MomoTransaction): void => {
    const url = item.callbackUrl;
    if (url === null || outgoing.closed) return;
    if (callbacksInFlight >= outgoingInFlightMax) {
      recordCallback(item.referenceId, url, 'dropped');
      return;
    }
    callbacksInFlight++;
    // MTN callbacks carry no signature and are not retried here: receivers must re-GET the status.
    void postJson(url, JSON.stringify(transaction), { 'user-agent': 'ismail-momo-simulator' }, outgoing.signal).then(
      (status) => {
        callbacksInFlight--;
        if (!outgoing.closed) recordCallback(item.referenceId, url, status);
      },
    );
  };

  /** The status now; freezes it and sends the callback the first time it is final. */
  const settle = (item: Stored): MomoTransaction => {
    if (item.final !== undefined) return item.final;
    const decision = decide(item.request.payer.partyId, {
      elapsedMs: now() - item.receivedAtMs,
      approvalDelayMs,
      unansweredExpiryMs,
    });
    switch (decision.status) {
      case 'PENDING':
        return { ...item.request, status: 'PENDING' };
      case 'FAILED':
        item.final = { ...item.request, status: 'FAILED', reason: decision.reason };
        break;
      case 'SUCCESSFUL':
        item.final = {
          ...item.request,
          status: 'SUCCESSFUL',
          financialTransactionId: String(randomInt(1_000_000_000, 9_999_999_999)),
        };
        break;
    }
    for (const timer of item.timers) outgoing.cancel(timer);
    item.timers = [];
    for (let copy = 0; copy <= duplicateCallbacks; copy++) sendCallback(item, item.final);
    return item.final;
  };

  const token = async (request: http.IncomingMessage, response: http.ServerResponse): Promise<void> => {
    await readBody(request, paymentBodyMaxBytes);
    if (!sameSecret(headerValue(request, 'ocp-apim-subscription-key'), subscriptionKeyDigest)) {
      sendJson(response, 401, subscriptionKeyRefusal);
      return;
    }
    const basic = /^Basic ([A-Za-z0-9+/=]+)$/.exec(headerValue(request, 'authorization') ?? '')?.[1];
    if (!sameSecret(basic === undefined ? undefined : Buffer.from(basic, 'base64').toString('utf8'), basicDigest)) {
      sendJson(response, 401, { code: 'Unauthorized', message: 'The API user and API key do not match.' });
      return;
    }
    const accessToken = randomBytes(32).toString('base64url');
    tokens.set(accessToken, now() + tokenTtlMs);
    sendJson(response, 200, {
      access_token: accessToken,
      token_type: 'access_token',
      expires_in: Math.floor(tokenTtlMs / 1000),
    });
  };

  /** Subscription key, live token and target environment, in the order MTN checks them. */
  const admitted = (request: http.IncomingMessage, response: http.ServerResponse): boolean => {
    if (!sameSecret(headerValue(request, 'ocp-apim-subscription-key'), subscriptionKeyDigest)) {
      sendJson(response, 401, subscriptionKeyRefusal);
      return false;
    }
    const bearer = /^Bearer (\S+)$/.exec(headerValue(request, 'authorization') ?? '')?.[1];
    const expiresAtMs = bearer === undefined ? undefined : tokens.get(bearer);
    if (expiresAtMs === undefined || now() >= expiresAtMs) {
      sendJson(response, 401, { code: 'Unauthorized', message: 'The access token is missing, unknown or expired.' });
      return false;
    }
    if (headerValue(request, 'x-target-environment') !== targetEnvironment) {
      sendJson(response, 403, {
        code: 'NOT_ALLOWED_TARGET_ENVIRONMENT',
        message: 'Access to target environment is forbidden.',
      });
      return false;
    }
    return true;
  };

  const requestToPay = async (request: http.IncomingMessage, response: http.ServerResponse): Promise<void> => {
    const body = await readBody(request, paymentBodyMaxBytes);
    if (!admitted(request, response)) return;
    const referenceId = headerValue(request, 'x-reference-id');
    if (referenceId === undefined || !uuidV4Pattern.test(referenceId)) {
      sendJson(response, 400, { code: 'BAD_REQUEST', message: 'X-Reference-Id must be a UUID version 4.' });
      return;
    }
    const rawCallbackUrl = headerValue(request, 'x-callback-url');
    const callbackUrl = rawCallbackUrl === undefined ? null : httpUrl(rawCallbackUrl, urlMaxChars);
    if (callbackUrl === undefined) {
      sendJson(response, 400, { code: 'INVALID_CALLBACK_URL_HOST', message: 'X-Callback-Url must be an http(s) URL.' });
      return;
    }
    if (!body.ok) {
      sendJson(response, 413, {
        code: 'BAD_REQUEST',
        message: `The body must be at most ${String(paymentBodyMaxBytes)} bytes.`,
      });
      return;
    }
    const parsed = parseRequestToPay(parseJson(body.text), currency);
    if (!parsed.ok) {
      sendJson(response, 400, { code: parsed.code, message: parsed.message });
      return;
    }
    const key = referenceId.toLowerCase();
    if (stored.has(key)) {
      sendJson(response, 409, {
        code: 'RESOURCE_ALREADY_EXIST',
        message: 'Duplicated reference id. Creation of resource failed.',
      });
      return;
    }
    const item: Stored = {
      referenceId,
      receivedAtMs: now(),
      callbackUrl,
      request: parsed.value,
      final: undefined,
      timers: [],
    };
    stored.set(key, item);
    // Timers only nudge: the status itself is computed from now(), so an injected clock rules.
    const delays = parsed.value.payer.partyId.endsWith('3') ? [unansweredExpiryMs] : [approvalDelayMs];
    // A timer may fire a millisecond before now() says the delay is over: nudge again until final.
    // Bounded, so an injected clock that never moves cannot keep timers going for ever.
    const nudge = (delayMs: number, left: number): void => {
      const timer = outgoing.after(delayMs, () => {
        item.timers = item.timers.filter((t) => t !== timer);
        if (settle(item).status === 'PENDING' && left > 0) nudge(20, left - 1);
      });
      if (timer !== undefined) item.timers.push(timer);
    };
    for (const delayMs of delays) nudge(delayMs, 50);
    sendEmpty(response, 202);
  };

  const status = (referenceId: string, request: http.IncomingMessage, response: http.ServerResponse): void => {
    if (!admitted(request, response)) return;
    const item = stored.get(referenceId.toLowerCase());
    if (item === undefined) {
      sendJson(response, 404, { code: 'RESOURCE_NOT_FOUND', message: 'Requested resource was not found.' });
      return;
    }
    sendJson(response, 200, settle(item));
  };

  const server = await listen(options.host ?? '127.0.0.1', options.port ?? 0, async (request, response) => {
    const path = new URL(request.url ?? '/', 'http://simulator').pathname;
    const method = request.method ?? 'GET';
    if ((path === '/collection/token/' || path === '/collection/token') && method === 'POST')
      return token(request, response);
    if (path === '/collection/v1_0/requesttopay' && method === 'POST') return requestToPay(request, response);
    const statusMatch = /^\/collection\/v1_0\/requesttopay\/([^/]+)$/.exec(path);
    if (statusMatch?.[1] !== undefined && method === 'GET') return status(statusMatch[1], request, response);
    sendJson(response, 404, { statusCode: 404, message: 'Resource not found' });
  });

  return {
    url: server.url,
    close: async () => {
      outgoing.close();
      await server.close();
    },
    requests: () =>
      Array.from(stored.values(), (item) => ({
        referenceId: item.referenceId,
        receivedAt: new Date(item.receivedAtMs).toISOString(),
        callbackUrl: item.callbackUrl,
        transaction: settle(item),
      })),
    callbacks: () => callbackLog.slice(),
  };
}
