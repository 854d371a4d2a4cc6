// Proves the e-MECeF mapping sends items whose price × quantity equals our line total to
// the franc (discounts and fractional quantities included), so the service's per-group
// totals equal ours; and the credit-note reference is the original's code without dashes.
import { describe, expect, it } from 'vitest';
import type { ClearanceInvoice, ClearanceLine } from './connector.js';
import { defaultEmecefTaxGroups, emecefInvoiceBody, emecefItems, sameEmecefRequest } from './emecef-request.js';

const line = (quantity: number, unitPriceXof: number, discountXof = 0): ClearanceLine => ({
  label: 'Article',
  quantity,
  unitPriceXof,
  taxGroup: 'BJ-B',
  taxRateBp: 1800,
  discountXof,
});
const amount = (items: { price: number; quantity: number }[] | undefined): number =>
  (items ?? []).reduce((sum, item) => sum + item.price * item.quantity, 0);

describe('e-MECeF mapping', () => {
  it('keeps simple lines as they are', () => {
    expect(emecefItems(line(2, 1800), 'B')).toEqual([{ name: 'Article', taxGroup: 'B', price: 1800, quantity: 2 }]);
    expect(emecefItems(line(0.5, 1000), 'B')).toEqual([{ name: 'Article', taxGroup: 'B', price: 1000, quantity: 0.5 }]);
  });

  it('splits a discounted line into at most two prices adding up to the line total', () => {
    const items = emecefItems(line(3, 500, 100), 'B');
    expect(items).toEqual([
      {
        name: 'Article',
        taxGroup: 'B',
        originalPrice: 500,
        priceModification: 'Remise 100 F',
        price: 466,
        quantity: 1,
      },
      {
        name: 'Article',
        taxGroup: 'B',
        originalPrice: 500,
        priceModification: 'Remise 100 F',
        price: 467,
        quantity: 2,
      },
    ]);
    expect(amount(items)).toBe(1400);
    for (const [quantity, price, discount] of [
      [7, 999, 13],
      [1, 5000, 250],
      [12, 333, 0],
      [5, 1, 4],
    ] as const) {
      expect(amount(emecefItems(line(quantity, price, discount), 'B'))).toBe(quantity * price - discount);
    }
  });

  it('sends a fractional quantity with a non-whole amount as one item at the rounded line total', () => {
    expect(emecefItems(line(1.5, 3333), 'B')).toEqual([
      { name: 'Article (1,5 × 3333 F)', taxGroup: 'B', price: 5000, quantity: 1 },
    ]);
    expect(emecefItems(line(0.25, 1000, 50), 'B')).toEqual([
      { name: 'Article (0,25 × 1000 F, remise 50 F)', taxGroup: 'B', price: 200, quantity: 1 },
    ]);
  });

  it('builds a credit note referencing the original code without dashes, and recognises its own echo', () => {
    const creditNote: ClearanceInvoice = {
      invoiceId: '0b9a3b7e-3c55-4f4b-8f1c-6a4e2d1c9b8a',
      kind: 'credit_note',
      number: 'AV-1',
      issuedAt: '2026-03-01T10:00:00Z',
      seller: { taxId: '9999900000001', legalName: 'Boutique' },
      buyer: { kind: 'B2B', name: 'SONEB', taxId: '3200000000001' },
      lines: [line(1, 1800)],
      totals: { totalXof: 1800, taxXof: 275, netXof: 1525 },
      paymentMethod: 'transfer',
      original: {
        invoiceId: '1b9a3b7e-3c55-4f4b-8f1c-6a4e2d1c9b8a',
        authorityReference: 'TEST-X537-E4DB-AJUU-HHXN-FWIS',
      },
    };
    const body = emecefInvoiceBody(creditNote, { operatorName: 'Jacques', taxGroups: defaultEmecefTaxGroups });
    expect(body).toEqual({
      ok: true,
      value: {
        ifu: '9999900000001',
        type: 'FA',
        reference: 'TESTX537E4DBAJUUHHXNFWIS',
        items: [{ name: 'Article', taxGroup: 'B', price: 1800, quantity: 1 }],
        client: { ifu: '3200000000001', name: 'SONEB' },
        operator: { name: 'Jacques' },
        payment: [{ name: 'VIREMENT', amount: 1800 }],
      },
    });
    if (!body.ok) return;
    expect(sameEmecefRequest(JSON.parse(JSON.stringify(body.value)), body.value)).toBe(true);
    expect(
      sameEmecefRequest(
        { ...body.value, items: [{ name: 'Article', taxGroup: 'B', price: 1800, quantity: 2 }] },
        body.value,
      ),
    ).toBe(false);
  });
});
