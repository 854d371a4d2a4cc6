// Proves no ticket can overflow its paper or throw while it is laid out: every ticket kind
// (sale, credit note, duplicate, Z report, top-up receipt, test page, and any blocks a later
// kind may draw) and every line helper, fed random texts (long, accented, œ, emoji, control
// characters, empty), at 32, 42 and 48 columns, gives lines that fit once mapped to the
// printer's code page, and the ESC/POS encoder takes them without throwing.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { invoiceLayout, type IssuedDocument, type LayoutBlock } from '../invoicing/layout.js';
import { zReportTicket, type ZReport } from '../sync/z-report.js';
import { encodeText, printerText, type EscPosCodePage } from './code-page.js';
import { invoiceEscPos } from './escpos.js';
import { testPageTicket } from './test-page.js';
import { withCopyBanner } from './ticket.js';
import { labelValue, layoutTicket, ticketColumnChoices, wrapText, type TicketColumns } from './ticket-layout.js';
import { topUpReceiptTicket } from './top-up-receipt.js';

/** Runs per ticket kind and width: 3 widths × 1,000 = 3,000 per kind. */
const runsPerWidth = 1_000;
const codePages: readonly EscPosCodePage[] = ['wpc1252', 'pc858'];

const awkward = [
  'é',
  'à',
  'ç',
  'ô',
  'œ',
  'Œ',
  'É',
  '’',
  '—',
  '…',
  '€',
  '«',
  '»',
  '😀',
  '👩🏾‍🍳',
  '🇨🇮',
  'e\u0301',
  'ɔ',
  'ɛ',
  '\u202f',
  '\u00a0',
  '\x1b',
  '\x00',
  '\x1d',
  '\x9b',
  '\x7f',
  '\n',
  '\t',
  '\r',
  ' ',
  ' ',
  ' ',
];
/** Pieces rather than single characters: long texts at a fraction of the generation time. */
const words = [
  'Crème',
  'brûlée',
  'Attiéké',
  'Cœur',
  'l’été',
  'F-H9A0F015F-2026-000001',
  'à',
  'https://ismail.ci/v/0123456789abcdef',
  'W'.repeat(49),
  '12 500 FCFA',
  'a',
  'Z',
  '0',
  ':',
];
const piece = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...awkward) },
  { weight: 3, arbitrary: fc.constantFrom(...words) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }) },
);
/** Empty, short, long (a register id, a URL, prose), any code points. */
const text = fc.oneof(
  fc.constant(''),
  fc.string({ unit: piece, maxLength: 4 }),
  fc.string({ unit: piece, minLength: 6, maxLength: 24 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
);
const amount = fc.integer({ min: -1e12, max: 1e12 });
const money = (n: number): string => `${n.toLocaleString('fr-FR').replace(/\s/g, ' ')} FCFA`;

const blockArb: fc.Arbitrary<LayoutBlock> = fc.oneof(
  fc.record({ type: fc.constant('title' as const), text }),
  fc.record({ type: fc.constant('text' as const), text, bold: fc.boolean() }),
  fc.record({ type: fc.constant('pairs' as const), pairs: fc.array(fc.tuple(text, text), { maxLength: 4 }) }),
  fc.record({
    type: fc.constant('lines' as const),
    header: fc.tuple(text, text, text, text),
    rows: fc.array(fc.tuple(text, text, text, text), { maxLength: 3 }),
  }),
  fc.record({
    type: fc.constant('totals' as const),
    rows: fc.array(fc.tuple(text, text), { maxLength: 3 }),
    grand: fc.tuple(text, text),
  }),
  fc.record({
    type: fc.constant('qr' as const),
    data: fc.oneof(
      text,
      fc.string({ unit: fc.constantFrom('https://ismail.ci/v/', '€', 'é'), minLength: 300, maxLength: 600 }),
    ),
    caption: text,
  }),
  fc.constant({ type: 'rule' as const }),
);

const issued = (kind: 'invoice' | 'credit_note') =>
  fc
    .record({
      legalName: text,
      tradeName: fc.option(text, { nil: undefined }),
      address: text,
      taxId: text,
      phone: fc.option(text, { nil: undefined }),
      number: text,
      buyer: fc.option(text, { nil: undefined }),
      buyerTaxId: fc.option(text, { nil: undefined }),
      labels: fc.array(fc.tuple(text, fc.integer({ min: 1, max: 1e9 }), amount), { minLength: 1, maxLength: 4 }),
      note: fc.option(text, { nil: undefined }),
      reference: text,
      certified: fc.boolean(),
      total: amount,
    })
    .map((r): IssuedDocument => ({
      kind,
      number: r.number,
      issuedAt: '2026-11-24T14:05:00.000Z',
      contentHash: 'ab'.repeat(32),
      verificationUrl: `https://ismail.ci/v/${r.reference}`,
      clearance: r.certified
        ? { authority: r.reference, reference: r.reference, qrData: r.reference === '' ? 'x' : r.reference }
        : null,
      document: {
        kind,
        currency: 'XOF',
        priceMode: 'tax_included',
        seller: {
          legalName: r.legalName,
          ...(r.tradeName === undefined ? {} : { tradeName: r.tradeName }),
          taxId: r.taxId,
          taxRegime: 'RNI',
          address: r.address,
          country: 'CI',
          ...(r.phone === undefined ? {} : { phone: r.phone }),
        },
        buyer: {
          kind: 'B2B',
          ...(r.buyer === undefined ? {} : { name: r.buyer }),
          ...(r.buyerTaxId === undefined ? {} : { taxId: r.buyerTaxId }),
        },
        lines: r.labels.map(([label, quantityMilli, unitPriceXof]) => ({
          label,
          quantityMilli,
          unitPriceXof: Math.abs(unitPriceXof),
          taxGroup: 'CI-TVA-18',
          discountXof: 0,
        })),
        payments: [{ method: 'cash', amountXof: Math.abs(r.total) }],
        ...(kind === 'credit_note'
          ? { original: { invoiceId: 'x', number: r.reference, lines: [{ index: 0, quantityMilli: 1 }] } }
          : {}),
        ...(r.note === undefined ? {} : { note: r.note }),
      },
      totals: {
        lines: r.labels.map(([, , a], index) => ({ index, amountXof: a, taxGroup: 'CI-TVA-18', rateBp: 1800 })),
        groups: [{ taxGroup: 'CI-TVA-18', rateBp: 1800, netXof: r.total, taxXof: r.total, grossXof: r.total }],
        netXof: r.total,
        taxXof: r.total,
        grossXof: r.total,
      },
    }));

const zReportArb = fc
  .record({
    names: fc.tuple(text, text),
    pointOfSale: text,
    numbers: fc.tuple(text, text, text, text),
    amounts: fc.array(amount, { minLength: 12, maxLength: 12 }),
    counts: fc.array(fc.integer({ min: 0, max: 1e9 }), { minLength: 5, maxLength: 5 }),
  })
  .map(({ names, pointOfSale, numbers, amounts: a, counts: c }) => {
    const n = (i: number): number => a[i] ?? 0;
    const k = (i: number): number => c[i] ?? 0;
    const report: ZReport = {
      sessionId: '11111111-1111-4111-8111-111111111111',
      number: 1 + k(0),
      openedAt: '2026-11-24T07:00:00.000Z',
      closedAt: '2026-11-24T19:00:00.000Z',
      openedBy: { id: 'a', name: names[0] },
      closedBy: { id: 'b', name: names[1] },
      floatXof: Math.abs(n(0)),
      sales: {
        count: k(1),
        grossXof: n(1),
        cash: { count: k(2), grossXof: n(2) },
        wallet: { count: k(3), grossXof: n(3), centiCredits: Math.abs(n(4)) },
      },
      creditNotes: { count: k(4), grossXof: n(5), cashRefundXof: n(6), walletRefundCentiCredits: Math.abs(n(7)) },
      cashTopUps: { count: k(0), amountXof: n(8) },
      tax: { netXof: n(9), taxXof: n(10), grossXof: n(11) },
      invoiceNumbers: { first: numbers[0], last: numbers[1] },
      creditNoteNumbers: { first: numbers[2], last: numbers[3] },
      expectedCashXof: n(1),
      countedXof: Math.abs(n(2)),
      differenceXof: n(3),
    };
    return zReportTicket(report, pointOfSale);
  });

const kinds: Readonly<Record<string, fc.Arbitrary<readonly LayoutBlock[]>>> = {
  sale: issued('invoice').map(invoiceLayout),
  'credit note': issued('credit_note').map(invoiceLayout),
  duplicate: fc
    .tuple(issued('invoice').map(invoiceLayout), fc.integer({ min: 1, max: 1e6 }))
    .map(([blocks, copy]) => withCopyBanner(blocks, copy)),
  'Z report': zReportArb,
  'top-up receipt': fc
    .tuple(fc.array(text, { minLength: 7, maxLength: 7 }), fc.array(text, { minLength: 4, maxLength: 4 }), amount)
    .map(([w, v, a]) =>
      topUpReceiptTicket(
        {
          title: w[0] ?? '',
          client: w[1] ?? '',
          ismailId: w[2] ?? '',
          date: w[3] ?? '',
          reference: w[4] ?? '',
          paidCash: w[5] ?? '',
          note: w[6] ?? '',
        },
        { holderName: v[0] ?? '', ismailId: v[1] ?? '', date: v[2] ?? '', reference: v[3] ?? '', amount: money(a) },
      ),
    ),
  'test page': fc
    .record({ printerName: text, transport: text, widthMm: fc.integer({ min: 0, max: 1e9 }), at: text })
    .map(testPageTicket),
  'any blocks (a later kind)': fc.array(blockArb, { maxLength: 8 }),
};

/** Every text line, measured in the bytes the printer gets for it (one byte, one column). */
function assertFits(blocks: readonly LayoutBlock[], columns: TicketColumns, codePage: EscPosCodePage): void {
  for (const line of layoutTicket(blocks, { columns, codePage })) {
    if (line.kind === 'qr') continue;
    const printed = encodeText(line.text, codePage).length;
    if (printed > columns)
      throw new Error(`${String(printed)} > ${String(columns)} columns: ${JSON.stringify(line.text)}`);
  }
  invoiceEscPos(blocks, columns, { codePage, openDrawer: true });
}

describe('ticket layout never overflows, never throws', () => {
  for (const [kind, arbitrary] of Object.entries(kinds)) {
    for (const columns of ticketColumnChoices) {
      it(`${kind} at ${String(columns)} columns`, () => {
        fc.assert(
          fc.property(arbitrary, fc.constantFrom(...codePages), (blocks, codePage) =>
            assertFits(blocks, columns, codePage),
          ),
          { numRuns: runsPerWidth },
        );
      });
    }
  }

  it('wrapText and labelValue fit any text at every width, and lose no printed character', () => {
    fc.assert(
      fc.property(
        text,
        text,
        fc.constantFrom(...ticketColumnChoices),
        fc.constantFrom(...codePages),
        (a, b, columns, codePage) => {
          const left = printerText(a, codePage);
          const right = printerText(b, codePage);
          const wrapped = wrapText(left, columns);
          const paired = labelValue(left, right, columns);
          for (const line of [...wrapped, ...paired])
            expect(encodeText(line, codePage).length).toBeLessThanOrEqual(columns);
          // Wrapping only moves spaces: the printed characters are all still there, in order.
          expect(wrapped.join('').replace(/ /g, '')).toBe(left.replace(/ /g, ''));
          expect(paired.join('').replace(/ /g, '')).toBe(`${left}${right}`.replace(/ /g, ''));
        },
      ),
      { numRuns: 3_000 },
    );
  });

  it('maps text to exactly the bytes the encoder writes, one byte per printer character', () => {
    fc.assert(
      fc.property(text, fc.constantFrom(...codePages), (a, codePage) => {
        const mapped = printerText(a, codePage);
        expect(encodeText(mapped, codePage)).toEqual(encodeText(a, codePage));
        expect(encodeText(mapped, codePage)).toHaveLength(mapped.length);
      }),
      { numRuns: 3_000 },
    );
  });
});
