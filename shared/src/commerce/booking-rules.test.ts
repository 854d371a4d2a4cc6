import { describe, expect, it } from 'vitest';
import {
  BookingRuleError,
  defaultCancellationPolicy,
  noticeHours,
  refundFor,
  stayNights,
  stayPriceXof,
} from './booking-rules.js';

describe('booking rules', () => {
  it('counts the nights of a stay, check-out excluded, across a month end', () => {
    expect(stayNights('2026-12-30', '2027-01-02')).toEqual(['2026-12-30', '2026-12-31', '2027-01-01']);
    expect(() => stayNights('2026-12-30', '2026-12-30')).toThrow(BookingRuleError);
    expect(() => stayNights('2026-02-30', '2026-03-02')).toThrow(/calendar date/);
    expect(() => stayNights('2026-01-01', '2026-03-01')).toThrow(/at most 31/);
  });

  it('prices each night at its dated rate, else the base price', () => {
    expect(
      stayPriceXof(
        ['2026-12-24', '2026-12-25', '2026-12-26'],
        35_000,
        new Map([
          ['2026-12-24', 50_000],
          ['2026-12-25', 50_000],
        ]),
      ),
    ).toBe(135_000);
  });

  it('refunds fully inside the free window, half up to 24 h, nothing after', () => {
    expect(refundFor(70_001, 72, defaultCancellationPolicy)).toEqual({ refundBp: 10_000, refund: 70_001 });
    expect(refundFor(70_001, 30, defaultCancellationPolicy)).toEqual({ refundBp: 5_000, refund: 35_000 });
    expect(refundFor(70_001, 2, defaultCancellationPolicy)).toEqual({ refundBp: 0, refund: 0 });
    expect(refundFor(70_000, -5, defaultCancellationPolicy).refund).toBe(0);
    expect(noticeHours('2026-12-24', new Date('2026-12-22T14:00:00Z'))).toBe(48);
  });
});
