// The provider screens' arithmetic matches the cloud's rules: a quote's live total, a refund's split, times of day.
import { describe, expect, it } from 'vitest';
import { abidjanInstant, clockOf, fcfaOf, minuteOf, quantityMilliOf, quoteTotalXof, refundSplit } from './math.js';

describe('provider screens arithmetic', () => {
  it('refuses what is not an amount or a quantity', () => {
    expect(fcfaOf('12a')).toBeNaN();
    expect(fcfaOf('')).toBeNaN();
    expect(quantityMilliOf('1,2345')).toBeNaN();
    expect(quantityMilliOf('-1')).toBeNaN();
    expect(quoteTotalXof([{ quantity: '1', price: '' }])).toBeNull();
    expect(minuteOf('25:00')).toBeNaN();
    expect(minuteOf('8:00')).toBeNaN();
  });

  it('totals a quote line by line, half up from thousandths', () => {
    expect(fcfaOf('12 500')).toBe(12_500);
    expect(quantityMilliOf('1,5')).toBe(1_500);
    expect(quantityMilliOf('2.25')).toBe(2_250);
    // 1.5 × 15 000 = 22 500; 1 × 3 400 = 3 400: 25 900 FCFA.
    expect(
      quoteTotalXof([
        { quantity: '1,5', price: '15000' },
        { quantity: '1', price: '3 400' },
      ]),
    ).toBe(25_900);
    // 0.333 × 1 001 = 333.333 → 333; 0.001 × 500 = 0.5 → 1 (half up).
    expect(quoteTotalXof([{ quantity: '0,333', price: '1001' }])).toBe(333);
    expect(quoteTotalXof([{ quantity: '0,001', price: '500' }])).toBe(1);
  });

  it('splits a refund in whole francs that add up to the hold', () => {
    expect(refundSplit(25_900, 40)).toEqual({ refundXof: 10_360, keptXof: 15_540 });
    expect(refundSplit(25_901, 50)).toEqual({ refundXof: 12_951, keptXof: 12_950 });
    expect(refundSplit(7, 100)).toEqual({ refundXof: 7, keptXof: 0 });
    for (const amount of [1, 3, 999, 12_345])
      for (const percent of [1, 33, 67, 99]) {
        const { refundXof, keptXof } = refundSplit(amount, percent);
        expect(Number.isInteger(refundXof) && refundXof + keptXof === amount).toBe(true);
      }
  });

  it('reads hours and Abidjan times', () => {
    expect(clockOf(510)).toBe('08:30');
    expect(minuteOf('08:30')).toBe(510);
    expect(minuteOf('24:00')).toBe(1440);
    expect(abidjanInstant('2027-01-12T09:00')).toBe('2027-01-12T09:00:00.000Z');
  });
});
