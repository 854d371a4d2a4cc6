/**
 * A download repeated for as long as the hub runs (card keys and revocation list, the signed
 * policy): every `everyMs` after a success, sooner after a failure (the cloud not up yet, the
 * line down), never two at once, and nothing left running after `stop()`.
 */
export class PeriodicPull {
  private stopped = true;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly pull: () => Promise<void>,
    private readonly everyMs: number,
    private readonly retryAfterFailureMs = 5_000,
  ) {}

  start(): void {
    this.stopped = false;
    const run = (): void => {
      this.pull().then(
        () => this.schedule(run, this.everyMs),
        () => this.schedule(run, Math.min(this.everyMs, this.retryAfterFailureMs)),
      );
    };
    run();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer !== undefined) clearTimeout(this.timer);
  }

  private schedule(run: () => void, delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(run, delayMs);
    this.timer.unref();
  }
}
