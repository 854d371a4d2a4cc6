/**
 * Invoice totals with the region's rounding (research 4.2, 9.1): each line's amount is
 * quantity × unit price − discount, rounded half-up to the franc; then per tax group, at
 * document level: prices tax included → HT = round(TTC / (1 + rate)), VAT = TTC − HT (the
 * e-MECeF rule); prices tax excluded → VAT = round(HT × rate), TTC = HT + VAT. Totals are
 * sums of the groups, so the document always adds up to the franc.
 */
import type { InvoiceDraft, InvoiceLine } from './invoice.js';
import { taxGroup } from './tax-groups.js';

export interface LineTotal {
  readonly index: number;
  /** In the document's price mode (TTC when tax included, HT otherwise). */
  readonly amountXof: number;
  readonly taxGroup: string;
  readonly rateBp: number;
}

export interface GroupTotal {
  readonly taxGroup: string;
  readonly rateBp: number;
  readonly netXof: number;
  readonly taxXof: number;
  readonly grossXof: number;
}

export interface InvoiceTotals {
  readonly lines: readonly LineTotal[];
  readonly groups: readonly GroupTotal[];
  readonly netXof: number;
  readonly taxXof: number;
  readonly grossXof: number;
}

/** Half-up division of non-negative integers. */
function divideHalfUp(numerator: number, denominator: number): number {
  return Math.floor((2 * numerator + denominator) / (2 * denominator));
}

export function lineAmount(line: InvoiceLine): number {
  const gross = divideHalfUp(line.quantityMilli * line.unitPriceXof, 1000);
  if (line.discountXof > gross) throw new RangeError(`line "${line.label}": the discount is larger than the line`);
  return gross - line.discountXof;
}

export function computeTotals(draft: Pick<InvoiceDraft, 'lines' | 'priceMode'>): InvoiceTotals {
  const lines = draft.lines.map((line, index): LineTotal => {
    const group = taxGroup(line.taxGroup);
    if (group === undefined) throw new RangeError(`unknown tax group ${line.taxGroup}`);
    const amountXof = lineAmount(line);
    if (!Number.isSafeInteger(amountXof)) throw new RangeError('line amount out of range');
    return { index, amountXof, taxGroup: group.code, rateBp: group.rateBp };
  });
  const sums = new Map<string, { rateBp: number; amount: number }>();
  for (const l of lines) {
    const s = sums.get(l.taxGroup) ?? { rateBp: l.rateBp, amount: 0 };
    s.amount += l.amountXof;
    sums.set(l.taxGroup, s);
  }
  const groups = [...sums.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([code, s]): GroupTotal => {
      if (draft.priceMode === 'tax_included') {
        const net = divideHalfUp(s.amount * 10_000, 10_000 + s.rateBp);
        return { taxGroup: code, rateBp: s.rateBp, netXof: net, taxXof: s.amount - net, grossXof: s.amount };
      }
      const tax = divideHalfUp(s.amount * s.rateBp, 10_000);
      return { taxGroup: code, rateBp: s.rateBp, netXof: s.amount, taxXof: tax, grossXof: s.amount + tax };
    });
  return {
    lines,
    groups,
    netXof: groups.reduce((t, x) => t + x.netXof, 0),
    taxXof: groups.reduce((t, x) => t + x.taxXof, 0),
    grossXof: groups.reduce((t, x) => t + x.grossXof, 0),
  };
}
