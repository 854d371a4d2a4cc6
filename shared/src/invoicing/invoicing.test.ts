// Proves the invoice kernel: region rounding per tax group that always adds up, validation
// of mandatory mentions, and credit notes that take back exactly what they name.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { creditNoteDraft, CreditNoteError } from './credit-note.js';
import type { InvoiceDraft } from './invoice.js';
import { taxGroupsOf } from './tax-groups.js';
import { computeTotals } from './totals.js';
import { validateAndTotal, validateDraft } from './validation.js';

const seller = {
  legalName: 'Boutique Awa SARL',
  taxId: '1234567A',
  taxRegime: 'RSI',
  address: 'Cocody, Abidjan',
  country: 'CI',
};
const draft = (lines: InvoiceDraft['lines'], priceMode: InvoiceDraft['priceMode'] = 'tax_included'): InvoiceDraft => {
  const total = computeTotals({ lines, priceMode }).grossXof;
  return {
    kind: 'invoice',
    currency: 'XOF',
    priceMode,
    seller,
    buyer: { kind: 'B2C' },
    lines,
    payments: [{ method: 'cash', amountXof: total }],
  };
};
const line = (label: string, quantityMilli: number, unitPriceXof: number, taxGroup = 'CI-TVA-18', discountXof = 0) => ({
  label,
  quantityMilli,
  unitPriceXof,
  taxGroup,
  discountXof,
});

describe('invoice totals', () => {
  it('splits a tax-included 12 500 FCFA sale into HT and 18% VAT per group, to the franc', () => {
    const totals = computeTotals(draft([line('Pagne wax', 2000, 5000), line('Livraison', 1000, 2500)]));
    expect(totals.grossXof).toBe(12_500);
    // HT = round(12 500 / 1.18) = 10 593; VAT = 1 907.
    expect(totals.groups).toEqual([
      { taxGroup: 'CI-TVA-18', rateBp: 1800, netXof: 10_593, taxXof: 1_907, grossXof: 12_500 },
    ]);
  });

  it('adds VAT on tax-excluded prices, per group, with fractional quantities and discounts', () => {
    const totals = computeTotals(
      draft(
        [
          line('Riz (kg)', 1250, 700, 'CI-TVA-9'),
          line('Lait', 3000, 450, 'CI-TVA-9', 50),
          line('Conseil', 1000, 10_000, 'CI-TVA-18'),
        ],
        'tax_excluded',
      ),
    );
    // 875 + 1 300 = 2 175 at 9% → 196; 10 000 at 18% → 1 800.
    expect(totals.groups.map((g) => [g.taxGroup, g.netXof, g.taxXof, g.grossXof])).toEqual([
      ['CI-TVA-18', 10_000, 1_800, 11_800],
      ['CI-TVA-9', 2_175, 196, 2_371],
    ]);
    expect(totals.grossXof).toBe(14_171);
  });

  it('always adds up: groups sum to the totals, net + tax = gross, for any lines', () => {
    const groups = taxGroupsOf('CI').map((g) => g.code);
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            q: fc.integer({ min: 1, max: 100_000 }),
            p: fc.integer({ min: 0, max: 5_000_000 }),
            g: fc.constantFrom(...groups),
          }),
          { minLength: 1, maxLength: 30 },
        ),
        fc.constantFrom('tax_included' as const, 'tax_excluded' as const),
        (raw, mode) => {
          const totals = computeTotals({ priceMode: mode, lines: raw.map((r) => line('x', r.q, r.p, r.g)) });
          expect(totals.netXof + totals.taxXof).toBe(totals.grossXof);
          expect(totals.groups.reduce((s, g) => s + g.grossXof, 0)).toBe(totals.grossXof);
          for (const g of totals.groups) {
            expect(Number.isSafeInteger(g.taxXof)).toBe(true);
            expect(g.taxXof).toBeGreaterThanOrEqual(0);
          }
        },
      ),
    );
  });
});

describe('fiscal validation', () => {
  it('accepts a complete invoice and lists every missing mention', () => {
    expect(validateDraft(draft([line('Pagne', 1000, 5000)]))).toEqual([]);
    const bad: InvoiceDraft = {
      ...draft([line('Pagne', 1000, 5000, 'SN-TVA-18')]),
      seller: { ...seller, taxId: 'ABC' },
      buyer: { kind: 'B2B', name: 'Sotra' },
    };
    expect(validateDraft(bad).map((p) => p.path)).toEqual(['/seller/taxId', '/buyer', '/lines/0/taxGroup']);
    const unpaid = { ...draft([line('Pagne', 1000, 5000)]), payments: [{ method: 'cash' as const, amountXof: 4000 }] };
    expect(validateDraft(unpaid)).toEqual([
      { path: '/payments', problem: 'payments add up to 4000, the total is 5000' },
    ]);
  });

  it('validates and totals in one pass: the same problems, and the totals computeTotals gives', () => {
    const good = draft([line('Pagne', 2000, 5000), line('Riz (kg)', 1500, 700, 'CI-TVA-9', 10)]);
    expect(validateAndTotal(good)).toEqual({ problems: [], totals: computeTotals(good) });
    // A problem found after totalling keeps the totals; one that stops totalling gives none.
    const unpaid = { ...good, payments: [{ method: 'cash' as const, amountXof: 1 }] };
    expect(validateAndTotal(unpaid)).toEqual({ problems: validateDraft(unpaid), totals: computeTotals(good) });
    const foreign = draft([line('Pagne', 1000, 5000, 'SN-TVA-18')]);
    expect(validateAndTotal(foreign)).toEqual({
      problems: [{ path: '/lines/0/taxGroup', problem: 'SN-TVA-18 is not a CI tax group' }],
      totals: null,
    });
  });
});

describe('credit notes', () => {
  const original = {
    invoiceId: 'inv-1',
    number: 'CI-CLOUD-2026-000001',
    draft: draft([line('Pagne', 3000, 5000), line('Riz (kg)', 1500, 700, 'CI-TVA-9', 10)]),
  };

  it('crediting everything gives exactly the original totals, and leaves the original unchanged', () => {
    const before = JSON.stringify(original);
    const note = creditNoteDraft(original, 'all');
    expect(computeTotals(note)).toEqual(computeTotals(original.draft));
    expect(note.original?.number).toBe(original.number);
    expect(validateDraft(note)).toEqual([]);
    expect(JSON.stringify(original)).toBe(before);
  });

  it('takes back only the named lines and quantities, never more than is left', () => {
    const note = creditNoteDraft(original, [{ index: 0, quantityMilli: 1000 }]);
    expect(computeTotals(note).grossXof).toBe(5_000);
    expect(() => creditNoteDraft(original, [{ index: 0, quantityMilli: 2500 }], new Map([[0, 1000]]))).toThrow(
      CreditNoteError,
    );
    expect(() => creditNoteDraft(original, [{ index: 5, quantityMilli: 1 }])).toThrow(CreditNoteError);
    expect(() =>
      creditNoteDraft(
        original,
        'all',
        new Map([
          [0, 3000],
          [1, 1500],
        ]),
      ),
    ).toThrow(/nothing is left/);
    // Half of a discounted line takes back half its discount, rounded down.
    expect(creditNoteDraft(original, [{ index: 1, quantityMilli: 750 }]).lines[0]?.discountXof).toBe(5);
  });
});
