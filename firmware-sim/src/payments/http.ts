/**
 * Small HTTP plumbing shared by the payment, SMS and mail simulators, on node:http only:
 * bounded body reading, JSON answers, listening on a port, and one outgoing POST
 * (webhooks, callbacks, delivery reports) with a timeout.
 *
 * Owns: nothing about any provider. Must never buffer an unbounded body nor let a slow
 * receiver hold a simulator open after close().
 */
import http from 'node:http';
import https from 'node:https';
import { randomBytes } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import { outgoingInFlightMax, outgoingTimeoutMs } from '../limits.js';

/** A Map that forgets its oldest entry past `max`, so a long demo cannot fill memory. */
export class BoundedMap<K, V> {
  readonly #entries = new Map<K, V>();
  readonly #max: number;
  readonly #onEvict: ((value: V) => void) | undefined;

  constructor(max: number, onEvict?: (value: V) => void) {
    this.#max = max;
    this.#onEvict = onEvict;
  }

  get size(): number {
    return this.#entries.size;
  }

  get(key: K): V | undefined {
    return this.#entries.get(key);
  }

  has(key: K): boolean {
    return this.#entries.has(key);
  }

  set(key: K, value: V): void {
    this.#entries.delete(key);
    this.#entries.set(key, value);
    while (this.#entries.size > this.#max) {
      const oldest = this.#entries.keys().next();
      if (oldest.done === true) break;
      const evicted = this.#entries.get(oldest.value);
      this.#entries.delete(oldest.value);
      if (evicted !== undefined) this.#onEvict?.(evicted);
    }
  }

  values(): IterableIterator<V> {
    return this.#entries.values();
  }
}

/** Appends to a list, dropping the oldest entries past `max`. */
export function pushBounded<T>(list: T[], item: T, max: number): void {
  list.push(item);
  if (list.length > max) list.splice(0, list.length - max);
}

/** Letters without look-alikes (Crockford base 32): ids a person can read back. */
const idAlphabet = '0123456789abcdefghjkmnpqrstvwxyz';

/** Random lowercase id text; 32 symbols so each byte maps without bias. */
export function randomIdText(length: number): string {
  let text = '';
  for (const byte of randomBytes(length)) text += idAlphabet[byte % 32] ?? '0';
  return text;
}

export type BodyResult = { ok: true; text: string } | { ok: false };

/** Reads a request body up to maxBytes; past that, drains and discards the rest. */
export function readBody(request: http.IncomingMessage, maxBytes: number): Promise<BodyResult> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let received = 0;
    let tooLarge = false;
    request.on('data', (chunk: Buffer) => {
      received += chunk.length;
      if (received > maxBytes) tooLarge = true;
      if (!tooLarge) chunks.push(chunk);
    });
    request.on('end', () =>
      resolve(tooLarge ? { ok: false } : { ok: true, text: Buffer.concat(chunks).toString('utf8') }),
    );
    request.on('error', () => resolve({ ok: false }));
  });
}

/** Parses JSON without throwing; `undefined` means not JSON. */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** One header value; a repeated header counts as absent (ambiguous credentials are refused). */
export function headerValue(request: http.IncomingMessage, name: string): string | undefined {
  const value = request.headers[name.toLowerCase()];
  return typeof value === 'string' ? value : undefined;
}

export function sendJson(response: http.ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
  });
  response.end(text);
}

export function sendText(
  response: http.ServerResponse,
  status: number,
  text: string,
  headers: Readonly<Record<string, string>> = {},
): void {
  response.writeHead(status, {
    ...headers,
    'content-type': 'text/plain; charset=utf-8',
    'content-length': Buffer.byteLength(text),
  });
  response.end(text);
}

export function sendEmpty(response: http.ServerResponse, status: number): void {
  response.writeHead(status, { 'content-length': 0 });
  response.end();
}

/** An absolute http(s) URL of bounded length, or undefined. */
export function httpUrl(raw: unknown, maxChars: number): string | undefined {
  if (typeof raw !== 'string' || raw.length === 0 || raw.length > maxChars) return undefined;
  try {
    const url = new URL(raw);
    return url.protocol === 'http:' || url.protocol === 'https:' ? raw : undefined;
  } catch {
    return undefined;
  }
}

export interface Listening {
  readonly url: string;
  close(): Promise<void>;
}

type Handler = (request: http.IncomingMessage, response: http.ServerResponse) => Promise<void>;

/** Starts an HTTP server; a handler that throws answers 500 instead of crashing the process. */
export async function listen(host: string, port: number, handler: Handler): Promise<Listening> {
  const server = http.createServer((request, response) => {
    handler(request, response).catch(() => {
      if (!response.headersSent)
        sendJson(response, 500, { code: 'internal-error', message: 'The simulator failed on this request.' });
      else response.destroy();
    });
  });
  // Explicit even where they equal Node's defaults: a simulator must not hang a test.
  server.headersTimeout = 10_000;
  server.requestTimeout = 30_000;
  server.keepAliveTimeout = 5000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  const boundPort = typeof address === 'object' && address !== null ? address.port : port;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${urlHost}:${String(boundPort)}`,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        // close() waits for open connections; a keep-alive client must not block shutdown.
        server.closeAllConnections();
      }),
  };
}

/** The outcome of one outgoing attempt: the receiver's HTTP status, or no answer at all. */
export type OutgoingStatus = number | 'network-error';

/**
 * POSTs a JSON body once. Never throws: a refused connection, a timeout or an abort is
 * 'network-error'. No connection reuse, so a receiver can always close.
 */
export function postJson(
  url: string,
  body: string,
  headers: Readonly<Record<string, string>>,
  signal: AbortSignal,
): Promise<OutgoingStatus> {
  return postBody(url, body, 'application/json', headers, signal);
}

/** POSTs a body of the given content type once (form-encoded reports, JSON); as postJson. */
export function postBody(
  url: string,
  body: string,
  contentType: string,
  headers: Readonly<Record<string, string>>,
  signal: AbortSignal,
): Promise<OutgoingStatus> {
  return new Promise((resolve) => {
    let target: URL;
    try {
      target = new URL(url);
    } catch {
      resolve('network-error');
      return;
    }
    const transport = target.protocol === 'https:' ? https : http;
    const request = transport.request(
      target,
      {
        method: 'POST',
        agent: false,
        timeout: outgoingTimeoutMs,
        signal,
        headers: {
          ...headers,
          'content-type': contentType,
          'content-length': String(Buffer.byteLength(body)),
          connection: 'close',
        },
      },
      (response) => {
        response.resume();
        response.on('end', () => resolve(response.statusCode ?? 'network-error'));
        response.on('error', () => resolve('network-error'));
      },
    );
    request.on('timeout', () => request.destroy(new Error('timeout')));
    request.on('error', () => resolve('network-error'));
    request.end(body);
  });
}

/** Timers and requests a simulator owes the world; close() cancels them all. */
export class Outgoing {
  readonly #timers = new Set<NodeJS.Timeout>();
  readonly #abort = new AbortController();
  #closed = false;

  constructor() {
    // Every in-flight request listens for the abort; the bound on in-flight work is the bound here.
    setMaxListeners(outgoingInFlightMax + 1, this.#abort.signal);
  }

  get closed(): boolean {
    return this.#closed;
  }

  get signal(): AbortSignal {
    return this.#abort.signal;
  }

  /** Runs `task` after delayMs unless closed first. */
  after(delayMs: number, task: () => void): NodeJS.Timeout | undefined {
    if (this.#closed) return undefined;
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      if (!this.#closed) task();
    }, delayMs);
    this.#timers.add(timer);
    return timer;
  }

  cancel(timer: NodeJS.Timeout | undefined): void {
    if (timer === undefined) return;
    clearTimeout(timer);
    this.#timers.delete(timer);
  }

  close(): void {
    this.#closed = true;
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
    this.#abort.abort();
  }
}
