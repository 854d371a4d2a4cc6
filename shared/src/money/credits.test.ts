// Proves credit arithmetic is exact integers: conversions at the country rate, half-up
// percentages, and splits that always add back up to the amount.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { centiCreditsToXof, formatCredits, percentOf, splitByRates, xofToCentiCredits } from './credits.js';

const ci = { country: 'CI', xofPerCredit: 50 };

describe('credits', () => {
  it('converts at 50 FCFA a credit in Côte d’Ivoire', () => {
    expect(centiCreditsToXof(100_000, ci)).toBe(50_000); // 1,000 credits
    expect(xofToCentiCredits(50_000, ci)).toBe(100_000);
    expect(centiCreditsToXof(1, ci)).toBe(1); // 0.5 FCFA rounds half-up to 1
    expect(xofToCentiCredits(1, ci)).toBe(2);
    expect(() => xofToCentiCredits(1, { country: 'XX', xofPerCredit: 3 })).toThrow(RangeError);
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1e12 }),
        (xof) => centiCreditsToXof(xofToCentiCredits(xof, ci), ci) === xof,
      ),
    );
  });

  it('rounds percentages half-up to the centi-credit', () => {
    expect(percentOf(100_000, 400)).toBe(4_000); // 4% of 1,000 credits = 40 credits
    expect(percentOf(50, 300)).toBe(2); // 1.5 → 2
    expect(percentOf(49, 300)).toBe(1); // 1.47 → 1
    expect(percentOf(-50, 300)).toBe(-2);
    expect(() => percentOf(100, 10_001)).toThrow(RangeError);
    expect(() => percentOf(1.5, 100)).toThrow(RangeError);
  });

  it('splits so the parts always sum to the amount, the remainder to the platform', () => {
    expect(
      splitByRates(
        1_001,
        [
          { to: 'rep', rateBp: 400 },
          { to: 'lead', rateBp: 200 },
        ],
        'platform',
      ),
    ).toEqual([
      { to: 'rep', amountCentiCredits: 40 },
      { to: 'lead', amountCentiCredits: 20 },
      { to: 'platform', amountCentiCredits: 941 },
    ]);
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1e12 }),
        fc.array(fc.integer({ min: 0, max: 2_000 }), { maxLength: 5 }),
        (amount, rates) => {
          const parts = splitByRates(
            amount,
            rates.map((rateBp, i) => ({ to: `s${String(i)}`, rateBp })),
            'platform',
          );
          return (
            parts.reduce((sum, p) => sum + p.amountCentiCredits, 0) === amount &&
            parts.every((p) => Number.isSafeInteger(p.amountCentiCredits))
          );
        },
      ),
    );
  });
});

describe('formatCredits', () => {
  it('writes hundredths of credits the French way with integers only', () => {
    expect(formatCredits(0)).toBe('0,00 crédits');
    expect(formatCredits(3000)).toBe('30,00 crédits');
    expect(formatCredits(123_456_705)).toBe('1 234 567,05 crédits');
    expect(formatCredits(-150)).toBe('-1,50 crédits');
    expect(() => formatCredits(1.5)).toThrow(RangeError);
  });
});
