/**
 * The Z report that closes a cash session at a counter (SPEC 3.8): what was sold and how it
 * was paid, what was refunded, the cash the drawer should hold (float + cash sales + cash
 * taken for credits − cash refunds) against what staff counted. Computed here, from the
 * session's rows, so the hub prints and the cloud files the same figures.
 */
import { Type, type Static } from '@sinclair/typebox';
import { formatCredits } from '../money/credits.js';
import { formatXof } from '../money/xof.js';
import type { TicketBlockSchema } from '../printing/ticket.js';
import { UuidSchema as Uuid } from '../text/uuid.js';

type TicketBlock = Static<typeof TicketBlockSchema>;

const Instant = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,6})?Z$' });
const Xof = Type.Integer({ minimum: 0, maximum: 1e13 });
const Count = Type.Integer({ minimum: 0, maximum: 1e9 });
const Person = Type.Object(
  { id: Type.String({ maxLength: 40 }), name: Type.String({ maxLength: 200 }) },
  { additionalProperties: false },
);
const NumberRange = Type.Object(
  {
    first: Type.Union([Type.String({ maxLength: 80 }), Type.Null()]),
    last: Type.Union([Type.String({ maxLength: 80 }), Type.Null()]),
  },
  { additionalProperties: false },
);

export const ZReportSchema = Type.Object(
  {
    sessionId: Uuid,
    /** 1, 2, 3... per hub. */
    number: Type.Integer({ minimum: 1 }),
    openedAt: Instant,
    closedAt: Instant,
    openedBy: Person,
    closedBy: Person,
    floatXof: Xof,
    sales: Type.Object(
      {
        count: Count,
        grossXof: Xof,
        cash: Type.Object({ count: Count, grossXof: Xof }, { additionalProperties: false }),
        wallet: Type.Object(
          { count: Count, grossXof: Xof, centiCredits: Type.Integer({ minimum: 0 }) },
          { additionalProperties: false },
        ),
      },
      { additionalProperties: false },
    ),
    creditNotes: Type.Object(
      { count: Count, grossXof: Xof, cashRefundXof: Xof, walletRefundCentiCredits: Type.Integer({ minimum: 0 }) },
      { additionalProperties: false },
    ),
    cashTopUps: Type.Object({ count: Count, amountXof: Xof }, { additionalProperties: false }),
    /** Sales minus credit notes, by tax: what the session owes the tax authority. */
    tax: Type.Object(
      { netXof: Type.Integer(), taxXof: Type.Integer(), grossXof: Type.Integer() },
      { additionalProperties: false },
    ),
    invoiceNumbers: NumberRange,
    creditNoteNumbers: NumberRange,
    expectedCashXof: Type.Integer(),
    countedXof: Xof,
    /** Counted − expected: negative is missing cash. */
    differenceXof: Type.Integer(),
  },
  { additionalProperties: false },
);
export type ZReport = Static<typeof ZReportSchema>;

export interface ZReportInput {
  readonly session: {
    id: string;
    number: number;
    openedAt: string;
    openedBy: { id: string; name: string };
    floatXof: number;
  };
  readonly closedAt: string;
  readonly closedBy: { id: string; name: string };
  readonly countedXof: number;
  /** In issue order. */
  readonly sales: readonly {
    number: string;
    method: 'cash' | 'wallet';
    netXof: number;
    taxXof: number;
    grossXof: number;
    walletCentiCredits: number;
  }[];
  readonly creditNotes: readonly {
    number: string;
    refund: 'cash' | 'wallet';
    netXof: number;
    taxXof: number;
    grossXof: number;
    walletRefundCentiCredits: number;
  }[];
  readonly cashTopUps: readonly { amountXof: number }[];
}

const sum = <T>(rows: readonly T[], pick: (row: T) => number): number =>
  rows.reduce((total, row) => total + pick(row), 0);

export function zReport(input: ZReportInput): ZReport {
  const cashSales = input.sales.filter((s) => s.method === 'cash');
  const walletSales = input.sales.filter((s) => s.method === 'wallet');
  const cashRefundXof = sum(
    input.creditNotes.filter((c) => c.refund === 'cash'),
    (c) => c.grossXof,
  );
  const topUpXof = sum(input.cashTopUps, (t) => t.amountXof);
  const expectedCashXof = input.session.floatXof + sum(cashSales, (s) => s.grossXof) + topUpXof - cashRefundXof;
  return {
    sessionId: input.session.id,
    number: input.session.number,
    openedAt: input.session.openedAt,
    closedAt: input.closedAt,
    openedBy: input.session.openedBy,
    closedBy: input.closedBy,
    floatXof: input.session.floatXof,
    sales: {
      count: input.sales.length,
      grossXof: sum(input.sales, (s) => s.grossXof),
      cash: { count: cashSales.length, grossXof: sum(cashSales, (s) => s.grossXof) },
      wallet: {
        count: walletSales.length,
        grossXof: sum(walletSales, (s) => s.grossXof),
        centiCredits: sum(walletSales, (s) => s.walletCentiCredits),
      },
    },
    creditNotes: {
      count: input.creditNotes.length,
      grossXof: sum(input.creditNotes, (c) => c.grossXof),
      cashRefundXof,
      walletRefundCentiCredits: sum(input.creditNotes, (c) => c.walletRefundCentiCredits),
    },
    cashTopUps: { count: input.cashTopUps.length, amountXof: topUpXof },
    tax: {
      netXof: sum(input.sales, (s) => s.netXof) - sum(input.creditNotes, (c) => c.netXof),
      taxXof: sum(input.sales, (s) => s.taxXof) - sum(input.creditNotes, (c) => c.taxXof),
      grossXof: sum(input.sales, (s) => s.grossXof) - sum(input.creditNotes, (c) => c.grossXof),
    },
    invoiceNumbers: { first: input.sales[0]?.number ?? null, last: input.sales.at(-1)?.number ?? null },
    creditNoteNumbers: { first: input.creditNotes[0]?.number ?? null, last: input.creditNotes.at(-1)?.number ?? null },
    expectedCashXof,
    countedXof: input.countedXof,
    differenceXof: input.countedXof - expectedCashXof,
  };
}

const frTime = (iso: string): string => iso.replace('T', ' ').slice(0, 16);

/** The Z report as a ticket (French, like the counter): printed when the session closes, reprinted as a copy. */
export function zReportTicket(report: ZReport, pointOfSale: string): TicketBlock[] {
  return [
    { type: 'title', text: `RAPPORT Z N° ${String(report.number)}` },
    { type: 'text', text: pointOfSale.slice(0, 2000) },
    {
      type: 'pairs',
      pairs: [
        ['Ouverture', `${frTime(report.openedAt)} UTC`],
        ['Par', report.openedBy.name.slice(0, 200)],
        ['Clôture', `${frTime(report.closedAt)} UTC`],
        ['Par', report.closedBy.name.slice(0, 200)],
      ],
    },
    { type: 'rule' },
    {
      type: 'pairs',
      pairs: [
        [`Ventes (${String(report.sales.count)})`, formatXof(report.sales.grossXof)],
        [`  espèces (${String(report.sales.cash.count)})`, formatXof(report.sales.cash.grossXof)],
        [
          `  portefeuille (${String(report.sales.wallet.count)})`,
          `${formatXof(report.sales.wallet.grossXof)} / ${formatCredits(report.sales.wallet.centiCredits)}`,
        ],
        [`Avoirs (${String(report.creditNotes.count)})`, formatXof(report.creditNotes.grossXof)],
        ['  remboursés en espèces', formatXof(report.creditNotes.cashRefundXof)],
        [`Crédits vendus (${String(report.cashTopUps.count)})`, formatXof(report.cashTopUps.amountXof)],
        ['Factures', `${report.invoiceNumbers.first ?? '-'} à ${report.invoiceNumbers.last ?? '-'}`],
        ['Avoirs n°', `${report.creditNoteNumbers.first ?? '-'} à ${report.creditNoteNumbers.last ?? '-'}`],
      ],
    },
    {
      type: 'totals',
      rows: [
        ['Total HT', formatXof(report.tax.netXof)],
        ['TVA', formatXof(report.tax.taxXof)],
      ],
      grand: ['Total TTC', formatXof(report.tax.grossXof)],
    },
    { type: 'rule' },
    {
      type: 'totals',
      rows: [
        ['Fonds de caisse', formatXof(report.floatXof)],
        ['Espèces attendues', formatXof(report.expectedCashXof)],
        ['Espèces comptées', formatXof(report.countedXof)],
      ],
      grand: ['Écart', formatXof(report.differenceXof)],
    },
  ];
}
