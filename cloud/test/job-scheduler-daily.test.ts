// A daily cluster job runs once a day across processes. Before, pg-boss refused every send of a
// period longer than its 12 h archive window ("throttling interval 86400s cannot exceed archive
// interval 43200s", seen in a demo cloud's log): the daily personal-data retention never ran.
// Two schedulers on one database stand for two cloud processes: the first runs the day's run,
// the second, started after it ended, finds that day's slot taken and runs nothing.
import { Writable } from 'node:stream';
import { setTimeout as delay } from 'node:timers/promises';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import type { Database } from '../src/platform/db/database.js';
import { JobQueues } from '../src/platform/jobs/queues.js';
import { JobScheduler } from '../src/platform/jobs/scheduler.js';
import { everyTestBackend } from './support/databases.js';

const dayMs = 86_400_000;
const waitMs = 15_000;

describe.each(everyTestBackend)('a daily cluster job, on $name', (backend) => {
  let db: Database | undefined;
  const stops: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const stop of stops.splice(0).reverse()) await stop();
    await db?.close();
    db = undefined;
  });

  it('runs once for the day whichever process starts it, and logs no failure', async () => {
    db = await backend.open();
    const warnings: string[] = [];
    const log = pino(
      { level: 'warn' },
      new Writable({
        write: (chunk: Buffer, _encoding, done) => {
          warnings.push(chunk.toString());
          done();
        },
      }),
    );
    let runs = 0;
    const startProcess = async () => {
      const queues = new JobQueues(db!.pool, (error) => warnings.push(String(error)));
      const scheduler = new JobScheduler(queues, log);
      scheduler.declare({ name: 'test.daily', everyMs: dayMs, timeoutMs: 60_000, run: async () => void runs++ });
      stops.push(async () => {
        await scheduler.stop();
        await queues.stop();
      });
      await scheduler.start();
    };

    await startProcess();
    for (const deadline = Date.now() + waitMs; runs === 0 && Date.now() < deadline;) await delay(100);
    expect(warnings).toEqual([]);
    expect(runs).toBe(1);

    await startProcess();
    await delay(2_000); // eight looks of the second scheduler
    expect(runs).toBe(1);
    const { rows } = await db.pool.query<{ state: string }>(`SELECT state FROM pgboss.job WHERE name = 'test.daily'`);
    expect(rows.map((r) => r.state)).toEqual(['completed']);
    expect(warnings).toEqual([]);
  });

  it('refuses a cluster job longer than a day, and lets a process job be', () => {
    const scheduler = new JobScheduler({} as JobQueues, pino({ level: 'silent' }));
    const job = { name: 'test.weekly', everyMs: 7 * dayMs, timeoutMs: 1_000, run: () => Promise.resolve() };
    expect(() => scheduler.declare(job)).toThrow(/at most 24 h/);
    expect(() => scheduler.declare({ ...job, scope: 'process' })).not.toThrow();
  });
});
