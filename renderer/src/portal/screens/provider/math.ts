/**
 * Pure helpers of the provider screens: amounts and quantities as typed, minutes of the day as "HH:MM", a quote's
 * live total (the cloud's rule: each line's price includes VAT, its gross rounded half up from thousandths) and an
 * admin's refund split (splitHold's rule: half up on basis points). The cloud recomputes all of them; these only
 * let the person see the figure before sending.
 */

/** Whole FCFA as typed ("12 500", spaces allowed); anything else is NaN and the cloud's bounds answer. */
export const fcfaOf = (text: string): number =>
  /^[\d\s\u00a0\u202f]{1,12}$/.test(text.trim()) ? Number(text.replace(/\D/g, '')) : NaN;

/** A quantity as typed ("1", "1,5", "2.25") in thousandths; NaN when it is not a positive number of 3 decimals. */
export function quantityMilliOf(text: string): number {
  const match = /^(\d{1,6})(?:[.,](\d{1,3}))?$/.exec(text.trim());
  if (match === null) return NaN;
  return Number(match[1]) * 1000 + Number((match[2] ?? '').padEnd(3, '0'));
}

/** One line's amount, VAT included: quantity × price, half up from thousandths (shared computeTotals). */
export const lineTotalXof = (quantityMilli: number, unitPriceXof: number): number =>
  Math.floor((quantityMilli * unitPriceXof + 500) / 1000);

/** The quote's total, or null while a line is not readable yet. */
export function quoteTotalXof(lines: readonly { quantity: string; price: string }[]): number | null {
  let total = 0;
  for (const line of lines) {
    const quantityMilli = quantityMilliOf(line.quantity);
    const unitPriceXof = fcfaOf(line.price);
    if (!Number.isFinite(quantityMilli) || !Number.isFinite(unitPriceXof)) return null;
    total += lineTotalXof(quantityMilli, unitPriceXof);
  }
  return total;
}

/** What a refund of `percent` % gives the client and leaves the provider (shared splitHold's half-up rule). */
export function refundSplit(amountXof: number, percent: number): { refundXof: number; keptXof: number } {
  const refundXof = Math.floor((amountXof * percent * 100 + 5_000) / 10_000);
  return { refundXof, keptXof: amountXof - refundXof };
}

/** "08:30" for 510. */
export const clockOf = (minute: number): string =>
  `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;

/** 510 for "08:30"; NaN for anything else. "24:00" is the end of the day. */
export function minuteOf(clock: string): number {
  const match = /^([01]\d|2[0-4]):([0-5]\d)$/.exec(clock);
  if (match === null) return NaN;
  const minute = Number(match[1]) * 60 + Number(match[2]);
  return minute <= 1440 ? minute : NaN;
}

/**
 * A datetime-local value ("2027-01-12T09:00") read in Abidjan's time zone, which is UTC all year (no daylight
 * saving): the instant the provider means, whatever the phone's own zone.
 */
export const abidjanInstant = (local: string): string => new Date(`${local}:00Z`).toISOString();

/** The same instant as a datetime-local value in Abidjan's time. */
export const abidjanLocal = (iso: string): string => new Date(iso).toISOString().slice(0, 16);
