// VAT inside a credit charge: the tax leg must be exact and the rest must balance.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defaultTariffs, includedTax, vatBpByCountry } from './tariffs.js';

describe('tariffs and included tax', () => {
  it("takes 18% VAT out of a tax-inclusive charge in Côte d'Ivoire, half-up", () => {
    // 118 credits include 18 credits of VAT.
    expect(includedTax(11_800, vatBpByCountry.CI ?? 0)).toBe(1_800);
    // 1 credit = 100 centi-credits: 15.25… rounds to 15.
    expect(includedTax(100, 1800)).toBe(15);
    expect(includedTax(0, 1800)).toBe(0);
    expect(() => includedTax(-1, 1800)).toThrow(RangeError);
    expect(() => includedTax(1.5, 1800)).toThrow(RangeError);
  });

  it('never takes more tax than the amount, and is monotonic', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e12 }), fc.integer({ min: 0, max: 5000 }), (amount, vat) => {
        const tax = includedTax(amount, vat);
        expect(tax).toBeGreaterThanOrEqual(0);
        expect(tax).toBeLessThanOrEqual(amount);
        expect(includedTax(amount + 1, vat)).toBeGreaterThanOrEqual(tax);
      }),
    );
  });

  it('gives every tariff a module, a sane range and a cashback flag', () => {
    for (const [code, t] of Object.entries(defaultTariffs)) {
      expect(t.minCredits, code).toBeGreaterThan(0);
      expect(t.maxCredits, code).toBeGreaterThanOrEqual(t.minCredits);
    }
    expect(defaultTariffs.product_listing.cashbackEligible).toBe(false);
    expect(defaultTariffs.service_purchase.cashbackEligible).toBe(true);
  });
});
