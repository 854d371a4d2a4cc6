/**
 * Automatic fiscal validation before issue (SPEC 3.7): the mandatory mentions are present
 * (research 9.3), tax IDs have their country's shape, every line's tax group belongs to the
 * seller's country, a B2B buyer has a tax ID, payments cover the total, a credit note names
 * its original. A draft that fails is held for manual correction with every problem listed.
 */
import type { InvoiceDraft } from './invoice.js';
import { taxGroup } from './tax-groups.js';
import { computeTotals, type InvoiceTotals } from './totals.js';

export interface ValidationProblem {
  readonly path: string;
  readonly problem: string;
}

/** Tax ID shapes by country (research 9.6): CI NCC 7 digits and a letter; BJ IFU 13 digits. */
export const taxIdPatterns: Readonly<Record<string, RegExp>> = {
  CI: /^\d{7}[A-Z]$/,
  BJ: /^\d{13}$/,
};

/** A draft's problems and its totals, computed once for both. */
export interface ValidatedDraft {
  readonly problems: ValidationProblem[];
  /** Null when the lines could not be totalled (an unknown or foreign tax group, a discount above its line). */
  readonly totals: InvoiceTotals | null;
}

export function validateDraft(draft: InvoiceDraft): ValidationProblem[] {
  return validateAndTotal(draft).problems;
}

/**
 * Validates and totals in one pass, so a caller that needs both (the hub selling, the cloud
 * recording what a hub issued) computes the totals once; problems as `validateDraft`.
 */
export function validateAndTotal(draft: InvoiceDraft): ValidatedDraft {
  const problems: ValidationProblem[] = [];
  const add = (path: string, problem: string): void => {
    problems.push({ path, problem });
  };
  const idPattern = taxIdPatterns[draft.seller.country];
  if (idPattern !== undefined && !idPattern.test(draft.seller.taxId))
    add('/seller/taxId', `not a valid ${draft.seller.country} tax ID`);
  if (draft.buyer.kind !== 'B2C' && (draft.buyer.taxId === undefined || draft.buyer.name === undefined))
    add('/buyer', `a ${draft.buyer.kind} buyer needs a name and a tax ID`);
  draft.lines.forEach((line, i) => {
    const group = taxGroup(line.taxGroup);
    if (group === undefined) add(`/lines/${String(i)}/taxGroup`, `unknown tax group ${line.taxGroup}`);
    else if (group.country !== draft.seller.country)
      add(`/lines/${String(i)}/taxGroup`, `${line.taxGroup} is not a ${draft.seller.country} tax group`);
    if (line.discountXof > Math.floor((line.quantityMilli * line.unitPriceXof) / 1000))
      add(`/lines/${String(i)}/discountXof`, 'the discount is larger than the line');
  });
  if (problems.length > 0) return { problems, totals: null };
  const totals = computeTotals(draft);
  if (draft.kind === 'invoice') {
    const paid = draft.payments.reduce((s, p) => s + p.amountXof, 0);
    if (draft.payments.length === 0) add('/payments', 'an invoice states how it is paid');
    else if (paid !== totals.grossXof)
      add('/payments', `payments add up to ${String(paid)}, the total is ${String(totals.grossXof)}`);
    if (draft.original !== undefined) add('/original', 'only a credit note refers to an original');
  } else if (draft.original === undefined) add('/original', 'a credit note must name the invoice it corrects');
  if (totals.grossXof === 0) add('/lines', 'the document totals zero');
  return { problems, totals };
}
