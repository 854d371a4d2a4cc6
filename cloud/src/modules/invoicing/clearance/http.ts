/**
 * One bounded HTTP call to a tax authority that never throws: either the authority
 * answered (status and parsed body) or it did not (refused, cut, timed out), which for a
 * call that may have changed something means "outcome unknown", unless the failure came
 * before the request could leave (`neverSent`).
 */
import { clearanceAnswerMaxBytes } from './limits.js';

export type AuthorityAnswer =
  | { readonly kind: 'answer'; readonly status: number; readonly body: unknown }
  /** `neverSent`: the failure proves the request never reached the authority. */
  | { readonly kind: 'no-answer'; readonly reason: string; readonly neverSent: boolean };

/**
 * Failures that happen before a single byte of the request is written: no connection, no
 * name, no TLS session. A timeout or a cut connection may come after the authority read
 * the request, so they are not here.
 */
const beforeSendingCodes = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
  'CERT_HAS_EXPIRED',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

export interface AuthorityRequest {
  readonly method: 'GET' | 'POST' | 'PUT';
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string;
}

async function readLimited(response: Response, maxBytes: number): Promise<string | undefined> {
  if (response.body === null) return '';
  const reader = response.body.getReader() as ReadableStreamDefaultReader<Uint8Array>;
  const chunks: Uint8Array[] = [];
  let received = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    received += value.byteLength;
    if (received > maxBytes) {
      await reader.cancel();
      return undefined;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function noAnswer(error: unknown, timeoutMs: number): AuthorityAnswer {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError'))
    return { kind: 'no-answer', reason: `no answer within ${String(timeoutMs)} ms`, neverSent: false };
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : undefined;
  const code = cause !== undefined && 'code' in cause && typeof cause.code === 'string' ? cause.code : undefined;
  const reason = `no answer (${code ?? cause?.message ?? (error instanceof Error ? error.message : 'unknown error')})`;
  return { kind: 'no-answer', reason, neverSent: code !== undefined && beforeSendingCodes.has(code) };
}

export async function callAuthority(
  url: string,
  request: AuthorityRequest,
  timeoutMs: number,
): Promise<AuthorityAnswer> {
  try {
    const response = await fetch(url, {
      method: request.method,
      headers: {
        accept: 'application/json',
        ...request.headers,
        ...(request.body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(request.body === undefined ? {} : { body: request.body }),
      // A redirect would resend credentials elsewhere; an authority does not redirect its API.
      redirect: 'error',
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await readLimited(response, clearanceAnswerMaxBytes);
    if (text === undefined) return { kind: 'answer', status: response.status, body: undefined };
    let body: unknown = text;
    try {
      body = text.length === 0 ? undefined : (JSON.parse(text) as unknown);
    } catch {
      // Not JSON (a gateway's HTML page): keep the text.
    }
    return { kind: 'answer', status: response.status, body };
  } catch (error) {
    return noAnswer(error, timeoutMs);
  }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The body's `message` (FNE) when it has one, else the status; bounded for storage. */
export function answerMessage(answer: { status: number; body: unknown }): string {
  const message =
    isRecord(answer.body) && typeof answer.body.message === 'string'
      ? answer.body.message
      : `HTTP ${String(answer.status)}`;
  return message.slice(0, 500);
}
