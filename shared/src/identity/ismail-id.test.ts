// Proves ISMAIL IDs have the exact SPEC 3.2 format, use every index once, and that IDs
// typed at a desk with look-alike characters are read back to the same ID.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  formatIsmailId,
  indexFromRandomBytes,
  indexOfRandomPart,
  ismailIdCapacityPerDay,
  ismailIdDate,
  ismailIdPattern,
  parseIsmailId,
  randomPartFromIndex,
  userTypeForProfile,
} from './ismail-id.js';

describe('ISMAIL ID', () => {
  it('is 16 characters in the CCYYMMDD-XXXX-UL format', () => {
    const id = formatIsmailId({ country: 'CI', date: '261124', random: '7K3M', userType: 'CL' });
    expect(id).toBe('CI261124-7K3M-CL');
    expect(id).toHaveLength(16);
    expect(ismailIdPattern.test(id)).toBe(true);
  });

  it('has a documented capacity of 32^4 per country, day and type, every index a distinct code', () => {
    expect(ismailIdCapacityPerDay).toBe(1_048_576);
    expect(randomPartFromIndex(0)).toBe('0000');
    expect(randomPartFromIndex(ismailIdCapacityPerDay - 1)).toBe('ZZZZ');
    expect(() => randomPartFromIndex(ismailIdCapacityPerDay)).toThrow(RangeError);
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: ismailIdCapacityPerDay - 1 }),
        (index) => indexOfRandomPart(randomPartFromIndex(index)) === index,
      ),
    );
  });

  it('turns 3 random bytes into an unbiased index over the whole space', () => {
    expect(indexFromRandomBytes(Uint8Array.of(0, 0, 0))).toBe(0);
    expect(indexFromRandomBytes(Uint8Array.of(255, 255, 255))).toBe(ismailIdCapacityPerDay - 1);
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 3, maxLength: 3 }), (bytes) => {
        const index = indexFromRandomBytes(bytes);
        return index >= 0 && index < ismailIdCapacityPerDay;
      }),
    );
  });

  it('never uses look-alike letters in the random part', () => {
    for (let index = 0; index < ismailIdCapacityPerDay; index += 997)
      expect(randomPartFromIndex(index)).not.toMatch(/[ILOU]/);
  });

  it('reads IDs typed with other case, separators and look-alikes back to the same ID', () => {
    const expected = 'CI261110-7K1M-PT';
    for (const typed of [
      'CI261110-7K1M-PT',
      'ci261110 7k1m pt',
      'CI26111O-7KlM-PT',
      'CI.2611I0.7KIM.PT',
      ' ci-261110-7k-1m-pt ',
    ]) {
      const parsed = parseIsmailId(typed);
      expect(parsed).toMatchObject({ ok: true, id: expected });
    }
  });

  it('refuses malformed IDs with a reason a person can act on', () => {
    expect(parseIsmailId('CI261124-7K3M')).toMatchObject({ ok: false, problem: expect.stringContaining('14 letters') });
    expect(parseIsmailId('CI261324-7K3M-CL')).toMatchObject({ ok: false, problem: expect.stringContaining('date') });
    expect(parseIsmailId('CI260230-7K3M-CL')).toMatchObject({ ok: false, problem: expect.stringContaining('date') });
    expect(parseIsmailId('CI261124-7KUM-CL')).toMatchObject({
      ok: false,
      problem: expect.stringContaining('U is never used'),
    });
    expect(parseIsmailId('CI261124-7K3M-XX')).toMatchObject({
      ok: false,
      problem: expect.stringContaining('CL, PT, CM or AD'),
    });
    expect(parseIsmailId('x'.repeat(1000))).toMatchObject({ ok: false });
  });

  it('dates the ID in the country time zone and maps profiles to user types', () => {
    // 23:30 UTC on 31 Dec is still 31 Dec in Abidjan (UTC+0) but already 1 Jan in Lagos (UTC+1).
    const at = new Date('2026-12-31T23:30:00Z');
    expect(ismailIdDate(at, 'Africa/Abidjan')).toBe('261231');
    expect(ismailIdDate(at, 'Africa/Lagos')).toBe('270101');
    expect(userTypeForProfile('client')).toBe('CL');
    expect(userTypeForProfile('partner')).toBe('PT');
    expect(userTypeForProfile('sales_rep')).toBe('CM');
    expect(userTypeForProfile('agency_chief')).toBe('CM');
    expect(userTypeForProfile('super_admin')).toBe('AD');
  });
});
