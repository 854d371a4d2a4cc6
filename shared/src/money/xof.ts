/**
 * XOF amounts: integers of francs (XOF has no minor unit, SPEC 3.1).
 *
 * Owns: checking an amount is a safe integer and formatting it the local way,
 * "12 500 FCFA". Must never accept a fraction: money is never a float here.
 */

/** A plain space: `Intl` would put U+202F (narrow no-break space), which standard PDF
 * fonts and thermal printer code pages cannot print. */
const groupSeparator = ' ';

export function assertAmountXof(amountXof: number): void {
  if (!Number.isSafeInteger(amountXof)) {
    throw new RangeError(`amountXof must be a safe integer, got ${String(amountXof)}`);
  }
}

export function formatXof(amountXof: number): string {
  assertAmountXof(amountXof);
  const digits = Math.abs(amountXof).toString();
  const grouped = digits.replace(/\B(?=(\d{3})+(?!\d))/g, groupSeparator);
  return `${amountXof < 0 ? '-' : ''}${grouped} FCFA`;
}
