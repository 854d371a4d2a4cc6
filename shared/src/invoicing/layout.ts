/**
 * One layout description of an invoice that every format draws (SPEC 3.7): PDF A4 and
 * 80/58 mm tickets, ESC/POS and CSV read the same blocks, so a mention added here appears
 * everywhere. Numbers are formatted the French way with a plain space ("12 500 FCFA"):
 * `Intl` would put U+202F, which standard PDF fonts and printer code pages lack.
 */
import { formatXof } from '../money/xof.js';
import type { InvoiceDraft } from './invoice.js';
import { taxGroup } from './tax-groups.js';
import type { InvoiceTotals } from './totals.js';

export interface IssuedDocument {
  readonly kind: 'invoice' | 'credit_note';
  readonly number: string;
  readonly issuedAt: string;
  readonly document: InvoiceDraft;
  readonly totals: InvoiceTotals;
  readonly contentHash: string;
  /** The tax authority's certification: `authority` is 'fne' or 'emecef' (or a label), `certifiedAt` ISO. */
  readonly clearance?: {
    readonly authority: string;
    readonly reference: string;
    readonly qrData: string;
    readonly certifiedAt?: string | undefined;
  } | null;
  /** Where anyone can check the invoice when no authority QR exists yet. */
  readonly verificationUrl: string;
}

export type LayoutBlock =
  | { readonly type: 'title'; readonly text: string }
  | { readonly type: 'text'; readonly text: string; readonly bold?: boolean }
  | { readonly type: 'pairs'; readonly pairs: readonly (readonly [string, string])[] }
  | {
      readonly type: 'lines';
      readonly header: readonly [string, string, string, string];
      readonly rows: readonly (readonly [string, string, string, string])[];
    }
  | {
      readonly type: 'totals';
      readonly rows: readonly (readonly [string, string])[];
      readonly grand: readonly [string, string];
    }
  | { readonly type: 'qr'; readonly data: string; readonly caption: string }
  | { readonly type: 'rule' };

/** Quantities in thousandths, shown "2", "1,25" (French decimal comma). */
export function formatQuantity(quantityMilli: number): string {
  const whole = Math.floor(quantityMilli / 1000);
  const rest = quantityMilli % 1000;
  return rest === 0 ? String(whole) : `${String(whole)},${String(rest).padStart(3, '0').replace(/0+$/, '')}`;
}

export function formatRate(rateBp: number): string {
  const whole = Math.floor(rateBp / 100);
  const rest = rateBp % 100;
  return `${rest === 0 ? String(whole) : `${String(whole)},${String(rest).padStart(2, '0').replace(/0+$/, '')}`} %`;
}

/** "24/11/2026 14:05" in UTC (Côte d'Ivoire's time zone is UTC all year). */
export function formatDateTime(iso: string): string {
  const d = new Date(iso);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(d.getUTCDate())}/${p(d.getUTCMonth() + 1)}/${String(d.getUTCFullYear())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}`;
}

/** "24/11/2026" in UTC, the date alone (CSV cells, certification dates). */
export function formatDate(iso: string): string {
  return formatDateTime(iso).slice(0, 10);
}

const authorityLabels: Readonly<Record<string, string>> = { fne: 'FNE', emecef: 'e-MECeF' };

/** The authority as printed: "FNE" (Côte d'Ivoire), "e-MECeF" (Bénin), anything else upper-cased. */
export function authorityLabel(authority: string): string {
  return authorityLabels[authority] ?? authority.toUpperCase();
}

/** The buyer as printed: its name, else "Client comptant" for a walk-in, else its kind. */
export function buyerLabel(buyer: InvoiceDraft['buyer']): string {
  return buyer.name ?? (buyer.kind === 'B2C' ? 'Client comptant' : buyer.kind);
}

const paymentLabels: Readonly<Record<string, string>> = {
  cash: 'Espèces',
  mobile_money: 'Mobile money',
  card: 'Carte',
  transfer: 'Virement',
  credit: 'À crédit',
  wallet: 'Portefeuille ISMAIL',
};

export function invoiceLayout(doc: IssuedDocument): LayoutBlock[] {
  const d = doc.document;
  const seller = d.seller;
  const tvaMode = d.priceMode === 'tax_included' ? 'TTC' : 'HT';
  const blocks: LayoutBlock[] = [
    // The name once: the trade name as title with the legal name under it, or the legal name alone.
    { type: 'title', text: seller.tradeName ?? seller.legalName },
    ...(seller.tradeName === undefined || seller.tradeName === seller.legalName
      ? []
      : [{ type: 'text', text: seller.legalName } as const]),
    ...(seller.address === seller.legalName ? [] : [{ type: 'text', text: seller.address } as const]),
    {
      type: 'pairs',
      pairs: [
        [seller.country === 'BJ' ? 'IFU' : 'NCC', seller.taxId],
        ...(seller.rccm === undefined ? [] : [['RCCM', seller.rccm] as const]),
        ['Régime', seller.taxRegime],
        ...(seller.taxOffice === undefined ? [] : [['Centre des impôts', seller.taxOffice] as const]),
        ...(seller.phone === undefined ? [] : [['Tél.', seller.phone] as const]),
      ],
    },
    { type: 'rule' },
    // Kind and number on two lines: a 58 mm ticket cannot hold both in title size.
    { type: 'title', text: doc.kind === 'invoice' ? 'FACTURE' : 'AVOIR' },
    { type: 'text', text: `N° ${doc.number}`, bold: true },
    {
      type: 'pairs',
      pairs: [
        ['Date', formatDateTime(doc.issuedAt)],
        ['Client', buyerLabel(d.buyer)],
        ...(d.buyer.taxId === undefined ? [] : [['NCC client', d.buyer.taxId] as const]),
        ...(d.original === undefined ? [] : [['Facture corrigée', d.original.number] as const]),
      ],
    },
    {
      type: 'lines',
      header: ['Désignation', 'Qté', `P.U. ${tvaMode}`, `Montant ${tvaMode}`],
      rows: d.lines.map((line, i) => [
        `${line.label} (${formatRate(doc.totals.lines[i]?.rateBp ?? 0)})`,
        formatQuantity(line.quantityMilli),
        formatXof(line.unitPriceXof),
        formatXof(doc.totals.lines[i]?.amountXof ?? 0),
      ]),
    },
    {
      type: 'totals',
      rows: [
        ...doc.totals.groups.flatMap((g) => {
          const label = taxGroup(g.taxGroup)?.label.fr ?? g.taxGroup;
          return [[`Total HT ${label}`, formatXof(g.netXof)] as const, [`${label}`, formatXof(g.taxXof)] as const];
        }),
        ['Total HT', formatXof(doc.totals.netXof)],
        ['Total TVA', formatXof(doc.totals.taxXof)],
      ],
      grand: [doc.kind === 'invoice' ? 'TOTAL TTC' : 'TOTAL AVOIR TTC', formatXof(doc.totals.grossXof)],
    },
  ];
  if (d.payments.length > 0)
    blocks.push({
      type: 'pairs',
      pairs: d.payments.map((p) => [paymentLabels[p.method] ?? p.method, formatXof(p.amountXof)] as const),
    });
  blocks.push({ type: 'rule' });
  if (doc.clearance !== null && doc.clearance !== undefined) {
    const at = doc.clearance.certifiedAt === undefined ? '' : ` le ${formatDateTime(doc.clearance.certifiedAt)}`;
    blocks.push({
      type: 'text',
      text: `Certifiée ${authorityLabel(doc.clearance.authority)}${at} : ${doc.clearance.reference}`,
      bold: true,
    });
    blocks.push({ type: 'qr', data: doc.clearance.qrData, caption: 'Vérifiez cette facture' });
  } else {
    blocks.push({ type: 'text', text: 'Document en attente de certification', bold: true });
    blocks.push({ type: 'qr', data: doc.verificationUrl, caption: 'Vérifiez ce document' });
  }
  if (d.note !== undefined) blocks.push({ type: 'text', text: d.note });
  blocks.push({ type: 'text', text: `Empreinte : ${doc.contentHash.slice(0, 16)}` });
  return blocks;
}
