import pino from 'pino';
import { describe, expect, it } from 'vitest';
import type { JobQueues } from './queues.js';
import { JobScheduler } from './scheduler.js';

// A process job needs no queue: nothing here touches pg-boss, so a queues object that refuses every use stands in.
const noQueues: JobQueues = new Proxy<JobQueues>(Object.create(null) as JobQueues, {
  get: () => {
    throw new Error('a process job must not use the queues');
  },
});

describe('JobScheduler.stop', () => {
  it('aborts the signal of a run in progress, then waits for the run to end', async () => {
    const scheduler = new JobScheduler(noQueues, pino({ level: 'silent' }));
    let started!: () => void;
    const running = new Promise<void>((resolve) => (started = resolve));
    let seen: unknown;
    let ended = false;
    scheduler.declare({
      name: 'test.catch-up',
      everyMs: 1_000,
      timeoutMs: 60_000,
      scope: 'process',
      // A long catch-up that heeds its signal between steps, as the notification feeder does.
      run: async (signal) => {
        started();
        try {
          await new Promise<void>((resolve, reject) => {
            const step = setTimeout(resolve, 50_000);
            signal.addEventListener('abort', () => {
              clearTimeout(step);
              reject(signal.reason as Error);
            });
          });
        } catch (error) {
          seen = error;
          throw error;
        } finally {
          ended = true;
        }
      },
    });
    await scheduler.start();
    await running;
    const stopStartedMs = Date.now();
    await scheduler.stop();
    expect(Date.now() - stopStartedMs).toBeLessThan(5_000);
    expect(ended).toBe(true);
    expect(String(seen)).toContain('the cloud is stopping');
  });
});
