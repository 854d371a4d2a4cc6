/**
 * The receipt for cash taken for wallet credits at the counter. The counter app gives the
 * words (translated, the staff's language) and the values (formatted); the blocks are drawn
 * here so the layout property test covers this ticket too.
 */
import type { LayoutBlock } from '../invoicing/layout.js';

export interface TopUpReceiptWords {
  readonly title: string;
  readonly client: string;
  readonly ismailId: string;
  readonly date: string;
  readonly reference: string;
  readonly paidCash: string;
  readonly note: string;
}

export interface TopUpReceiptValues {
  readonly holderName: string;
  readonly ismailId: string;
  /** Already formatted for the staff's language. */
  readonly date: string;
  readonly reference: string;
  /** Already formatted, e.g. "5 000 FCFA". */
  readonly amount: string;
}

export function topUpReceiptTicket(words: TopUpReceiptWords, values: TopUpReceiptValues): LayoutBlock[] {
  return [
    { type: 'title', text: words.title },
    {
      type: 'pairs',
      pairs: [
        [words.client, values.holderName],
        [words.ismailId, values.ismailId],
        [words.date, values.date],
        [words.reference, values.reference],
      ],
    },
    { type: 'totals', rows: [], grand: [words.paidCash, values.amount] },
    { type: 'text', text: words.note },
  ];
}
