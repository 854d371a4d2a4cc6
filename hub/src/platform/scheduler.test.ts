// The hub scheduler runs named tasks on their period, never overlaps a task with itself, logs
// a failing run instead of throwing, and stop() returns only once the runs in flight are done.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Scheduler } from './scheduler.js';

describe('Scheduler', () => {
  const warnings: { details: object; message: string }[] = [];
  let scheduler: Scheduler;

  beforeEach(() => {
    vi.useFakeTimers();
    warnings.length = 0;
    scheduler = new Scheduler({ warn: (details, message) => warnings.push({ details, message }) });
  });

  afterEach(async () => {
    await scheduler.stop();
    vi.useRealTimers();
  });

  it('runs a task every period, first after one period, until it is cancelled', async () => {
    let runs = 0;
    const cancel = scheduler.every({ name: 'count', everyMs: 100, run: () => void runs++ });
    expect(runs).toBe(0);
    await vi.advanceTimersByTimeAsync(350);
    expect(runs).toBe(3);
    cancel();
    await vi.advanceTimersByTimeAsync(500);
    expect(runs).toBe(3);
    expect(scheduler.names()).toEqual([]);
  });

  it('runs a task once at once when asked, then on its period', async () => {
    let runs = 0;
    scheduler.every({ name: 'pull', everyMs: 100, runAtStart: true, run: () => void runs++ });
    expect(runs).toBe(1);
    await vi.advanceTimersByTimeAsync(100);
    expect(runs).toBe(2);
  });

  it('skips a tick while the previous run of the same task is still going', async () => {
    let started = 0;
    let finish: () => void = () => undefined;
    scheduler.every({
      name: 'slow',
      everyMs: 100,
      run: () => {
        started++;
        return new Promise<void>((resolve) => (finish = resolve));
      },
    });
    await vi.advanceTimersByTimeAsync(450);
    expect(started).toBe(1);
    finish();
    await vi.advanceTimersByTimeAsync(100);
    expect(started).toBe(2);
    finish();
  });

  it('logs a failing run with its task name and keeps running the task', async () => {
    let runs = 0;
    scheduler.every({
      name: 'flaky',
      everyMs: 50,
      run: () => {
        runs++;
        if (runs === 1) throw new Error('printer gone');
        return Promise.reject(new Error('still gone'));
      },
    });
    await vi.advanceTimersByTimeAsync(120);
    expect(runs).toBe(2);
    expect(
      warnings.map((w) => [w.message, (w.details as { task: string }).task, (w.details as { err: Error }).err.message]),
    ).toEqual([
      ['scheduled task failed', 'flaky', 'printer gone'],
      ['scheduled task failed', 'flaky', 'still gone'],
    ]);
  });

  it('stop() waits for the runs in flight and schedules nothing after', async () => {
    let finished = false;
    let finish: () => void = () => undefined;
    scheduler.every({
      name: 'writer',
      everyMs: 100,
      run: async () => {
        await new Promise<void>((resolve) => (finish = resolve));
        finished = true;
      },
    });
    await vi.advanceTimersByTimeAsync(100);
    let stopped = false;
    const stopping = scheduler.stop().then(() => (stopped = true));
    await vi.advanceTimersByTimeAsync(10);
    expect(stopped).toBe(false);
    finish();
    await stopping;
    expect(finished).toBe(true);
    expect(() => scheduler.every({ name: 'late', everyMs: 100, run: () => undefined })).toThrow(/stopped/);
  });

  it('refuses a second task with the same name and a period that would spin', () => {
    scheduler.every({ name: 'once', everyMs: 100, run: () => undefined });
    expect(() => scheduler.every({ name: 'once', everyMs: 100, run: () => undefined })).toThrow(/already scheduled/);
    expect(() => scheduler.every({ name: 'spin', everyMs: 0, run: () => undefined })).toThrow(/everyMs/);
  });

  it('a stale cancel does not cancel a later task that reuses the name', async () => {
    let runs = 0;
    const first = scheduler.every({ name: 'stream', everyMs: 100, run: () => undefined });
    first();
    scheduler.every({ name: 'stream', everyMs: 100, run: () => void runs++ });
    first();
    await vi.advanceTimersByTimeAsync(100);
    expect(runs).toBe(1);
  });
});
