/**
 * What makes a simulated tax authority misbehave like the real one: latency, an outage
 * (503 from the gateway, or the connection cut without an answer) and "answer 500 after
 * doing the work" for the next n calls of one kind.
 *
 * Owns: the switches only. Must never drop a request silently while "up", nor keep a
 * closed simulator waiting on a latency timer.
 */
import type http from 'node:http';
import { Outgoing, sendText } from '../payments/http.js';

/** 'unavailable' answers 503 as a load balancer in front of a stopped service does;
 * 'reset' cuts the connection without an answer, which a client sees like a refused one. */
export type OutageMode = 'unavailable' | 'reset';

export class Faults {
  readonly #timers = new Outgoing();
  #outage: OutageMode | undefined;
  #latencyMs: number;
  readonly #failAfter = new Map<string, number>();

  constructor(latencyMs: number) {
    this.#latencyMs = checkedMs(latencyMs);
  }

  setDown(down: boolean, mode: OutageMode = 'unavailable'): void {
    this.#outage = down ? mode : undefined;
  }

  setLatency(latencyMs: number): void {
    this.#latencyMs = checkedMs(latencyMs);
  }

  /** The next `count` calls of `kind` do their work, then answer 500. */
  failAfterNext(kind: string, count: number): void {
    if (!Number.isSafeInteger(count) || count < 0) throw new RangeError('count must be a whole number ≥ 0');
    this.#failAfter.set(kind, count);
  }

  /** Consumes one "500 after the work" for `kind`, if any is armed. */
  takeFailAfter(kind: string): boolean {
    const left = this.#failAfter.get(kind) ?? 0;
    if (left <= 0) return false;
    this.#failAfter.set(kind, left - 1);
    return true;
  }

  /** Answers for an outage and returns false; true when the request may go on. */
  admit(request: http.IncomingMessage, response: http.ServerResponse): boolean {
    if (this.#outage === undefined) return true;
    if (this.#outage === 'reset') {
      request.socket.destroy();
      return false;
    }
    sendText(
      response,
      503,
      '<html><head><title>503 Service Temporarily Unavailable</title></head><body><center><h1>503 Service Temporarily Unavailable</h1></center></body></html>',
      {
        'retry-after': '30',
      },
    );
    return false;
  }

  /** The configured latency; resolves at once after close(). */
  delay(): Promise<void> {
    const ms = this.#latencyMs;
    if (ms <= 0 || this.#timers.closed) return Promise.resolve();
    return new Promise((resolve) => {
      if (this.#timers.after(ms, resolve) === undefined) resolve();
    });
  }

  close(): void {
    this.#timers.close();
  }
}

function checkedMs(ms: number): number {
  if (!Number.isFinite(ms) || ms < 0) throw new RangeError('latencyMs must be a finite number ≥ 0');
  return ms;
}
