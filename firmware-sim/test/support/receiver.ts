/**
 * A real HTTP endpoint on loopback that records what a simulator sends it (webhooks,
 * callbacks) and answers with the statuses a test scripts.
 */
import http from 'node:http';

export interface Received {
  readonly method: string;
  readonly headers: http.IncomingHttpHeaders;
  readonly rawBody: string;
  readonly atMs: number;
}

export interface Receiver {
  readonly url: string;
  readonly received: readonly Received[];
  /** Resolves once `count` requests have arrived. */
  waitFor(count: number, timeoutMs: number): Promise<readonly Received[]>;
  close(): Promise<void>;
}

/** `statuses` answers the first requests in order; 200 after that. */
export async function startReceiver(statuses: readonly number[] = []): Promise<Receiver> {
  const received: Received[] = [];
  const waiters: (() => void)[] = [];
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const status = statuses[received.length] ?? 200;
      received.push({
        method: request.method ?? '',
        headers: request.headers,
        rawBody: Buffer.concat(chunks).toString('utf8'),
        atMs: Date.now(),
      });
      response.writeHead(status, { 'content-type': 'text/plain' }).end(String(status));
      for (const waiter of waiters.splice(0)) waiter();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  return {
    url: `http://127.0.0.1:${String(port)}/hook`,
    received,
    waitFor: (count, timeoutMs) =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(
          () =>
            reject(
              new Error(`only ${String(received.length)} of ${String(count)} requests within ${String(timeoutMs)} ms`),
            ),
          timeoutMs,
        );
        const check = (): void => {
          if (received.length >= count) {
            clearTimeout(timer);
            resolve(received.slice());
          } else {
            waiters.push(check);
          }
        };
        check();
      }),
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** A loopback port with nothing listening (bound, then released). */
export async function closedPort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits until `condition` holds, polling; fails after timeoutMs. */
export async function until(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${String(timeoutMs)} ms`);
    await sleep(10);
  }
}
