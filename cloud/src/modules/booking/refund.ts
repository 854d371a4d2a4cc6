/** What cancelling a confirmed booking gives back, for a refunded share of the stay. */
import { computeTotals } from '@ismail/shared';
import type { Reservation } from './rows.js';

/**
 * The credit note takes back the refunded share of the one stay line; the money refunded is the same share of what
 * was paid, so paper and wallet agree to the franc. The commission is refunded in the same share.
 */
export function refundOf(
  reservation: Reservation,
  shareBp: number,
  commissionCentiCredits: number,
): { quantityMilli: number; refundCentiCredits: number; commissionRefundCentiCredits: number } {
  const quantityMilli = shareBp / 10;
  const creditXof = computeTotals({
    lines: [{ label: 'x', quantityMilli, unitPriceXof: reservation.amountXof, taxGroup: 'CI-EXO-LEG', discountXof: 0 }],
    priceMode: 'tax_included',
  }).grossXof;
  const refundCentiCredits =
    shareBp === 10_000
      ? reservation.amountCentiCredits
      : Math.floor((reservation.amountCentiCredits * creditXof) / reservation.amountXof);
  const commissionRefundCentiCredits =
    shareBp === 10_000 ? commissionCentiCredits : Math.floor((commissionCentiCredits * shareBp) / 10_000);
  return { quantityMilli, refundCentiCredits, commissionRefundCentiCredits };
}
