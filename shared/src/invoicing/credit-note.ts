/**
 * Credit notes (SPEC 3.7): an issued invoice is never edited; a credit note takes back some
 * or all of its lines at the prices and tax groups of the original. Crediting every line in
 * full gives exactly the original's totals (same lines, same rounding); the original stays
 * as it was. Amounts in a credit note are positive: the document kind carries the sign.
 */
import type { InvoiceDraft } from './invoice.js';

export interface CreditedLine {
  readonly index: number;
  readonly quantityMilli: number;
}

export class CreditNoteError extends RangeError {}

/**
 * `alreadyCredited`: quantities taken back by earlier credit notes, per line index, so the
 * sum of credit notes never exceeds the invoice.
 */
export function creditNoteDraft(
  original: { readonly invoiceId: string; readonly number: string; readonly draft: InvoiceDraft },
  lines: readonly CreditedLine[] | 'all',
  alreadyCredited: ReadonlyMap<number, number> = new Map(),
): InvoiceDraft {
  if (original.draft.kind !== 'invoice') throw new CreditNoteError('only an invoice can be credited');
  const wanted =
    lines === 'all'
      ? original.draft.lines
          .map((l, index) => ({ index, quantityMilli: l.quantityMilli - (alreadyCredited.get(index) ?? 0) }))
          .filter((l) => l.quantityMilli > 0)
      : lines;
  if (wanted.length === 0) throw new CreditNoteError('nothing is left to credit on this invoice');
  const seen = new Set<number>();
  const creditLines = wanted.map(({ index, quantityMilli }) => {
    const line = original.draft.lines[index];
    if (line === undefined) throw new CreditNoteError(`the invoice has no line ${String(index)}`);
    if (seen.has(index)) throw new CreditNoteError(`line ${String(index)} is named twice`);
    seen.add(index);
    const left = line.quantityMilli - (alreadyCredited.get(index) ?? 0);
    if (!Number.isSafeInteger(quantityMilli) || quantityMilli < 1 || quantityMilli > left)
      throw new CreditNoteError(`line ${String(index)}: at most ${String(left)} thousandths can still be credited`);
    // A partial quantity takes back the discount in proportion (rounded down: never more than given).
    const discountXof =
      quantityMilli === line.quantityMilli
        ? line.discountXof
        : Math.floor((line.discountXof * quantityMilli) / line.quantityMilli);
    return { ...line, quantityMilli, discountXof };
  });
  return {
    kind: 'credit_note',
    currency: original.draft.currency,
    priceMode: original.draft.priceMode,
    seller: original.draft.seller,
    buyer: original.draft.buyer,
    lines: creditLines,
    payments: [],
    original: {
      invoiceId: original.invoiceId,
      number: original.number,
      lines: wanted.map((l) => ({ index: l.index, quantityMilli: l.quantityMilli })),
    },
  };
}
