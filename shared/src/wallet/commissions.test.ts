// Proves the SPEC 3.6 commission rules, the worked example to the franc first.
import { describe, expect, it } from 'vitest';
import { centiCreditsToXof, xofToCentiCredits } from '../money/credits.js';
import { defaultCommissionPolicy, ratesFor, repLevel, salesCommissions } from './commissions.js';
import { defaultModuleCommissions } from './tariffs.js';

const ci = { country: 'CI', xofPerCredit: 50 };

describe('sales commissions', () => {
  it('holds the SPEC 3.6 worked example exactly', () => {
    // A partner consumes 1,000 credits (50,000 FCFA).
    const consumed = xofToCentiCredits(50_000, ci);
    expect(consumed).toBe(100_000);
    const lines = salesCommissions({
      consumedCentiCredits: consumed,
      module: 'shop',
      rep: { id: 'rep', activePartners: 3 },
      teamLeads: ['lead'],
    });
    expect(lines.map((l) => ({ to: l.to, xof: centiCreditsToXof(l.amountCentiCredits, ci) }))).toEqual([
      { to: 'rep', xof: 2_000 }, // junior 4%
      { to: 'lead', xof: 1_000 }, // team lead +2%
    ]);
  });

  it('pays a senior rep 6% once they have more than 10 active partners', () => {
    expect(repLevel(10)).toBe('junior');
    expect(repLevel(11)).toBe('senior');
    const [rep] = salesCommissions({
      consumedCentiCredits: 100_000,
      module: 'booking',
      rep: { id: 'rep', activePartners: 11 },
      teamLeads: [],
    });
    expect(rep).toMatchObject({ level: 'senior', rateBp: 600, amountCentiCredits: 6_000 });
  });

  it('cascades up the tree within a bound, and never pays a lead twice', () => {
    const lines = salesCommissions({
      consumedCentiCredits: 10_000,
      module: 'services',
      rep: { id: 'r', activePartners: 0 },
      teamLeads: ['a', 'b', 'c', 'd', 'e'],
    });
    expect(lines.map((l) => l.to)).toEqual(['r', 'a', 'b', 'c']);
    const cyclic = salesCommissions({
      consumedCentiCredits: 10_000,
      module: 'services',
      rep: { id: 'r', activePartners: 0 },
      teamLeads: ['a', 'r', 'b'],
    });
    expect(cyclic.map((l) => l.to)).toEqual(['r', 'a']);
  });

  it('applies module and partner-category rates, most specific first', () => {
    const policy = {
      ...defaultCommissionPolicy,
      byModule: { shop: { juniorBp: 450 } },
      byModuleAndCategory: { 'shop:grossiste': { juniorBp: 300 } },
    };
    expect(ratesFor(policy, 'shop', undefined).juniorBp).toBe(450);
    expect(ratesFor(policy, 'shop', 'grossiste').juniorBp).toBe(300);
    expect(ratesFor(policy, 'booking', 'grossiste').juniorBp).toBe(400);
    expect(() =>
      salesCommissions({
        consumedCentiCredits: -1,
        module: 'shop',
        rep: { id: 'r', activePartners: 0 },
        teamLeads: [],
      }),
    ).toThrow(RangeError);
  });

  it('seeds the module commission rates of SPEC 3.5', () => {
    expect(defaultModuleCommissions).toMatchObject({
      services: { rateBp: 700 },
      shop: { rateBp: 600, perListingXof: 100 },
      booking: { rateBp: 800 },
      real_estate: { rateBp: 400, perListingXof: 200 },
      debt_collection: { rateBp: 500 },
    });
  });
});
