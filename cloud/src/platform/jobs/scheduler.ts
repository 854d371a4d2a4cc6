/**
 * The cloud's one scheduler of periodic work (issue 21.2). Modules declare their jobs (name,
 * period, bound); nothing else in the cloud runs a timer loop.
 *
 * A 'cluster' job runs once per period across every cloud process on the database: each
 * process sends the period's run to pg-boss with a singleton slot (one row per job and
 * period whoever sends it), and the queue's 'singleton' policy lets one run be active at a
 * time, so the process that fetches it runs it and the others find nothing. pg-boss keeps
 * each run (state, start, end, output) in its job table: that is the run log; a failed run is
 * not retried, the next period runs the job again. A 'process' job runs in each process (what
 * it works on lives in that process's memory, such as its open WebSockets).
 *
 * Periods are aligned on the clock (a 5 s job runs at :00, :05, ...), so processes started
 * at different times still compete for the same slot instead of each running once.
 *
 * Stopping aborts the signal of each run in progress, then waits for them: the pool closes
 * after them, never under them, and a run that heeds its signal (a long catch-up, say) ends
 * at its next step instead of holding a rolling deploy past the server's close bound.
 */
import type { FastifyBaseLogger } from 'fastify';
import { longestJobPeriodMs, type JobQueues } from './queues.js';
import { repeat, type Repetition } from './repeat.js';

export interface PeriodicJob {
  /** Also the pg-boss queue name: `<module>.<job>`, such as `wallet.sweep`. */
  readonly name: string;
  /** One run per period; whole seconds (pg-boss's slots are in seconds), at least one; a day at most (cluster jobs). */
  readonly everyMs: number;
  /** The bound of one run: its signal aborts then; another process may take the job over after twice this. */
  readonly timeoutMs: number;
  readonly scope?: 'cluster' | 'process';
  run(signal: AbortSignal): Promise<unknown>;
}

interface Slot {
  readonly job: PeriodicJob;
  nextAtMs: number;
  running: Promise<void> | null;
}

/** How often the scheduler looks for due jobs: the lateness of a run at most. */
const lookEveryMs = 250;
const namePattern = /^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)+$/;

export class JobScheduler {
  private readonly slots = new Map<string, Slot>();
  private looking: Repetition | undefined;
  private state: 'idle' | 'running' | 'stopped' = 'idle';
  /** The signals of the runs in progress in this process, aborted by `stop`. */
  private readonly inProgress = new Set<AbortController>();

  constructor(
    private readonly queues: JobQueues,
    private readonly log: FastifyBaseLogger,
    private readonly now: () => number = Date.now,
  ) {}

  declare(job: PeriodicJob): void {
    if (this.state !== 'idle') throw new Error(`job ${job.name} declared after the scheduler started`);
    if (this.slots.has(job.name)) throw new Error(`job ${job.name} declared twice`);
    if (!namePattern.test(job.name)) throw new Error(`job name ${job.name} is not <module>.<job>`);
    if (job.everyMs < 1_000 || job.everyMs % 1_000 !== 0) throw new Error(`job ${job.name}: a period is whole seconds`);
    if (job.scope !== 'process' && job.everyMs > longestJobPeriodMs)
      throw new Error(`job ${job.name}: a cluster job's period is at most ${String(longestJobPeriodMs / 3_600_000)} h`);
    if (!(job.timeoutMs >= 1 && job.timeoutMs <= 3_600_000))
      throw new Error(`job ${job.name}: a run is bounded by 1 ms to 1 h`);
    this.slots.set(job.name, { job, nextAtMs: 0, running: null });
  }

  names(): string[] {
    return [...this.slots.keys()];
  }

  async start(): Promise<void> {
    if (this.state !== 'idle') return;
    this.state = 'running';
    const cluster = [...this.slots.values()].filter((s) => s.job.scope !== 'process');
    if (cluster.length > 0) await this.queues.start();
    for (const { job } of cluster) await this.ensureQueue(job);
    this.looking = repeat(
      lookEveryMs,
      async () => this.runDue(),
      (error) => this.log.warn({ err: error }, 'job scheduler failed to look for due jobs'),
    );
  }

  /** Stops looking for due jobs, then waits for the runs in progress. */
  async stop(): Promise<void> {
    if (this.state === 'stopped') return;
    this.state = 'stopped';
    await this.looking?.stop();
    for (const controller of this.inProgress) controller.abort(new Error('the cloud is stopping'));
    await Promise.allSettled([...this.slots.values()].flatMap((s) => (s.running === null ? [] : [s.running])));
  }

  private async ensureQueue(job: PeriodicJob): Promise<void> {
    await this.queues.ensureQueue(job.name, {
      name: job.name,
      policy: 'singleton',
      retryLimit: 0,
      expireInSeconds: Math.ceil((2 * job.timeoutMs) / 1_000),
    });
  }

  private runDue(): void {
    const nowMs = this.now();
    for (const slot of this.slots.values()) {
      if (slot.running !== null || nowMs < slot.nextAtMs) continue;
      const { everyMs } = slot.job;
      slot.nextAtMs = (Math.floor(nowMs / everyMs) + 1) * everyMs;
      slot.running = this.runOnce(slot.job).finally(() => {
        slot.running = null;
      });
    }
  }

  private async runOnce(job: PeriodicJob): Promise<void> {
    const startedMs = this.now();
    try {
      if (job.scope === 'process') {
        const result = await this.invoke(job);
        this.log.debug({ job: job.name, durationMs: this.now() - startedMs, result }, 'job run');
        return;
      }
      const boss = this.queues.boss;
      await boss.send(job.name, {}, { singletonKey: job.name, singletonSeconds: job.everyMs / 1_000 });
      const [claimed] = await boss.fetch(job.name);
      // Another process has this period's run, or is still running the last one.
      if (claimed === undefined) return;
      try {
        const result = await this.invoke(job);
        await boss.complete(job.name, claimed.id, { result: result ?? null });
        this.log.debug({ job: job.name, run: claimed.id, durationMs: this.now() - startedMs, result }, 'job run');
      } catch (error) {
        await boss.fail(job.name, claimed.id, { error: error instanceof Error ? error.message : String(error) });
        throw error;
      }
    } catch (error) {
      this.log.warn(
        { err: error, job: job.name, durationMs: this.now() - startedMs },
        'job failed; it runs again next period',
      );
    }
  }

  private async invoke(job: PeriodicJob): Promise<unknown> {
    const controller = new AbortController();
    this.inProgress.add(controller);
    const bound = setTimeout(
      () => controller.abort(new Error(`job ${job.name} ran past ${String(job.timeoutMs)} ms`)),
      job.timeoutMs,
    );
    try {
      return await job.run(controller.signal);
    } finally {
      clearTimeout(bound);
      this.inProgress.delete(controller);
    }
  }
}
