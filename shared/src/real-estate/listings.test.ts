import { describe, expect, it } from 'vitest';
import {
  asksVisitFee,
  canMoveListing,
  expiryReminderDue,
  hammingHex64,
  renewedUntil,
  sameListingKey,
} from './listings.js';

const day = 86_400_000;

describe('listings', () => {
  it('renews from the current end when still running, from now when expired', () => {
    const now = new Date('2027-03-10T12:00:00Z');
    const end = new Date(now.getTime() + 3 * day);
    expect(renewedUntil(end, 30, now).toISOString()).toBe(new Date(end.getTime() + 30 * day).toISOString());
    const past = new Date(now.getTime() - day);
    expect(renewedUntil(past, 30, now).toISOString()).toBe(new Date(now.getTime() + 30 * day).toISOString());
    expect(renewedUntil(null, 30, now).toISOString()).toBe(new Date(now.getTime() + 30 * day).toISOString());
  });

  it('reminds at D-7 then D-1, once each', () => {
    const now = new Date('2027-03-10T12:00:00Z');
    const at = (days: number): Date => new Date(now.getTime() + days * day);
    expect(expiryReminderDue(at(8), now, { d7: false, d1: false })).toBeNull();
    expect(expiryReminderDue(at(6.5), now, { d7: false, d1: false })).toBe('d7');
    expect(expiryReminderDue(at(6.5), now, { d7: true, d1: false })).toBeNull();
    expect(expiryReminderDue(at(0.5), now, { d7: true, d1: false })).toBe('d1');
    expect(expiryReminderDue(at(0.5), now, { d7: false, d1: true })).toBeNull();
    expect(expiryReminderDue(at(-1), now, { d7: false, d1: false })).toBeNull();
  });

  it('lets a sold listing go nowhere and a draft only to review', () => {
    expect(canMoveListing('draft', 'published')).toBe(false);
    expect(canMoveListing('draft', 'pending_review')).toBe(true);
    expect(canMoveListing('sold', 'draft')).toBe(false);
    expect(canMoveListing('expired', 'published')).toBe(true);
  });

  it('spots a fee asked to visit, whatever the accents', () => {
    expect(asksVisitFee('Frais de visite : 10 000 F')).toBe(true);
    expect(asksVisitFee('FRAIS D’INSCRIPTION obligatoires')).toBe(true);
    expect(asksVisitFee('Visite payante le samedi')).toBe(true);
    expect(asksVisitFee('Visite gratuite, appelez le gardien')).toBe(false);
    expect(asksVisitFee('Bel appartement, 3 pièces, Cocody Riviera')).toBe(false);
  });

  it('compares photos by differing bits and listings by phone, price and area within 5 %', () => {
    expect(hammingHex64('ffffffffffffffff', 'fffffffffffffff0')).toBe(4);
    expect(hammingHex64('0000000000000000', '0000000000000000')).toBe(0);
    const a = { contactPhone: '+2250701020304', priceXof: 250_000, areaM2: 100 };
    expect(sameListingKey(a, { ...a, areaM2: 104 })).toBe(true);
    expect(sameListingKey(a, { ...a, areaM2: 110 })).toBe(false);
    expect(sameListingKey(a, { ...a, priceXof: 250_001 })).toBe(false);
  });
});
