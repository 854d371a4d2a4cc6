/**
 * A simulated Wave Checkout API (docs.wave.com/checkout) for running ISMAIL without a
 * Wave business account: the merchant API under /v1/checkout/sessions, a customer page
 * under /pay/:id where a person (or a test) chooses the outcome, and signed webhooks sent
 * more than once and retried, as the real service does.
 *
 * Owns: sessions, idempotency keys and webhook deliveries, all in memory and bounded.
 * Must never accept a request without the API key, nor let a complete or expired session
 * be paid.
 */
import type http from 'node:http';
import { createHash, timingSafeEqual } from 'node:crypto';
import { idempotencyKeyMaxChars, paymentBodyMaxBytes, paymentRecordsMax } from '../limits.js';
import { BoundedMap, headerValue, isRecord, listen, parseJson, randomIdText, readBody, sendJson } from './http.js';
import {
  applyExpiry,
  applyPayment,
  copySession,
  newSession,
  parseCreateRequest,
  requestFingerprint,
  type PayOutcome,
  type WaveSession,
} from './wave-session.js';
import { createWebhookSender, type Delivery } from './wave-webhooks.js';

export { waveSignature, type Delivery } from './wave-webhooks.js';
export type { WaveCheckoutStatus, WaveEvent, WaveEventType, WavePaymentStatus, WaveSession } from './wave-session.js';

export interface WaveSimulatorOptions {
  readonly host?: string;
  /** 0 lets the OS choose a free port. */
  readonly port?: number;
  readonly apiKey: string;
  readonly signingSecret: string;
  /** Without one, no webhook is sent (setWebhookUrl can add it later). */
  readonly webhookUrl?: string;
  /** Wait before the first delivery of an event; each duplicate waits one more delay. Default 50. */
  readonly webhookDelayMs?: number;
  /** Extra identical deliveries of each event. Default 1: real Wave duplicates happen. */
  readonly duplicateDeliveries?: number;
  /** Default 30 minutes. */
  readonly sessionTtlMs?: number;
  /** Every Nth create answers 500 without creating anything. Default 0: never. */
  readonly failCreateEvery?: number;
  readonly now?: () => number;
}

export interface WaveSimulator {
  readonly url: string;
  close(): Promise<void>;
  setWebhookUrl(url: string): void;
  deliveries(): readonly Delivery[];
}

const defaultWebhookDelayMs = 50;
const defaultSessionTtlMs = 30 * 60 * 1000;

interface IdempotentReply {
  readonly fingerprint: string;
  readonly session: WaveSession;
}

const digest = (text: string): Buffer => createHash('sha256').update(text).digest();

export async function startWaveSimulator(options: WaveSimulatorOptions): Promise<WaveSimulator> {
  const now = options.now ?? Date.now;
  const sessionTtlMs = options.sessionTtlMs ?? defaultSessionTtlMs;
  const failCreateEvery = options.failCreateEvery ?? 0;
  const apiKeyDigest = digest(options.apiKey);
  let webhookUrl = options.webhookUrl;
  let creates = 0;
  const sessions = new BoundedMap<string, WaveSession>(paymentRecordsMax);
  const idempotency = new BoundedMap<string, IdempotentReply>(paymentRecordsMax);
  const webhooks = createWebhookSender({
    signingSecret: options.signingSecret,
    delayMs: options.webhookDelayMs ?? defaultWebhookDelayMs,
    duplicateDeliveries: options.duplicateDeliveries ?? 1,
    now,
    url: () => webhookUrl,
  });
  let baseUrl = '';

  const authorised = (request: http.IncomingMessage): boolean => {
    const match = /^Bearer (\S+)$/.exec(headerValue(request, 'authorization') ?? '');
    return match?.[1] !== undefined && timingSafeEqual(digest(match[1]), apiKeyDigest);
  };

  const findSession = (id: string): WaveSession | undefined => {
    const session = sessions.get(id);
    if (session !== undefined) applyExpiry(session, now());
    return session;
  };

  const create = async (request: http.IncomingMessage, response: http.ServerResponse): Promise<void> => {
    const idempotencyKey = headerValue(request, 'idempotency-key');
    if (
      idempotencyKey !== undefined &&
      (idempotencyKey.length === 0 || idempotencyKey.length > idempotencyKeyMaxChars)
    ) {
      sendJson(response, 400, {
        code: 'request-validation-error',
        message: `Idempotency-Key must be 1 to ${String(idempotencyKeyMaxChars)} characters.`,
      });
      return;
    }
    const body = await readBody(request, paymentBodyMaxBytes);
    if (!body.ok) {
      sendJson(response, 413, {
        code: 'request-validation-error',
        message: `The body must be at most ${String(paymentBodyMaxBytes)} bytes.`,
      });
      return;
    }
    const parsed = parseCreateRequest(parseJson(body.text));
    if (!parsed.ok) {
      sendJson(response, 400, { code: 'request-validation-error', message: parsed.message });
      return;
    }
    const fingerprint = requestFingerprint(parsed.value);
    const earlier = idempotencyKey === undefined ? undefined : idempotency.get(idempotencyKey);
    if (earlier !== undefined) {
      if (earlier.fingerprint !== fingerprint) {
        sendJson(response, 409, {
          code: 'idempotency-mismatch',
          message: 'This Idempotency-Key was used with a different request body.',
        });
        return;
      }
      // The same answer as the first time, as the session was then.
      sendJson(response, 200, earlier.session);
      return;
    }
    creates++;
    if (failCreateEvery > 0 && creates % failCreateEvery === 0) {
      sendJson(response, 500, {
        code: 'internal-server-error',
        message: 'Simulated failure: retry with the same Idempotency-Key.',
      });
      return;
    }
    const session = newSession(parsed.value, baseUrl, now(), sessionTtlMs);
    sessions.set(session.id, session);
    if (idempotencyKey !== undefined) idempotency.set(idempotencyKey, { fingerprint, session: copySession(session) });
    sendJson(response, 200, session);
  };

  const search = (url: URL, response: http.ServerResponse): void => {
    const clientReference = url.searchParams.get('client_reference');
    if (clientReference === null || clientReference.length === 0) {
      sendJson(response, 400, { code: 'request-validation-error', message: 'client_reference is required.' });
      return;
    }
    const result: WaveSession[] = [];
    for (const session of sessions.values()) {
      if (session.client_reference !== clientReference) continue;
      applyExpiry(session, now());
      result.push(session);
    }
    sendJson(response, 200, { result });
  };

  const expire = (id: string, response: http.ServerResponse): void => {
    const session = findSession(id);
    if (session === undefined) {
      sendJson(response, 404, { code: 'not-found', message: 'No checkout session with this id.' });
      return;
    }
    if (session.checkout_status !== 'open') {
      sendJson(response, 409, {
        code: 'checkout-session-not-open',
        message: `The checkout session is ${session.checkout_status}.`,
      });
      return;
    }
    session.checkout_status = 'expired';
    sendJson(response, 200, session);
  };

  const payPage = (id: string, response: http.ServerResponse): void => {
    const session = findSession(id);
    if (session === undefined) {
      sendJson(response, 404, { code: 'not-found', message: 'No checkout session with this id.' });
      return;
    }
    // Ids and amounts are generated or validated digits, so nothing here needs escaping.
    const form = (outcome: PayOutcome, label: string): string =>
      `<form method="post" action="/pay/${session.id}"><input type="hidden" name="outcome" value="${outcome}"><button>${label}</button></form>`;
    const html = `<!doctype html><html lang="fr"><meta charset="utf-8"><title>Wave (simulé)</title><h1>${session.business_name}</h1><p>${session.amount} F CFA — ${session.checkout_status}</p>${form('succeed', 'Payer')}${form('fail', 'Échec (solde insuffisant)')}</html>`;
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-length': Buffer.byteLength(html) });
    response.end(html);
  };

  const pay = async (id: string, request: http.IncomingMessage, response: http.ServerResponse): Promise<void> => {
    const body = await readBody(request, paymentBodyMaxBytes);
    if (!body.ok) {
      sendJson(response, 413, { code: 'request-validation-error', message: 'The body is too large.' });
      return;
    }
    const isForm = (headerValue(request, 'content-type') ?? '').startsWith('application/x-www-form-urlencoded');
    const fields = isForm ? Object.fromEntries(new URLSearchParams(body.text)) : parseJson(body.text);
    const outcome = isRecord(fields) ? fields.outcome : undefined;
    if (outcome !== 'succeed' && outcome !== 'fail') {
      sendJson(response, 400, { code: 'request-validation-error', message: 'outcome must be "succeed" or "fail".' });
      return;
    }
    const session = findSession(id);
    if (session === undefined) {
      sendJson(response, 404, { code: 'not-found', message: 'No checkout session with this id.' });
      return;
    }
    if (session.checkout_status !== 'open') {
      sendJson(response, 409, {
        code: 'checkout-session-not-open',
        message: `The checkout session is ${session.checkout_status}.`,
      });
      return;
    }
    const type = applyPayment(session, outcome, now());
    webhooks.send({ id: `EV_${randomIdText(16).toUpperCase()}`, type, data: copySession(session) });
    if (isForm && (headerValue(request, 'accept') ?? '').includes('text/html')) {
      // A person in a browser goes back to the merchant, as on Wave's own page.
      const target = type === 'checkout.session.completed' ? session.success_url : session.error_url;
      response.writeHead(303, { location: target, 'content-length': 0 });
      response.end();
      return;
    }
    sendJson(response, 200, { session });
  };

  const api = async (
    path: string,
    url: URL,
    request: http.IncomingMessage,
    response: http.ServerResponse,
  ): Promise<void> => {
    if (!authorised(request)) {
      sendJson(response, 401, { code: 'no-matching-api-key', message: 'No API key matches the Authorization header.' });
      return;
    }
    const method = request.method ?? 'GET';
    if (path === '/v1/checkout/sessions' && method === 'POST') return create(request, response);
    if (path === '/v1/checkout/sessions/search' && method === 'GET') return search(url, response);
    const expireMatch = /^\/v1\/checkout\/sessions\/([^/]+)\/expire$/.exec(path);
    if (expireMatch?.[1] !== undefined && method === 'POST') return expire(expireMatch[1], response);
    const getMatch = /^\/v1\/checkout\/sessions\/([^/]+)$/.exec(path);
    if (getMatch?.[1] !== undefined && method === 'GET') {
      const session = findSession(getMatch[1]);
      if (session === undefined)
        sendJson(response, 404, { code: 'not-found', message: 'No checkout session with this id.' });
      else sendJson(response, 200, session);
      return;
    }
    sendJson(response, 404, { code: 'not-found', message: `No route ${method} ${path}.` });
  };

  const server = await listen(options.host ?? '127.0.0.1', options.port ?? 0, async (request, response) => {
    const url = new URL(request.url ?? '/', 'http://simulator');
    const path = url.pathname;
    if (path.startsWith('/v1/')) return api(path, url, request, response);
    const payMatch = /^\/pay\/([^/]+)$/.exec(path);
    if (payMatch?.[1] !== undefined && request.method === 'GET') return payPage(payMatch[1], response);
    if (payMatch?.[1] !== undefined && request.method === 'POST') return pay(payMatch[1], request, response);
    sendJson(response, 404, { code: 'not-found', message: `No route ${request.method ?? 'GET'} ${path}.` });
  });
  baseUrl = server.url;

  return {
    url: server.url,
    close: async () => {
      webhooks.close();
      await server.close();
    },
    setWebhookUrl: (url) => {
      webhookUrl = url;
    },
    deliveries: () => webhooks.deliveries(),
  };
}
