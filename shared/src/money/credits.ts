/**
 * Credits (SPEC 3.1): ledger amounts are integers in hundredths of a credit
 * ("centi-credits"); fiat is integers of francs. 1 credit = 50 FCFA in Côte d'Ivoire, per
 * country and editable with history (the rate is an argument here, never a constant).
 *
 * Percentages are given in basis points (1% = 100 bp) so rates are integers too, and are
 * rounded half-up to the centi-credit; `splitByRates` hands the rounding remainder to the
 * platform so every split adds up to the amount exactly (a transfer must balance).
 */

/** A country's rate: how many francs one whole credit is worth. */
export interface CreditRate {
  readonly country: string;
  readonly xofPerCredit: number;
}

export const centiCreditsPerCredit = 100;
export const basisPointsPerWhole = 10_000;

function assertSafeInteger(name: string, value: number): void {
  if (!Number.isSafeInteger(value)) throw new RangeError(`${name} must be a safe integer, got ${String(value)}`);
}

/** Francs worth of an amount of centi-credits, half-up (50 FCFA a credit: 1 centi-credit = 0.5 FCFA). */
export function centiCreditsToXof(amountCentiCredits: number, rate: CreditRate): number {
  assertSafeInteger('amountCentiCredits', amountCentiCredits);
  const numerator = amountCentiCredits * rate.xofPerCredit;
  return Math.sign(numerator) * Math.floor((Math.abs(numerator) + centiCreditsPerCredit / 2) / centiCreditsPerCredit);
}

/** Centi-credits bought with an amount of francs (exact: francs × 100 / rate, refused if not whole). */
export function xofToCentiCredits(amountXof: number, rate: CreditRate): number {
  assertSafeInteger('amountXof', amountXof);
  const numerator = amountXof * centiCreditsPerCredit;
  if (numerator % rate.xofPerCredit !== 0) {
    throw new RangeError(
      `${String(amountXof)} FCFA is not a whole number of centi-credits at ${String(rate.xofPerCredit)} FCFA per credit`,
    );
  }
  return numerator / rate.xofPerCredit;
}

/** `rateBp` basis points of an amount, rounded half-up (away from zero for halves). */
export function percentOf(amountCentiCredits: number, rateBp: number): number {
  assertSafeInteger('amountCentiCredits', amountCentiCredits);
  assertSafeInteger('rateBp', rateBp);
  if (rateBp < 0 || rateBp > basisPointsPerWhole)
    throw new RangeError(`rateBp must be 0 to 10000, got ${String(rateBp)}`);
  const numerator = Math.abs(amountCentiCredits) * rateBp;
  const rounded = Math.floor((numerator + basisPointsPerWhole / 2) / basisPointsPerWhole);
  return amountCentiCredits < 0 ? -rounded : rounded;
}

export interface RateShare {
  readonly to: string;
  readonly rateBp: number;
}

/**
 * Splits an amount: each share gets its rounded percentage, and what is left (the amount
 * minus all shares, remainder of rounding included) goes to `remainderTo`. The parts always
 * sum to the amount, so the transfer they become balances.
 */
export function splitByRates(
  amountCentiCredits: number,
  shares: readonly RateShare[],
  remainderTo: string,
): { to: string; amountCentiCredits: number }[] {
  const totalBp = shares.reduce((sum, s) => sum + s.rateBp, 0);
  if (totalBp > basisPointsPerWhole)
    throw new RangeError(`shares add up to ${String(totalBp)} bp, more than the whole`);
  const parts = shares.map((s) => ({ to: s.to, amountCentiCredits: percentOf(amountCentiCredits, s.rateBp) }));
  const given = parts.reduce((sum, p) => sum + p.amountCentiCredits, 0);
  return [...parts, { to: remainderTo, amountCentiCredits: amountCentiCredits - given }];
}

/**
 * Credits the local way, from hundredths and with integers only: "1 234,50 crédits" (a
 * comma for decimals and a plain space between thousands, as on every French ticket).
 */
export function formatCredits(amountCentiCredits: number): string {
  if (!Number.isSafeInteger(amountCentiCredits))
    throw new RangeError(`amountCentiCredits must be a safe integer, got ${String(amountCentiCredits)}`);
  const magnitude = Math.abs(amountCentiCredits);
  const whole = Math.trunc(magnitude / 100)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ' ');
  const hundredths = (magnitude % 100).toString().padStart(2, '0');
  return `${amountCentiCredits < 0 ? '-' : ''}${whole},${hundredths} crédits`;
}
