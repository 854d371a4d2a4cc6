import { describe, expect, it } from 'vitest';
import { refundFor } from '../commerce/booking-rules.js';
import { releaseAfter, serviceCancellationPolicy, splitHold } from './escrow.js';
import { hasContacts, maskContacts, maskedContact } from './masking.js';
import { quoteTotals } from './quotes.js';
import { distanceMetres, fuzzPosition, placeOf } from './places.js';

describe('service escrow rules', () => {
  it('splits a 40% refund exactly, rounding half-up, the provider keeping the rest', () => {
    expect(splitHold(35_000, 70_000, 4_000)).toEqual({
      refundXof: 14_000,
      keptXof: 21_000,
      refundCentiCredits: 28_000,
      keptCentiCredits: 42_000,
    });
    // 40% of 12,345 = 4,938 exactly; of 24,691 = 9,876.4 → 9,876; of 25 = 10.
    const odd = splitHold(12_345, 24_691, 4_000);
    expect(odd).toEqual({ refundXof: 4_938, keptXof: 7_407, refundCentiCredits: 9_876, keptCentiCredits: 14_815 });
    expect(odd.refundCentiCredits + odd.keptCentiCredits).toBe(24_691);
    // 2.5 rounds up to 3.
    expect(splitHold(1, 25, 1_000).refundCentiCredits).toBe(3);
    expect(splitHold(100, 200, 10_000)).toMatchObject({ keptXof: 0, keptCentiCredits: 0 });
    expect(() => splitHold(100, 200, 10_001)).toThrow(RangeError);
    expect(() => splitHold(0, 200, 10)).toThrow(RangeError);
  });

  it('refunds a client cancellation by notice and dates the auto-release', () => {
    expect(refundFor(10_000, 30, serviceCancellationPolicy).refundBp).toBe(10_000);
    expect(refundFor(10_000, 5, serviceCancellationPolicy).refundBp).toBe(5_000);
    expect(refundFor(10_000, 1, serviceCancellationPolicy).refundBp).toBe(0);
    expect(releaseAfter(new Date('2027-01-12T10:00:00Z'), 3).toISOString()).toBe('2027-01-15T10:00:00.000Z');
  });

  it('masks phone numbers and e-mail addresses however they are written, and leaves prices alone', () => {
    for (const text of [
      'Appelez-moi au 07 07 12 34 56',
      'mon numéro +225.0707123456',
      'WhatsApp 00225-05-44-33-22-11',
      'écris à awa.kone@mail.ci',
      'awa [at] mail [point] ci',
    ])
      expect(maskContacts(text), text).toContain(maskedContact);
    expect(maskContacts('Appelez le 07 07 12 34 56 ou awa@mail.ci')).toBe(
      `Appelez le ${maskedContact} ou ${maskedContact}`,
    );
    expect(hasContacts('Le devis est de 35 000 FCFA pour 2 heures, le 12/01 à 10h.')).toBe(false);
  });

  it('totals quote lines VAT included and refuses bad ones in French', () => {
    expect(
      quoteTotals([
        { label: 'Main d’œuvre', quantityMilli: 2_000, unitPriceXof: 10_000, taxGroup: 'CI-TVA-18' },
        { label: 'Joint et raccord', quantityMilli: 1_000, unitPriceXof: 5_900, taxGroup: 'CI-TVA-18' },
      ]),
    ).toEqual({ ok: true, totalXof: 25_900, taxXof: 3_951 });
    expect(quoteTotals([])).toMatchObject({ ok: false });
    expect(
      quoteTotals([{ label: 'x', quantityMilli: 1_000, unitPriceXof: 10.5, taxGroup: 'CI-TVA-18' }]),
    ).toMatchObject({
      ok: false,
      why: expect.stringMatching(/entier/) as unknown,
    });
    expect(quoteTotals([{ label: 'x', quantityMilli: 1_000, unitPriceXof: 10, taxGroup: 'XX' }])).toMatchObject({
      ok: false,
    });
  });

  it('knows the communes, their distances, and fuzzes a position by at most 500 m', () => {
    const cocody = placeOf('cocody');
    const yopougon = placeOf('YOPOUGON');
    expect(cocody?.city).toBe('Abidjan');
    expect(placeOf('Port-Bouet')?.commune).toBe('Port-Bouët');
    if (cocody === undefined || yopougon === undefined) throw new Error('missing commune');
    expect(distanceMetres(cocody, yopougon)).toBeGreaterThan(12_000);
    expect(distanceMetres(cocody, yopougon)).toBeLessThan(14_000);
    for (const r of [
      [0.999, 0.1],
      [0.5, 0.6],
      [0, 0],
    ] as const)
      expect(distanceMetres(cocody, fuzzPosition(cocody, r))).toBeLessThanOrEqual(501);
  });
});

describe('service purchase tariff', () => {
  it('is 5 credits per started 25,000 FCFA, from 5 to 50', async () => {
    const { servicePurchaseTariffCredits } = await import('./escrow.js');
    expect([1, 10_000, 25_000, 25_001, 100_000, 300_000, 10_000_000].map(servicePurchaseTariffCredits)).toEqual([
      5, 5, 5, 10, 20, 50, 50,
    ]);
  });
});
