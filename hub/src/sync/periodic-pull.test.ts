// A periodic download on the hub scheduler: once at start, again `everyMs` after a success,
// after the shorter retry delay when it failed, silently (its owner keeps the error), and
// never again once stopped.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Scheduler } from '../platform/scheduler.js';
import { PeriodicPull } from './periodic-pull.js';

describe('PeriodicPull', () => {
  const warnings: string[] = [];
  let scheduler: Scheduler;

  beforeEach(() => {
    vi.useFakeTimers();
    warnings.length = 0;
    scheduler = new Scheduler({ warn: (_details, message) => warnings.push(message) });
  });

  afterEach(async () => {
    await scheduler.stop();
    vi.useRealTimers();
  });

  it('pulls at start, then every everyMs after a success', async () => {
    const at: number[] = [];
    const start = Date.now();
    const pull = new PeriodicPull('test.pull', async () => void at.push(Date.now() - start), 60_000, 5_000);
    pull.start(scheduler);
    await vi.advanceTimersByTimeAsync(130_000);
    expect(at).toEqual([0, 60_000, 120_000]);
  });

  it('retries after the shorter delay while failing, without logging, then settles on everyMs', async () => {
    const at: number[] = [];
    const start = Date.now();
    const pull = new PeriodicPull(
      'test.flaky',
      async () => {
        at.push(Date.now() - start);
        if (at.length <= 2) throw new Error('not paired');
      },
      60_000,
      5_000,
    );
    pull.start(scheduler);
    await vi.advanceTimersByTimeAsync(70_000);
    expect(at).toEqual([0, 5_000, 10_000, 70_000]);
    expect(warnings).toEqual([]);
  });

  it('pulls no more once stopped', async () => {
    let pulls = 0;
    const pull = new PeriodicPull('test.stopped', async () => void pulls++, 1_000, 5_000);
    pull.start(scheduler);
    await vi.advanceTimersByTimeAsync(2_500);
    expect(pulls).toBe(3);
    pull.stop();
    await vi.advanceTimersByTimeAsync(5_000);
    expect(pulls).toBe(3);
  });
});
