/** Line amounts in whole francs, exactly as the invoice totals compute them (half-up per line). */
import type { ClearanceLine } from './connector.js';

/** Quantity in thousandths, or undefined when it has more than 3 decimals or is not positive. */
export function quantityMilli(quantity: number): number | undefined {
  const milli = Math.round(quantity * 1000);
  return milli > 0 && Math.abs(milli - quantity * 1000) < 1e-6 ? milli : undefined;
}

/** Half-up division of non-negative integers. */
export function divideHalfUp(numerator: number, denominator: number): number {
  return Math.floor((2 * numerator + denominator) / (2 * denominator));
}

/** quantity × unit price, rounded half-up, minus the discount; undefined when the line is not sound. */
export function lineTotalXof(line: ClearanceLine): number | undefined {
  const milli = quantityMilli(line.quantity);
  if (milli === undefined || !Number.isSafeInteger(line.unitPriceXof) || line.unitPriceXof < 0) return undefined;
  if (!Number.isSafeInteger(line.discountXof) || line.discountXof < 0) return undefined;
  const gross = divideHalfUp(milli * line.unitPriceXof, 1000);
  return line.discountXof <= gross && Number.isSafeInteger(gross) ? gross - line.discountXof : undefined;
}
