// The listing form's reading of what was typed (pure): unreadable numbers refused, the phone as +225…, a sale without
// deposit and advance, only the changes sent on edit (an emptied text included), and the slots a form describes.
import { describe, expect, it } from 'vitest';
import { changesOf, draftOf, fieldsOf, phoneOf } from './draft.js';
import { slotsOf } from './SlotsEditor.js';
import type { OwnerListing } from './types.js';

const typed = { ...draftOf(null, 'standard_30'), title: 'Studio Marcory', areaM2: '30', price: '85 000' };

describe('the listing form', () => {
  it('refuses numbers it cannot read', () => {
    expect(fieldsOf({ ...typed, price: '85 000 euros' })).toBeNull();
    expect(fieldsOf({ ...typed, areaM2: '30,5' })).toBeNull();
    expect(fieldsOf({ ...typed, rooms: 'deux' })).toBeNull();
  });

  it('reads FCFA with spaces, the phone as +225, and leaves a sale without deposit or advance', () => {
    expect(phoneOf('07 08 09 10 11')).toBe('+2250708091011');
    expect(phoneOf('00225 0708091011')).toBe('+2250708091011');
    const rent = fieldsOf({ ...typed, contactPhone: '07 08 09 10 11' });
    expect(rent).toMatchObject({ priceXof: 85_000, chargesXof: 0, depositMonths: 2, contactPhone: '+2250708091011' });
    const sale = fieldsOf({ ...typed, deal: 'sale' });
    expect(sale).not.toHaveProperty('depositMonths');
    expect(sale).not.toHaveProperty('advanceMonths');
  });

  it('sends only what changed, an emptied neighbourhood and video included', () => {
    const fields = fieldsOf({ ...typed, neighbourhood: 'Zone 4', videoUrl: 'https://example.ci/v' });
    if (fields === null) throw new Error('readable');
    const before = { ...fields, neighbourhood: 'Zone 4', description: '', videoUrl: 'https://example.ci/v' };
    const listing = before as unknown as OwnerListing;
    expect(changesOf(listing, fields)).toEqual({});
    const edited = fieldsOf({ ...typed, price: '90 000' });
    if (edited === null) throw new Error('readable');
    expect(changesOf(listing, edited)).toEqual({ priceXof: 90_000, neighbourhood: '', videoUrl: null });
  });
});

describe('slots added at once', () => {
  it('gives none for an unreadable day or a too short visit, and at most 50', () => {
    expect(slotsOf('2026-13-40', '09:00', 30, 3)).toEqual([]);
    expect(slotsOf('2026-12-10', '09:00', 5, 3)).toEqual([]);
    expect(slotsOf('2026-12-10', '09:00', 30, 80)).toHaveLength(50);
  });

  it('follows one another from the first start (Abidjan is UTC)', () => {
    expect(slotsOf('2026-12-10', '09:00', 30, 2)).toEqual([
      { startsAt: '2026-12-10T09:00:00.000Z', endsAt: '2026-12-10T09:30:00.000Z' },
      { startsAt: '2026-12-10T09:30:00.000Z', endsAt: '2026-12-10T10:00:00.000Z' },
    ]);
  });
});
