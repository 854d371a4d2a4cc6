// JobQueues.stop returns only when the pool can close: a fetch still in flight when the cloud
// stops hands its job to the handler, which runs and completes before stop returns. pg-boss's
// own graceful stop waits only for workers already holding jobs; the landing CI of stop 41 saw
// the handler's fail() meet a closed pool (an unhandled rejection) in reports-schedules.
import { randomUUID } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import type pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import type { Database } from '../src/platform/db/database.js';
import { JobQueues } from '../src/platform/jobs/queues.js';
import { everyTestBackend } from './support/databases.js';

/** How long a fetch's answer is held back after PostgreSQL gave it: the window the stop falls in. */
const heldFetchMs = 700;

describe.each(everyTestBackend)('job queues stopping, on $name', (backend) => {
  let db: Database | undefined;
  afterEach(async () => {
    await db?.close();
    db = undefined;
  });

  it('waits for a fetch in flight at stop, runs its job and completes it before the pool closes', async () => {
    db = await backend.open();
    const pool = db.pool;
    let holdFetches = false;
    let fetchedJob!: () => void;
    const jobFetched = new Promise<void>((resolve) => (fetchedJob = resolve));
    // The real pool, except that a fetch which found a job answers late (pg-boss fetches with SKIP LOCKED).
    const slowFetchPool = {
      query: async (text: string, values?: unknown[]) => {
        const result = await pool.query(text, values);
        if (holdFetches && /skip locked/i.test(text) && result.rows.length > 0) {
          fetchedJob();
          await delay(heldFetchMs);
        }
        return result;
      },
    } as unknown as pg.Pool;
    const errors: unknown[] = [];
    const queues = new JobQueues(slowFetchPool, (error) => errors.push(error));
    await queues.start();
    const name = `test-stop-${randomUUID().slice(0, 8)}`;
    await queues.ensureQueue(name, { name, retryLimit: 0 });
    const handled: string[] = [];
    await queues.work<{ n: number }>(name, { pollingIntervalSeconds: 0.5, includeMetadata: true }, async (jobs) => {
      await delay(50);
      for (const job of jobs) handled.push(job.id);
    });

    holdFetches = true;
    const jobId = await queues.boss.send(name, { n: 1 });
    expect(jobId).not.toBeNull();
    await jobFetched;
    // PostgreSQL has marked the job active; pg-boss has not seen it yet.
    await queues.stop();

    expect(handled).toEqual([jobId]);
    const { rows } = await pool.query<{ state: string }>('select state from pgboss.job where id = $1', [jobId]);
    expect(rows[0]?.state).toBe('completed');
    expect(errors).toEqual([]);
  });
});
