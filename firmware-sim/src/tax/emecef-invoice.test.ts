// Proves the e-MECeF totals follow the service's documented rounding (research 2.3: the
// worked examples) and that each broken rule gives its documented error code.
import { describe, expect, it } from 'vitest';
import { defaultEmecefTaxRates, emecefTotals, parseEmecefInvoice, type EmecefItem } from './emecef-invoice.js';

const item = (price: number, quantity: number, taxGroup: EmecefItem['taxGroup']): EmecefItem => ({
  code: null,
  name: 'x',
  price,
  quantity,
  taxGroup,
  taxSpecific: 0,
  originalPrice: null,
  priceModification: null,
});

describe('e-MECeF totals', () => {
  it('matches the documented examples: HT per group rounded to the franc, VAT = TTC − HT', () => {
    expect(
      emecefTotals({ items: [item(1800, 2, 'B'), item(450, 3, 'A')], aib: null }, defaultEmecefTaxRates),
    ).toMatchObject({
      taa: 1350,
      tab: 3600,
      hab: 3051,
      vab: 549,
      total: 4950,
    });
    expect(emecefTotals({ items: [item(5000, 2, 'B')], aib: null }, defaultEmecefTaxRates)).toMatchObject({
      tab: 10000,
      hab: 8475,
      vab: 1525,
      total: 10000,
    });
  });

  it('rounds per group, not per line, and adds AIB on the HT total', () => {
    // 3 × 0.5 kg at 333: 499.5 per line; the group is 1 498.5 → 1 499 (per line would give 1 500).
    expect(
      emecefTotals(
        { items: [item(333, 1.5, 'B'), item(333, 1.5, 'B'), item(333, 1.5, 'B')], aib: null },
        defaultEmecefTaxRates,
      ).tab,
    ).toBe(1499);
    expect(emecefTotals({ items: [item(11800, 1, 'B')], aib: 'A' }, defaultEmecefTaxRates)).toMatchObject({
      hab: 10000,
      aib: 100,
      total: 11900,
    });
  });
});

describe('e-MECeF request rules', () => {
  const valid = {
    ifu: '9999900000001',
    type: 'FV',
    items: [{ name: 'Jus', price: 1800, quantity: 2, taxGroup: 'B' }],
    operator: { name: 'Jacques' },
  };

  it('gives the documented error codes', () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ type: 'FX' }, '3'],
      [{ type: 'FA' }, '4'],
      [{ type: 'FA', reference: 'TOO-SHORT' }, '5'],
      [{ aib: 'C' }, '6'],
      [{ payment: [{ name: 'BITCOIN', amount: 3600 }] }, '7'],
      [{ items: [] }, '8'],
      [{ items: [{ name: 'Jus', price: 1800, quantity: 2, taxGroup: 'Z' }] }, '9'],
    ];
    for (const [change, errorCode] of cases)
      expect(parseEmecefInvoice({ ...valid, ...change })).toEqual({ ok: false, kind: 'code', errorCode });
  });

  it('refuses malformed bodies as a model error', () => {
    expect(parseEmecefInvoice({ ...valid, operator: {} })).toMatchObject({ ok: false, kind: 'model' });
    expect(
      parseEmecefInvoice({ ...valid, items: [{ name: 'Jus', price: 1800.5, quantity: 1, taxGroup: 'B' }] }),
    ).toMatchObject({ ok: false, kind: 'model' });
    expect(parseEmecefInvoice(valid)).toMatchObject({ ok: true });
  });
});
