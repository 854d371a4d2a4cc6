/**
 * Pushes the outbox to the cloud (SPEC 3.8): in order, in bounded batches, signed by the
 * hub (cloud-client.ts) and with its clock; records each answer; backs off (1 s doubling to 60 s) while the cloud
 * answers with errors or times out, and starts again at once when a new operation is recorded. While the line is
 * down (no connection at all) it only asks /health at each idle tick and pushes as soon as the line is back: the
 * counter's offline banner goes within seconds of the cloud's return, not after a minute of back-off. Never
 * drops an operation: only the cloud's answer takes it out of "pending".
 */
import { PushResponseSchema, type PushResponse } from '@ismail/shared';
import { Value } from '@sinclair/typebox/value';
import type { CredentialStore, HubCredentials } from './credentials.js';
import type { Outbox } from './outbox.js';

export interface SyncState {
  lastPushAt: string | null;
  lastError: string | null;
  clockSkewMs: number | null;
  expectedSeq: number | null;
  /** Did the cloud answer the last push or probe (null: not paired or not tried yet)? The counter's offline banner. */
  cloudReachable: boolean | null;
  lastContactAt: string | null;
}

export interface SyncClientOptions {
  readonly retryBaseMs?: number;
  readonly retryMaxMs?: number;
  readonly idleMs?: number;
  readonly requestTimeoutMs?: number;
}

export class SyncClient {
  readonly state: SyncState = {
    lastPushAt: null,
    lastError: null,
    clockSkewMs: null,
    expectedSeq: null,
    cloudReachable: null,
    lastContactAt: null,
  };
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  private stopped = true;
  private failures = 0;
  /** The last push found no line at all (connection refused, reset, no route): probe before pushing again. */
  private lineDown = false;
  private readonly retryBaseMs: number;
  private readonly retryMaxMs: number;
  private readonly idleMs: number;
  private readonly requestTimeoutMs: number;

  constructor(
    private readonly outbox: Outbox,
    private readonly credentials: CredentialStore,
    options: SyncClientOptions = {},
  ) {
    this.retryBaseMs = options.retryBaseMs ?? 1_000;
    this.retryMaxMs = options.retryMaxMs ?? 60_000;
    // Idle, the hub still asks the cloud's /health this often: staff see "offline" within seconds.
    this.idleMs = options.idleMs ?? 2_000;
    this.requestTimeoutMs = options.requestTimeoutMs ?? 15_000;
  }

  start(): void {
    this.stopped = false;
    this.schedule(0);
  }

  stop(): void {
    this.stopped = true;
    if (this.timer !== undefined) clearTimeout(this.timer);
  }

  /** A new operation was recorded: push soon rather than at the next idle tick. */
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
      if (credentials !== null) {
        if (this.lineDown || this.outbox.pending(1).length === 0) await this.probe(credentials);
        // Still no line: ask again at the next idle tick, with nothing pushed.
        if (this.lineDown) return;
        for (;;) {
          const batch = this.outbox.pending();
          if (batch.length === 0) break;
          const answer = await this.push(batch);
          this.outbox.settle(answer.outcomes);
          this.state.lastPushAt = new Date().toISOString();
          this.state.lastError = null;
          this.state.expectedSeq = answer.expectedSeq;
          this.state.clockSkewMs = Date.now() - Date.parse(answer.serverTime);
          this.state.cloudReachable = true;
          this.state.lastContactAt = this.state.lastPushAt;
          this.failures = 0;
          // A gap the cloud waits for cannot be filled by pushing the same batch again at once.
          if (answer.outcomes.every((o) => o.status === 'not_applied')) break;
        }
      }
    } catch (error) {
      this.state.cloudReachable = false;
      this.state.lastError = (error as Error).message.slice(0, 300);
      if (noConnection(error)) {
        this.lineDown = true;
      } else {
        // The cloud is there but refuses or is too slow: do not hammer it.
        this.failures++;
        next = Math.min(this.retryMaxMs, this.retryBaseMs * 2 ** Math.min(this.failures - 1, 16));
      }
    } finally {
      this.running = false;
      if (!this.stopped) this.schedule(next);
    }
  }

  /** Nothing to push: is the cloud there at all? Any HTTP answer means the line is up. */
  private async probe(credentials: HubCredentials): Promise<void> {
    try {
      await fetch(`${credentials.cloudUrl.replace(/\/$/, '')}/health`, {
        signal: AbortSignal.timeout(Math.min(this.requestTimeoutMs, 2_000)),
      });
      this.state.cloudReachable = true;
      this.state.lastContactAt = new Date().toISOString();
      this.lineDown = false;
    } catch {
      this.state.cloudReachable = false;
      this.lineDown = true;
    }
  }

  private async push(operations: unknown[]): Promise<PushResponse> {
    const response = await this.credentials.cloud.request('/v1/hubs/sync/push', {
      method: 'POST',
      headers: { 'x-hub-time': new Date().toISOString() },
      body: JSON.stringify({ operations }),
      signal: AbortSignal.timeout(this.requestTimeoutMs),
    });
    const body: unknown = await response.json().catch(() => null);
    if (response.status !== 200) {
      const error = (body as { error?: { code?: string; message?: string } } | null)?.error;
      throw new Error(
        `cloud answered HTTP ${String(response.status)}${error === undefined ? '' : ` ${error.code ?? ''}: ${error.message ?? ''}`}`,
      );
    }
    if (!Value.Check(PushResponseSchema, body)) throw new Error('cloud answered something that is not a push response');
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
