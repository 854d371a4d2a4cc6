import { describe, expect, it } from 'vitest';
import { repeat } from './repeat.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('repeat', () => {
  it('never overlaps a slow run, goes on after a failure, and stop waits for the run in progress', async () => {
    let active = 0;
    let most = 0;
    let runs = 0;
    const errors: unknown[] = [];
    let finished = false;
    const repetition = repeat(
      5,
      async () => {
        runs++;
        active++;
        most = Math.max(most, active);
        await sleep(30);
        active--;
        finished = true;
        if (runs === 1) throw new Error('first run fails');
      },
      (error) => errors.push(error),
    );
    await sleep(120);
    finished = false;
    await repetition.stop();
    expect(most).toBe(1);
    expect(runs).toBeGreaterThanOrEqual(2);
    expect(errors).toHaveLength(1);
    // stop() returned after the run it found in progress ended, and no run starts after it.
    expect(active).toBe(0);
    const after = runs;
    await sleep(50);
    expect(runs).toBe(after);
    expect(finished || runs === after).toBe(true);
  });
});
