import { describe, expect, it } from 'vitest';
import { testClock, testClockMaxOffsetMs } from './test-clock.js';

describe('test clock', () => {
  it('moves forward only, by whole milliseconds, a year at most', () => {
    let real = 1_000_000;
    const clock = testClock(() => real);
    expect(clock.now().getTime()).toBe(1_000_000);
    expect(clock.advance(60_000).getTime()).toBe(1_060_000);
    real += 5;
    expect(clock.now().getTime()).toBe(1_060_005);
    expect(() => clock.advance(0)).toThrow(RangeError);
    expect(() => clock.advance(-1)).toThrow(RangeError);
    expect(() => clock.advance(1.5)).toThrow(RangeError);
    expect(() => clock.advance(testClockMaxOffsetMs)).toThrow(RangeError);
    expect(clock.offsetMs()).toBe(60_000);
  });
});
