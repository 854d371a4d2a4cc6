/**
 * A download repeated for as long as the hub runs (card keys and revocation list, the signed
 * policy), as a task of the hub's scheduler: once at start, then `everyMs` after a success,
 * sooner after a failure (the cloud not up yet, the line down, not paired), never two at once,
 * and the scheduler's stop() waits for a download in flight before the hub closes SQLite.
 */
import type { CancelTask, Scheduler } from '../platform/scheduler.js';

export class PeriodicPull {
  /** The task's period: how soon a failed download is tried again (and how late a due one can start). */
  private readonly tickMs: number;
  private lastSuccessAtMs: number | null = null;
  private cancel: CancelTask | undefined;

  constructor(
    private readonly name: string,
    private readonly pull: () => Promise<void>,
    private readonly everyMs: number,
    retryAfterFailureMs = 5_000,
  ) {
    this.tickMs = Math.min(everyMs, retryAfterFailureMs);
  }

  start(scheduler: Scheduler): void {
    this.cancel = scheduler.every({
      name: this.name,
      everyMs: this.tickMs,
      runAtStart: true,
      run: () => this.runIfDue(),
    });
  }

  stop(): void {
    this.cancel?.();
    this.cancel = undefined;
  }

  private async runIfDue(): Promise<void> {
    // Half a tick of slack: a tick landing a few milliseconds early must not push the download a whole tick later.
    if (this.lastSuccessAtMs !== null && Date.now() - this.lastSuccessAtMs < this.everyMs - this.tickMs / 2) return;
    try {
      await this.pull();
      this.lastSuccessAtMs = Date.now();
    } catch {
      // Expected while unpaired or offline; the owner keeps its lastError for the status. Tried again next tick.
    }
  }
}
