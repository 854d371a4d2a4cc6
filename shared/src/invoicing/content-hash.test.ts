// Proves the invoice content hash is the SHA-256 of one fixed canonical text, whichever side
// computes it: the hub for the ticket's QR, the cloud when it records and verifies.
import { describe, expect, it } from 'vitest';
import { invoiceContentHash, type InvoiceContentHashInput } from './content-hash.js';
import type { InvoiceDraft } from './invoice.js';
import { computeTotals } from './totals.js';

const document: InvoiceDraft = {
  kind: 'invoice',
  currency: 'XOF',
  priceMode: 'tax_included',
  seller: {
    legalName: 'Boutique Awa SARL',
    taxId: '1234567A',
    taxRegime: 'RSI',
    address: 'Cocody, Abidjan',
    country: 'CI',
  },
  buyer: { kind: 'B2C' },
  lines: [
    { label: 'Pagne wax', quantityMilli: 2000, unitPriceXof: 5000, taxGroup: 'CI-TVA-18', discountXof: 0 },
    { label: 'Livraison', quantityMilli: 1000, unitPriceXof: 2500, taxGroup: 'CI-TVA-18', discountXof: 0 },
  ],
  payments: [{ method: 'wallet', amountXof: 12_500 }],
};

/** The test vector (cloud/test/invoicing.test.ts hashes the same with node:crypto to 8ef02d4d…6133). */
const contentHashVector: InvoiceContentHashInput = {
  issuerAccountId: '4f0c2a8e-5b7d-4c1e-9a3f-2d6b8e1c7a90',
  kind: 'invoice',
  number: 'F-CAISSE1-2026-000042',
  issuedAt: '2026-12-05T10:30:00.000Z',
  document,
  totals: computeTotals(document),
};

const vectorText =
  '{"document":{"buyer":{"kind":"B2C"},"currency":"XOF","kind":"invoice","lines":[{"discountXof":0,"label":"Pagne wax","quantityMilli":2000,"taxGroup":"CI-TVA-18","unitPriceXof":5000},' +
  '{"discountXof":0,"label":"Livraison","quantityMilli":1000,"taxGroup":"CI-TVA-18","unitPriceXof":2500}],"payments":[{"amountXof":12500,"method":"wallet"}],"priceMode":"tax_included",' +
  '"seller":{"address":"Cocody, Abidjan","country":"CI","legalName":"Boutique Awa SARL","taxId":"1234567A","taxRegime":"RSI"}},"issuedAt":"2026-12-05T10:30:00.000Z",' +
  '"issuerAccountId":"4f0c2a8e-5b7d-4c1e-9a3f-2d6b8e1c7a90","kind":"invoice","number":"F-CAISSE1-2026-000042",' +
  '"totals":{"grossXof":12500,"groups":[{"grossXof":12500,"netXof":10593,"rateBp":1800,"taxGroup":"CI-TVA-18","taxXof":1907}],' +
  '"lines":[{"amountXof":10000,"index":0,"rateBp":1800,"taxGroup":"CI-TVA-18"},{"amountXof":2500,"index":1,"rateBp":1800,"taxGroup":"CI-TVA-18"}],"netXof":10593,"taxXof":1907}}';

describe('invoice content hash', () => {
  it('hashes the canonical JSON of the six fields, once, with the hasher it is given', () => {
    const seen: string[] = [];
    const hash = invoiceContentHash(contentHashVector, (text) => {
      seen.push(text);
      return 'digest';
    });
    expect(hash).toBe('digest');
    expect(seen).toEqual([vectorText]);
  });

  it('ignores key order and any field beyond the six, so a richer record hashes the same', () => {
    const reordered = {
      totals: contentHashVector.totals,
      document,
      issuedAt: contentHashVector.issuedAt,
      number: contentHashVector.number,
      kind: 'invoice' as const,
      issuerAccountId: contentHashVector.issuerAccountId,
      id: 'row-id',
      status: 'issued',
    };
    expect(invoiceContentHash(reordered, (text) => text)).toBe(vectorText);
  });

  it('changes with any hashed field', () => {
    const identity = (text: string): string => text;
    expect(invoiceContentHash({ ...contentHashVector, number: 'F-CAISSE1-2026-000043' }, identity)).not.toBe(
      vectorText,
    );
    expect(invoiceContentHash({ ...contentHashVector, issuedAt: '2026-12-05T10:30:00.001Z' }, identity)).not.toBe(
      vectorText,
    );
  });
});
