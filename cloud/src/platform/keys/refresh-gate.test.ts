// The bound on forced key reloads: one at a time (callers in flight share it), at most one
// started per interval (later callers get its outcome without a new reload), a new one once the
// interval has passed, and a failed reload neither wedges the gate nor fails the callers sharing it.
import { describe, expect, it } from 'vitest';
import { createRefreshGate, unknownKidRefreshIntervalMs } from './refresh-gate.js';

function manualReload(): { reload: () => Promise<void>; finish: () => void; fail: () => void; started: () => number } {
  let started = 0;
  let settle: { resolve: () => void; reject: (error: Error) => void } | undefined;
  return {
    reload: () => {
      started++;
      return new Promise<void>((resolve, reject) => {
        settle = { resolve, reject };
      });
    },
    finish: () => settle?.resolve(),
    fail: () => settle?.reject(new Error('database down')),
    started: () => started,
  };
}

describe('refresh gate', () => {
  it('is one second by default', () => {
    expect(unknownKidRefreshIntervalMs).toBe(1_000);
  });

  it('shares one reload in flight among concurrent callers', async () => {
    let nowMs = 0;
    const gate = createRefreshGate(1_000, () => nowMs);
    const manual = manualReload();
    const callers = Array.from({ length: 100 }, () => gate.force(manual.reload));
    nowMs = 10;
    manual.finish();
    const started = await Promise.all(callers);
    expect(manual.started()).toBe(1);
    expect(started.filter(Boolean)).toHaveLength(1);
  });

  it('answers at once without a reload within the interval, and reloads again after it', async () => {
    let nowMs = 5_000;
    const gate = createRefreshGate(1_000, () => nowMs);
    let reloads = 0;
    const reload = async (): Promise<void> => {
      reloads++;
    };
    expect(await gate.force(reload)).toBe(true);
    for (const at of [5_001, 5_500, 5_999]) {
      nowMs = at;
      expect(await gate.force(reload)).toBe(false);
    }
    expect(reloads).toBe(1);
    nowMs = 6_000;
    expect(await gate.force(reload)).toBe(true);
    expect(reloads).toBe(2);
  });

  it('reports a failed reload to its caller only, and reloads again after the interval', async () => {
    let nowMs = 0;
    const gate = createRefreshGate(1_000, () => nowMs);
    const manual = manualReload();
    const first = gate.force(manual.reload);
    const sharing = gate.force(manual.reload);
    manual.fail();
    await expect(first).rejects.toThrow('database down');
    await expect(sharing).resolves.toBe(false);
    nowMs = 1_000;
    const again = manualReload();
    const retry = gate.force(again.reload);
    again.finish();
    await expect(retry).resolves.toBe(true);
    expect(again.started()).toBe(1);
  });
});
