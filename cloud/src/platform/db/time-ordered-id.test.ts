import { describe, expect, it } from 'vitest';
import { validate, version } from 'uuid';
import { timeOrderedId } from './time-ordered-id.js';

/** The 48-bit millisecond timestamp an id carries. */
function msOf(id: string): number {
  return parseInt(id.slice(0, 8) + id.slice(9, 13), 16);
}

describe('timeOrderedId', () => {
  it('is a valid UUIDv7 carrying the millisecond it was drawn in, with the RFC variant', () => {
    const now = Date.now();
    const id = timeOrderedId(now);
    expect(validate(id)).toBe(true);
    expect(version(id)).toBe(7);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(msOf(id)).toBeGreaterThanOrEqual(now);
  });

  it('draws strictly increasing ids within one millisecond, and past 4,096 of them borrows the next', () => {
    const ms = Date.now() + 60_000;
    const ids = Array.from({ length: 5000 }, () => timeOrderedId(ms));
    for (let i = 1; i < ids.length; i++) expect((ids[i - 1] as string) < (ids[i] as string)).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    expect(msOf(ids[0] as string)).toBe(ms);
    expect(msOf(ids[4095] as string)).toBe(ms);
    expect(msOf(ids[4096] as string)).toBe(ms + 1);
  });

  it('stays increasing when the clock steps back', () => {
    const ms = Date.now() + 120_000;
    const first = timeOrderedId(ms);
    const afterStepBack = timeOrderedId(ms - 5_000);
    expect(first < afterStepBack).toBe(true);
  });

  it('keeps 62 random bits: ids drawn in the same millisecond differ beyond the counter', () => {
    const ms = Date.now() + 180_000;
    const tails = new Set(Array.from({ length: 200 }, () => timeOrderedId(ms).slice(19)));
    expect(tails.size).toBe(200);
  });
});
