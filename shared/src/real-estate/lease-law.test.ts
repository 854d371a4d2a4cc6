import { describe, expect, it } from 'vitest';
import { addMonthsToDay, earliestRevisionOn, leaseViolations, revisionNoticeBy, type LeaseTerms } from './lease-law.js';

const compliant: LeaseTerms = {
  rentXof: 250_000,
  chargesXof: 15_000,
  depositXof: 500_000,
  advanceXof: 500_000,
  startsOn: '2027-01-01',
  durationMonths: 12,
  revisionOn: '2030-01-01',
};

describe('lease law 2018-575', () => {
  it('accepts two months of deposit and of advance, and a revision after three years', () => {
    expect(leaseViolations(compliant)).toEqual([]);
  });

  it('refuses a deposit of three months with the law as the reason', () => {
    const v = leaseViolations({ ...compliant, depositXof: 750_000 });
    expect(v.map((x) => x.code)).toEqual(['deposit_too_high']);
    expect(v[0]?.message).toMatch(/2 mois de loyer.*2018-575/);
  });

  it('refuses one franc over two months of advance', () => {
    expect(leaseViolations({ ...compliant, advanceXof: 500_001 }).map((x) => x.code)).toEqual(['advance_too_high']);
  });

  it('refuses a revision before three years', () => {
    const v = leaseViolations({ ...compliant, revisionOn: '2029-12-31' });
    expect(v.map((x) => x.code)).toEqual(['revision_too_early']);
    expect(v[0]?.message).toContain('2030-01-01');
  });

  it('refuses amounts that are not whole francs and impossible dates', () => {
    const v = leaseViolations({ ...compliant, rentXof: 1.5, startsOn: '2027-13-01', durationMonths: 0 });
    expect(v.map((x) => x.field).sort()).toEqual(['durationMonths', 'rentXof', 'startsOn']);
  });

  it('counts months on the calendar, clamping to the last day', () => {
    expect(addMonthsToDay('2027-01-31', 1)).toBe('2027-02-28');
    expect(addMonthsToDay('2028-01-31', 1)).toBe('2028-02-29');
    expect(addMonthsToDay('2027-11-15', 3)).toBe('2028-02-15');
    expect(addMonthsToDay('2027-03-15', -3)).toBe('2026-12-15');
    expect(earliestRevisionOn('2028-02-29')).toBe('2031-02-28');
    expect(revisionNoticeBy('2030-01-01')).toBe('2029-10-01');
  });
});
