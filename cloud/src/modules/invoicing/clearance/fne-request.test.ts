// Proves the FNE mapping: HT unit prices to 4 decimals with the discount folded in, tax
// codes checked against the line's rate, the walk-in client for B2C, our invoice id in
// commercialMessage, and credit-note lines matched to the original's items.
import { describe, expect, it } from 'vitest';
import type { ClearanceInvoice } from './connector.js';
import { defaultFneTaxCodes, fneItem, fneRefundItems, fneSaleBody } from './fne-request.js';

const config = {
  pointOfSale: 'Caisse 1',
  establishment: 'Boutique',
  walkInClient: { name: 'Client comptoir', phone: '0700000000', email: 'c@b.ci' },
  taxCodes: defaultFneTaxCodes,
};

const invoice: ClearanceInvoice = {
  invoiceId: '0b9a3b7e-3c55-4f4b-8f1c-6a4e2d1c9b8a',
  kind: 'invoice',
  number: 'BA-42',
  issuedAt: '2026-03-01T10:00:00Z',
  seller: { taxId: '1234567A', legalName: 'Boutique' },
  buyer: { kind: 'B2C' },
  lines: [
    { label: 'Riz', quantity: 2, unitPriceXof: 4000, taxGroup: 'CI-TVA-18', taxRateBp: 1800, discountXof: 0 },
    { label: 'Savon', quantity: 3, unitPriceXof: 500, taxGroup: 'CI-TVA-18', taxRateBp: 1800, discountXof: 100 },
  ],
  totals: { totalXof: 9400, taxXof: 1434, netXof: 7966 },
  paymentMethod: 'credit',
};

describe('FNE mapping', () => {
  it('sends HT unit prices to 4 decimals, the discount folded into the price', () => {
    expect(fneItem(invoice.lines[0]!, defaultFneTaxCodes)).toEqual({
      ok: true,
      value: { taxes: ['TVA'], description: 'Riz', quantity: 2, amount: 3389.8305 },
    });
    // (1 500 − 100) / 1.18 / 3 = 395.4802…
    expect(fneItem(invoice.lines[1]!, defaultFneTaxCodes)).toMatchObject({
      ok: true,
      value: { amount: 395.4802, quantity: 3 },
    });
  });

  it('builds the sign body: B2C walk-in client, our id in commercialMessage, payment method', () => {
    const body = fneSaleBody(invoice, config);
    expect(body).toMatchObject({
      ok: true,
      value: {
        invoiceType: 'sale',
        paymentMethod: 'deferred',
        template: 'B2C',
        clientCompanyName: 'Client comptoir',
        clientPhone: '0700000000',
        pointOfSale: 'Caisse 1',
        establishment: 'Boutique',
        commercialMessage: 'Réf. BA-42 · 0b9a3b7e-3c55-4f4b-8f1c-6a4e2d1c9b8a',
      },
    });
    expect(body.ok && 'clientNcc' in body.value).toBe(false);
  });

  it('refuses lines that disagree with their code, unknown groups, totals that do not add up', () => {
    const withLine = (line: Partial<ClearanceInvoice['lines'][number]>): ClearanceInvoice => ({
      ...invoice,
      lines: [{ ...invoice.lines[0]!, ...line }],
      totals: { ...invoice.totals, totalXof: 8000 },
    });
    expect(fneSaleBody(withLine({ taxRateBp: 900 }), config)).toMatchObject({
      ok: false,
      outcome: { code: 'TAX_RATE_MISMATCH' },
    });
    expect(fneSaleBody(withLine({ taxGroup: 'SN-TVA-18' }), config)).toMatchObject({
      ok: false,
      outcome: { code: 'TAX_GROUP_UNMAPPED' },
    });
    expect(fneSaleBody({ ...invoice, totals: { ...invoice.totals, totalXof: 9401 } }, config)).toMatchObject({
      ok: false,
      outcome: { code: 'INVALID_INVOICE' },
    });
    expect(fneSaleBody(withLine({ quantity: 1.2345 }), config)).toMatchObject({
      ok: false,
      outcome: { code: 'INVALID_INVOICE' },
    });
  });

  it('matches credit-note lines to the original items by description, code and quantity left', () => {
    const original = {
      id: 'inv',
      reference: '1234567A26000000001',
      items: [
        { id: 'a', description: 'Riz', quantity: 2, taxes: ['TVA'] },
        { id: 'b', description: 'Riz', quantity: 1, taxes: ['TVA'] },
      ],
    };
    const credit = (quantities: number[]): ClearanceInvoice => ({
      ...invoice,
      kind: 'credit_note',
      lines: quantities.map((quantity) => ({ ...invoice.lines[0]!, quantity })),
    });
    expect(fneRefundItems(credit([2, 1]), original, defaultFneTaxCodes)).toEqual({
      ok: true,
      value: [
        { id: 'a', quantity: 2 },
        { id: 'b', quantity: 1 },
      ],
    });
    expect(fneRefundItems(credit([1, 0.5]), original, defaultFneTaxCodes)).toEqual({
      ok: true,
      value: [{ id: 'a', quantity: 1.5 }],
    });
    expect(fneRefundItems(credit([3]), original, defaultFneTaxCodes)).toMatchObject({
      ok: false,
      outcome: { code: 'FNE_CREDIT_LINE_UNMATCHED' },
    });
  });
});
