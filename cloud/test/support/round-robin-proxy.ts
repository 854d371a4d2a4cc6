/**
 * A round-robin TCP proxy for tests that put several cloud processes behind one address, as a load balancer in
 * front of a country's cloud would: each new connection goes to the next backend in turn, bytes are piped both ways
 * untouched (no HTTP parsing, no X-Forwarded-For), and each backend's share of connections is counted so a test can
 * show both backends were used. Bounded: at most `maxConnections` at once (more are refused by the server), an idle
 * connection is cut after `idleTimeoutMs`, and `close()` ends every open connection, so nothing outlives the test.
 */
import net from 'node:net';

export interface Backend {
  readonly host: string;
  readonly port: number;
}

export interface RoundRobinProxy {
  readonly port: number;
  /** `http://127.0.0.1:<port>`. */
  readonly url: string;
  /** Connections sent to each backend so far, in the order of the backends given. */
  readonly connections: readonly number[];
  /** Connections that could not reach their backend (the client's socket was closed at once). */
  readonly failed: number;
  close(): Promise<void>;
}

export interface ProxyOptions {
  /** Open connections at once; the server refuses more. */
  readonly maxConnections?: number;
  /** A connection with no byte either way for this long is cut. */
  readonly idleTimeoutMs?: number;
}

export async function startRoundRobinProxy(
  backends: readonly Backend[],
  { maxConnections = 200, idleTimeoutMs = 60_000 }: ProxyOptions = {},
): Promise<RoundRobinProxy> {
  if (backends.length === 0) throw new Error('a round-robin proxy needs at least one backend');
  const connections = backends.map(() => 0);
  const open = new Set<net.Socket>();
  let next = 0;
  let failed = 0;

  const server = net.createServer((client) => {
    const index = next;
    next = (next + 1) % backends.length;
    const backend = backends[index] as Backend;
    connections[index] = (connections[index] ?? 0) + 1;
    const upstream = net.connect({ host: backend.host, port: backend.port });
    open.add(client);
    open.add(upstream);
    const end = (): void => {
      client.destroy();
      upstream.destroy();
      open.delete(client);
      open.delete(upstream);
    };
    upstream.once('error', () => {
      if (upstream.bytesRead === 0) failed++;
      end();
    });
    client.once('error', end);
    client.once('close', end);
    upstream.once('close', end);
    // Either side idle past the bound: the pair goes (a stuck backend cannot hold the test's sockets forever).
    client.setTimeout(idleTimeoutMs, end);
    upstream.setTimeout(idleTimeoutMs, end);
    client.pipe(upstream);
    upstream.pipe(client);
  });
  server.maxConnections = maxConnections;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;

  return {
    port,
    url: `http://127.0.0.1:${String(port)}`,
    connections,
    get failed() {
      return failed;
    },
    close: async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const socket of open) socket.destroy();
      open.clear();
      await closed;
    },
  };
}
