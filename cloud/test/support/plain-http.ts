/**
 * HTTP requests for tests behind a TCP load balancer: each request opens a connection of its own (no keep-alive
 * agent), so a round-robin proxy gives consecutive requests to consecutive backends, where fetch's pooled
 * connections would pin them all to one. Bounded by `timeoutMs`; the body is read whole.
 */
import http, { type IncomingHttpHeaders } from 'node:http';
import type { TestHub } from './test-hub.js';

/** A request that takes longer than this is a failure of the test, not a wait. */
const defaultTimeoutMs = 30_000;

export interface Answer {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
  json<T>(): T;
}

export interface RequestInput {
  readonly method?: 'GET' | 'POST' | 'PUT' | 'DELETE';
  readonly headers?: Record<string, string>;
  /** Sent as JSON when not a string. */
  readonly body?: unknown;
  readonly timeoutMs?: number;
}

/** One request on a fresh connection to `base` (`http://host:port`). */
export function send(base: string, pathWithQuery: string, input: RequestInput = {}): Promise<Answer> {
  const { method = 'GET', headers = {}, body, timeoutMs = defaultTimeoutMs } = input;
  const text = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
  const url = new URL(pathWithQuery, base);
  return new Promise((resolve, reject) => {
    const request = http.request(
      url,
      {
        method,
        agent: false,
        headers: {
          ...(text === undefined ? {} : { 'content-type': 'application/json' }),
          ...headers,
          connection: 'close',
        },
        timeout: timeoutMs,
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', reject);
        response.on('end', () => {
          const received = Buffer.concat(chunks).toString('utf8');
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            body: received,
            json: <T>() => JSON.parse(received) as T,
          });
        });
      },
    );
    request.on('timeout', () =>
      request.destroy(new Error(`${method} ${pathWithQuery} got no answer within ${String(timeoutMs)} ms`)),
    );
    request.on('error', reject);
    request.end(text);
  });
}

/** A request signed as `hub` (its token and request signature over method, path and body as sent). */
export function sendAsHub(
  base: string,
  hub: TestHub,
  pathWithQuery: string,
  input: RequestInput & { readonly extraHeaders?: Record<string, string> } = {},
): Promise<Answer> {
  const method = input.method ?? 'GET';
  const text = input.body === undefined ? undefined : JSON.stringify(input.body);
  return send(base, pathWithQuery, {
    ...input,
    method,
    ...(text === undefined ? {} : { body: text }),
    headers: { ...hub.headers(method, pathWithQuery, text), ...input.extraHeaders },
  });
}

export const bearerOf = (token: string): Record<string, string> => ({ authorization: `Bearer ${token}` });
