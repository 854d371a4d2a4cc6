// The countdown says only thresholds to screen readers, and reads as minutes:seconds.
import { describe, expect, it } from 'vitest';
import { crossedThreshold, formatCountdown } from './countdown.js';

describe('countdown', () => {
  it('names a threshold once, when it is crossed', () => {
    expect(crossedThreshold(61, 60)).toBe(60);
    expect(crossedThreshold(60, 59)).toBeNull();
    expect(crossedThreshold(45, 44)).toBeNull();
    expect(crossedThreshold(31, 29)).toBe(30);
    expect(crossedThreshold(12, 10)).toBe(10);
    expect(crossedThreshold(9, 8)).toBeNull();
  });

  it('formats minutes and seconds', () => {
    expect(formatCountdown(95)).toBe('1:35');
    expect(formatCountdown(9.2)).toBe('0:10');
    expect(formatCountdown(-3)).toBe('0:00');
  });
});
