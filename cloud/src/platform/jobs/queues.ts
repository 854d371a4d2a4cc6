/**
 * The cloud's one pg-boss instance: the job queues (notification sends) and the periodic
 * jobs' run records (see scheduler.ts) live in its schema of our own database.
 *
 * It runs its statements through our pool, so the embedded PGlite's single connection is
 * shared rather than doubled, and there is no LISTEN to configure. Cron scheduling is off:
 * its minute grain is too coarse for jobs that run every few seconds (the scheduler sends
 * each run itself, deduplicated per period by pg-boss's singleton slots).
 */
import { setTimeout as delay } from 'node:timers/promises';
import PgBoss from 'pg-boss';
import type pg from 'pg';

/** Tries at creating a queue another process may be creating at the same moment, and the pause between. */
const queueCreateAttempts = 6;
const queueCreatePauseMs = 100;
/** How long stop waits for handlers and statements in progress, and how often it looks. */
const stopTimeoutMs = 30_000;
const stopPollMs = 20;

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * The longest period a cluster job may have (see scheduler.ts). A period's run is one row in
 * pg-boss's job table, whose unique index on the singleton slot is what makes it run once
 * across processes; pg-boss archives completed rows out of that table after
 * `archiveCompletedAfterSeconds`, and then the slot is free again. So completed rows stay a
 * whole longest period. pg-boss asserts it on every send: with its default of 12 h, every send
 * of the daily personal-data retention job threw, and the job never ran.
 */
export const longestJobPeriodMs = 86_400_000;

export class JobQueues {
  readonly boss: PgBoss;
  private starting: Promise<void> | null = null;
  /** pg-boss's statements and our handlers in progress: stop waits for both to reach zero. */
  private statementsInFlight = 0;
  private handlersInFlight = 0;

  constructor(pool: pg.Pool, onError: (error: unknown) => void) {
    this.boss = new PgBoss({
      db: { executeSql: (text: string, values?: unknown[]) => this.counted(pool.query(text, values)) },
      schedule: false,
      archiveCompletedAfterSeconds: longestJobPeriodMs / 1_000,
    });
    this.boss.on('error', onError);
  }

  private async counted<T>(statement: Promise<T>): Promise<T> {
    this.statementsInFlight++;
    try {
      return await statement;
    } finally {
      this.statementsInFlight--;
    }
  }

  /** pg-boss's `work`, with the handler counted so that stop can wait for it. */
  work<T extends object>(
    name: string,
    options: PgBoss.WorkOptions & { includeMetadata: true },
    handler: (jobs: PgBoss.JobWithMetadata<T>[]) => Promise<void>,
  ): Promise<string> {
    return this.boss.work<T>(name, options, async (jobs) => {
      this.handlersInFlight++;
      try {
        await handler(jobs);
      } finally {
        this.handlersInFlight--;
      }
    });
  }

  /** Idempotent, and a second caller waits for the first start (pg-boss's own guard returns at once). */
  start(): Promise<void> {
    this.starting ??= this.boss.start().then(() => undefined);
    return this.starting;
  }

  /**
   * Creates the queue unless it exists. Two processes starting together both find it missing:
   * pg-boss's create_queue of one deadlocks or collides with the other's, which commits a
   * moment later (seen 5 times in 5 on a fresh database). Look again after a pause, jittered
   * so the two do not meet again, before giving up.
   */
  async ensureQueue(name: string, options: PgBoss.Queue): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      if ((await this.boss.getQueue(name)) !== null) return;
      try {
        await this.boss.createQueue(name, options);
        return;
      } catch (error) {
        if (attempt >= queueCreateAttempts) throw error;
        await delay(queueCreatePauseMs * attempt + Math.random() * queueCreatePauseMs);
      }
    }
  }

  /**
   * Waits for the handlers in progress, then stops polling; the pool stays open (it is ours),
   * and its owner may close it as soon as this returns.
   *
   * pg-boss's own graceful stop waits only for workers already holding jobs: a fetch still in
   * flight hands its jobs to a handler after the stop returned, and pg-boss does not await the
   * complete or fail it sends once a handler ends. Both then met a closed pool (an unhandled
   * rejection in CI, and a job left active until it expires). So wait, within the same bound,
   * until no statement and no handler is in progress, twice across a turn of the event loop:
   * a fetch that resolves starts its handler, and a handler that ends sends its completion,
   * before the next turn.
   */
  async stop(): Promise<void> {
    if (this.starting === null) return;
    await this.starting.catch(() => undefined);
    const deadlineMs = Date.now() + stopTimeoutMs;
    await this.boss.stop({ graceful: true, wait: true, close: false, timeout: stopTimeoutMs });
    while (Date.now() < deadlineMs) {
      if (this.idle()) {
        await nextTurn();
        if (this.idle()) return;
      } else await delay(stopPollMs);
    }
  }

  private idle(): boolean {
    return this.statementsInFlight === 0 && this.handlersInFlight === 0;
  }
}
