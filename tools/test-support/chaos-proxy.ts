/**
 * A TCP proxy for chaos tests: between the hub and the cloud, it cuts a share of connections
 * after a random number of bytes, in either direction, so requests die half-sent and answers
 * die half-received (the cloud may have applied what the hub never heard back about).
 * Seeded, so a failing run can be replayed with the same cuts.
 */
import net from 'node:net';

/** mulberry32: small, fast and good enough to pick cut points. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class ChaosProxy {
  /** Share of new connections that are cut (0 passes everything through). */
  cutProbability = 0;
  readonly stats = { connections: 0, cutRequests: 0, cutResponses: 0 };
  private readonly server: net.Server;
  private readonly sockets = new Set<net.Socket>();
  private readonly next: () => number;
  /** Set by `cutSoon`: the next chunk of bytes through any connection, either way, is cut inside. */
  private armed = false;

  constructor(
    private readonly target: { host: string; port: number },
    seed: number,
  ) {
    this.next = random(seed);
    this.server = net.createServer((client) => this.connect(client));
  }

  /**
   * Makes sure a cut happens: the next chunk that crosses the proxy, on any connection and in either direction, dies
   * part-way. Per-connection odds alone may cut nothing when a few kept-alive connections carry a whole round.
   */
  cutSoon(): void {
    this.armed = true;
  }

  async listen(): Promise<number> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return (this.server.address() as net.AddressInfo).port;
  }

  private connect(client: net.Socket): void {
    this.stats.connections++;
    const upstream = net.connect(this.target.port, this.target.host);
    for (const socket of [client, upstream]) {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
      socket.on('error', () => undefined);
    }
    const cut = this.next() < this.cutProbability;
    const direction = this.next() < 0.5 ? 'request' : 'response';
    // Anywhere in the connection's life (kept-alive connections carry many requests): often
    // early (headers, the first body), sometimes deep inside a later batch or answer.
    let budget = cut ? 1 + Math.floor(this.next() ** 3 * 60_000) : Number.POSITIVE_INFINITY;
    // dead: nothing more passes; killed: the cut is counted and both sockets destroyed (once).
    let dead = false;
    let killed = false;
    const kill = (way: 'request' | 'response'): void => {
      if (killed) return;
      killed = true;
      dead = true;
      if (way === 'request') this.stats.cutRequests++;
      else this.stats.cutResponses++;
      client.destroy();
      upstream.destroy();
    };
    const pipe = (from: net.Socket, to: net.Socket, counted: boolean): void => {
      const way = from === client ? 'request' : 'response';
      from.on('data', (chunk: Buffer) => {
        if (dead) return;
        if (this.armed) {
          this.armed = false;
          dead = true;
          to.write(chunk.subarray(0, Math.floor(this.next() * chunk.length)), () => kill(way));
          return;
        }
        if (counted && chunk.length >= budget) {
          to.write(chunk.subarray(0, budget), () => kill(direction));
          budget = 0;
          return;
        }
        if (counted) budget -= chunk.length;
        to.write(chunk);
      });
      from.on('end', () => to.end());
      from.on('close', () => to.destroy());
    };
    pipe(client, upstream, direction === 'request');
    pipe(upstream, client, direction === 'response');
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise((resolve) => this.server.close(resolve));
  }
}
