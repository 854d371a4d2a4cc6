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

export class JobQueues {
  readonly boss: PgBoss;
  private starting: Promise<void> | null = null;

  constructor(pool: pg.Pool, onError: (error: unknown) => void) {
    this.boss = new PgBoss({
      db: { executeSql: (text: string, values?: unknown[]) => pool.query(text, values) },
      schedule: false,
    });
    this.boss.on('error', onError);
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

  /** Waits for the handlers in progress, then stops polling; the pool stays open (it is ours). */
  async stop(): Promise<void> {
    if (this.starting === null) return;
    await this.starting.catch(() => undefined);
    await this.boss.stop({ graceful: true, wait: true, close: false, timeout: 30_000 });
  }
}
