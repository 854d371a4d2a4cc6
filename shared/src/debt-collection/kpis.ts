/**
 * The creditor's collection figures (issue 26, figure 6), pure: the recovery rate of a period, the age of what is
 * owed, the days sales outstanding. Amounts are whole FCFA; days are `YYYY-MM-DD` in Africa/Abidjan (UTC+0). The
 * cloud sums the rows; these functions decide what the sums mean, so the portal and the tests read the same rule.
 */

/** Basis points in one whole: 10 000 bp = 100 %. */
export const basisPointsWhole = 10_000;

/** The age buckets of the dashboard, from not yet due to more than 90 days past due. */
export const debtAgeBuckets = ['not_due', '0_30', '31_60', '61_90', '90_plus'] as const;
export type DebtAgeBucket = (typeof debtAgeBuckets)[number];

const dayPattern = /^\d{4}-\d{2}-\d{2}$/;
const dayMs = 86_400_000;

/** The day itself when `text` is a real calendar day `YYYY-MM-DD` (no 31 February), else null. */
export function calendarDayOrNull(text: string): string | null {
  if (!dayPattern.test(text)) return null;
  const at = Date.parse(`${text}T00:00:00Z`);
  if (Number.isNaN(at)) return null;
  return new Date(at).toISOString().slice(0, 10) === text ? text : null;
}

/** Whole days from `fromDay` to `toDay` (negative when `toDay` is earlier). Both must be calendar days. */
export function daysFromTo(fromDay: string, toDay: string): number {
  const from = Date.parse(`${fromDay}T00:00:00Z`);
  const to = Date.parse(`${toDay}T00:00:00Z`);
  if (Number.isNaN(from) || Number.isNaN(to)) throw new RangeError(`not a day: ${fromDay} or ${toDay}`);
  return Math.round((to - from) / dayMs);
}

/** The number of days of a period, both ends included (1 January to 31 January is 31). */
export const daysInPeriod = (fromDay: string, toDay: string): number => daysFromTo(fromDay, toDay) + 1;

/**
 * The bucket of a debt due on `dueOn` seen on `onDay`: not yet due before its date; 0–30 days past due from its date
 * (due today is 0 days late: it may be paid today, but it is owed); then 31–60, 61–90, and more than 90.
 */
export function debtAgeBucket(dueOn: string, onDay: string): DebtAgeBucket {
  const late = daysFromTo(dueOn, onDay);
  if (late < 0) return 'not_due';
  if (late <= 30) return '0_30';
  if (late <= 60) return '31_60';
  if (late <= 90) return '61_90';
  return '90_plus';
}

const assertXof = (name: string, value: number): void => {
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`${name} must be a whole FCFA amount ≥ 0`);
};

/** `numerator ÷ denominator`, rounded half up, exact on amounts past 2^53 ÷ 20 000 (BigInt). */
const divideHalfUp = (numerator: bigint, denominator: bigint): number =>
  Number((numerator * 2n + denominator) / (denominator * 2n));

/**
 * Recovered ÷ (opening balance + new debt) of a period, in basis points, rounded half up; 0 when nothing was owed.
 * A write-off recovers nothing, so it lowers the rate; it may pass 10 000 bp only if money came for debts outside the
 * base (it is reported as it is, not capped, so an error in the sums shows).
 */
export function recoveryRateBp(input: { recoveredXof: number; openingBalanceXof: number; newDebtXof: number }): number {
  assertXof('recoveredXof', input.recoveredXof);
  assertXof('openingBalanceXof', input.openingBalanceXof);
  assertXof('newDebtXof', input.newDebtXof);
  const base = BigInt(input.openingBalanceXof) + BigInt(input.newDebtXof);
  if (base === 0n) return 0;
  return divideHalfUp(BigInt(input.recoveredXof) * BigInt(basisPointsWhole), base);
}

/**
 * Days sales outstanding: what is still owed at the period's end ÷ the debt opened in the period × the period's days,
 * in whole days rounded half up; null when no debt was opened in the period (the ratio means nothing then).
 */
export function dsoDays(input: { outstandingXof: number; newDebtXof: number; periodDays: number }): number | null {
  assertXof('outstandingXof', input.outstandingXof);
  assertXof('newDebtXof', input.newDebtXof);
  if (!Number.isSafeInteger(input.periodDays) || input.periodDays < 1) throw new RangeError('periodDays must be ≥ 1');
  if (input.newDebtXof === 0) return null;
  return divideHalfUp(BigInt(input.outstandingXof) * BigInt(input.periodDays), BigInt(input.newDebtXof));
}
