/**
 * Pushes the outbox to the cloud (SPEC 3.8): in order, in bounded batches, signed by the hub (cloud-client.ts) and
 * with its clock; records each answer. Never drops an operation: only the cloud's answer takes it out of "pending".
 *
 * After a failed push (issue 28, item 3) the hub asks the cloud's /health every `probeEveryMs` (2 s, each probe
 * bounded by `probeTimeoutMs`) instead of pushing blind:
 * - while /health does not answer 200 (connection refused, a proxy's 502/503, a timeout, the database down) the cloud
 *   is out: nothing is pushed, and the first healthy answer after that pushes at once, whatever the back-off had
 *   reached: the drain starts within one probe period of the cloud's return;
 * - while /health answers 200 but pushes fail (the cloud refuses this hub's push, or is too slow for it), the hub backs
 *   off, 1 s doubling to `retryMaxMs` (10 s) with ±20 % jitter. Ten seconds is the most a transient push failure at
 *   the cloud's restart delays the drain, and one ≤ 500-operation push per 10 s per hub (a probe every 2 s, which
 *   reads one row) is a load a thousand failing hubs can put on the cloud without hurting it; a longer cap would
 *   only make a real fix wait longer.
 * A new operation pushes at once when the line is good, and waits for the probe otherwise.
 */
import { PushResponseSchema, type PushResponse } from '@ismail/shared';
import { Value } from '@sinclair/typebox/value';
import type { HubClock } from '../platform/hub-clock.js';
import type { CredentialStore, HubCredentials } from './credentials.js';
import type { Outbox } from './outbox.js';

export interface SyncState {
  lastPushAt: string | null;
  lastError: string | null;
  /** Hub minus cloud, in ms (the hub clock's offset, learnt from push answers and the signed policy). */
  readonly clockSkewMs: number | null;
  expectedSeq: number | null;
  /** Did the cloud answer the last push or probe (null: not paired or not tried yet)? The counter's offline banner. */
  cloudReachable: boolean | null;
  lastContactAt: string | null;
}

export interface SyncClientOptions {
  readonly retryBaseMs?: number;
  readonly retryMaxMs?: number;
  /** Idle (nothing to push), the hub asks /health this often: staff see "offline" within seconds. */
  readonly idleMs?: number;
  /** After a failed push, /health is asked this often (at most 2 s: the drain starts within it). */
  readonly probeEveryMs?: number;
  readonly probeTimeoutMs?: number;
  readonly requestTimeoutMs?: number;
  readonly clock?: HubClock;
}

/** What a probe of /health found. */
type Probe = 'healthy' | 'unhealthy' | 'unreachable';

export class SyncClient {
  readonly state: SyncState;
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  private stopped = true;
  private failures = 0;
  /** Monotonic time (performance.now) before which a push the healthy cloud refused is not tried again. */
  private retryAtMs: number | null = null;
  /** Since the last failed push, did the cloud look out (no line, /health not 200)? Then its return pushes at once. */
  private outageSeen = false;
  private readonly retryBaseMs: number;
  private readonly retryMaxMs: number;
  private readonly idleMs: number;
  private readonly probeEveryMs: number;
  private readonly probeTimeoutMs: number;
  private readonly requestTimeoutMs: number;
  readonly clock: HubClock;

  constructor(
    private readonly outbox: Outbox,
    private readonly credentials: CredentialStore,
    options: SyncClientOptions = {},
  ) {
    this.retryBaseMs = options.retryBaseMs ?? 1_000;
    this.retryMaxMs = options.retryMaxMs ?? 10_000;
    this.idleMs = options.idleMs ?? 2_000;
    // Never slower than the idle rhythm (tests scale both down together) nor than 2 s.
    this.probeEveryMs = Math.min(options.probeEveryMs ?? this.idleMs, 2_000);
    this.requestTimeoutMs = options.requestTimeoutMs ?? 15_000;
    this.probeTimeoutMs = Math.min(options.probeTimeoutMs ?? 1_500, this.requestTimeoutMs);
    this.clock = options.clock ?? outbox.clock;
    const clock = this.clock;
    this.state = {
      lastPushAt: null,
      lastError: null,
      get clockSkewMs() {
        return clock.offsetMs();
      },
      expectedSeq: null,
      cloudReachable: null,
      lastContactAt: null,
    };
  }

  start(): void {
    this.stopped = false;
    this.schedule(0);
  }

  stop(): void {
    this.stopped = true;
    if (this.timer !== undefined) clearTimeout(this.timer);
  }

  /** A new operation was recorded: push soon rather than at the next idle tick (after a failure, the probe decides). */
  nudge(): void {
    if (!this.stopped && !this.running && this.failures === 0) this.schedule(0);
  }

  private schedule(delayMs: number): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.run(), delayMs);
    this.timer.unref();
  }

  private async run(): Promise<void> {
    if (this.running || this.stopped) return;
    this.running = true;
    let next = this.idleMs;
    try {
      const credentials = this.credentials.load();
      if (credentials === null) return;
      const failing = this.failures > 0;
      if (failing || this.outbox.pending(1).length === 0) {
        const probe = await this.probe(credentials);
        if (failing) next = this.probeEveryMs;
        if (probe !== 'healthy') {
          this.outageSeen = true;
          return;
        }
        if (failing && !this.outageSeen && this.retryAtMs !== null) {
          // The cloud is up and refused the last push: wait out the back-off, still probing.
          const waitMs = this.retryAtMs - performance.now();
          if (waitMs > 0) {
            next = Math.min(this.probeEveryMs, Math.ceil(waitMs));
            return;
          }
        }
      }
      for (;;) {
        const batch = this.outbox.pending();
        if (batch.length === 0) break;
        const answer = await this.push(batch);
        this.outbox.settle(answer.outcomes);
        this.state.lastPushAt = new Date().toISOString();
        this.state.lastError = null;
        this.state.expectedSeq = answer.expectedSeq;
        this.state.cloudReachable = true;
        this.state.lastContactAt = this.state.lastPushAt;
        this.failures = 0;
        this.retryAtMs = null;
        this.outageSeen = false;
        next = this.idleMs;
        // A gap the cloud waits for cannot be filled by pushing the same batch again at once.
        if (answer.outcomes.every((o) => o.status === 'not_applied')) break;
      }
    } catch (error) {
      this.state.lastError = (error as Error).message.slice(0, 300);
      this.failures++;
      const backoffMs = Math.min(this.retryMaxMs, this.retryBaseMs * 2 ** Math.min(this.failures - 1, 16));
      // Jitter: hubs that failed together (the cloud's restart) do not all come back at the same instant.
      this.retryAtMs = performance.now() + backoffMs * (0.8 + Math.random() * 0.4);
      this.outageSeen = noConnection(error);
      if (this.outageSeen) this.state.cloudReachable = false;
      next = this.probeEveryMs;
    } finally {
      this.running = false;
      if (!this.stopped) this.schedule(next);
    }
  }

  /** Is the cloud there (any HTTP answer: the line is up) and healthy (/health answers 200)? */
  private async probe(credentials: HubCredentials): Promise<Probe> {
    try {
      const response = await fetch(`${credentials.cloudUrl.replace(/\/$/, '')}/health`, {
        signal: AbortSignal.timeout(this.probeTimeoutMs),
      });
      await response.body?.cancel();
      this.state.cloudReachable = true;
      this.state.lastContactAt = new Date().toISOString();
      return response.status === 200 ? 'healthy' : 'unhealthy';
    } catch {
      this.state.cloudReachable = false;
      return 'unreachable';
    }
  }

  private async push(operations: unknown[]): Promise<PushResponse> {
    const sentWallMs = Date.now();
    const response = await this.credentials.cloud.request('/v1/hubs/sync/push', {
      method: 'POST',
      // The machine's own clock, uncorrected: the cloud records how far off it is for the operator.
      headers: { 'x-hub-time': new Date(sentWallMs).toISOString() },
      body: JSON.stringify({ operations }),
      signal: AbortSignal.timeout(this.requestTimeoutMs),
    });
    const body: unknown = await response.json().catch(() => null);
    const receivedWallMs = Date.now();
    if (response.status !== 200) {
      const error = (body as { error?: { code?: string; message?: string } } | null)?.error;
      throw new Error(
        `cloud answered HTTP ${String(response.status)}${error === undefined ? '' : ` ${error.code ?? ''}: ${error.message ?? ''}`}`,
      );
    }
    if (!Value.Check(PushResponseSchema, body)) throw new Error('cloud answered something that is not a push response');
    this.clock.learn(Date.parse(body.serverTime), sentWallMs, receivedWallMs);
    return body;
  }
}

/**
 * No connection at all: fetch's network failure (a TypeError, its cause ECONNREFUSED, ECONNRESET, EHOSTUNREACH,
 * ENOTFOUND...). A timeout or an HTTP error is not: the cloud may be there and overloaded.
 */
function noConnection(error: unknown): boolean {
  return error instanceof TypeError && (error.message === 'fetch failed' || error.cause !== undefined);
}
