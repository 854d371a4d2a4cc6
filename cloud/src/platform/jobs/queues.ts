/**
 * The cloud's one pg-boss instance: the job queues (notification sends) and the periodic
 * jobs' run records (see scheduler.ts) live in its schema of our own database.
 *
 * It runs its statements through our pool, so the embedded PGlite's single connection is
 * shared rather than doubled, and there is no LISTEN to configure. Cron scheduling is off:
 * its minute grain is too coarse for jobs that run every few seconds (the scheduler sends
 * each run itself, deduplicated per period by pg-boss's singleton slots).
 */
import PgBoss from 'pg-boss';
import type pg from 'pg';

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

  /** Waits for the handlers in progress, then stops polling; the pool stays open (it is ours). */
  async stop(): Promise<void> {
    if (this.starting === null) return;
    await this.starting.catch(() => undefined);
    await this.boss.stop({ graceful: true, wait: true, close: false, timeout: 30_000 });
  }
}
