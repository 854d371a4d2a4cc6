/**
 * The rules of a service's payment held in escrow (issue 24, SPEC 3.1 and 3.5): how long after "done" it is released
 * on its own, what a cancellation gives back by notice, and how a dispute's partial refund splits the hold exactly.
 */
import type { CancellationRule } from '../commerce/booking-rules.js';

/** Days after "done" when the payment is released to the provider if the client neither confirms nor disputes. */
export const autoReleaseDaysDefault = 3;
/** A review is written within this many days of completion. */
export const reviewWindowDays = 14;
/** A dispute is opened within this many days of "done" (and before the payment was released). */
export const disputeWindowDays = 7;
/** The other side of a dispute answers within this many days; an admin decides after. */
export const disputeAnswerDays = 3;
/** A quote is valid this many days unless the provider says otherwise (at most 30). */
export const quoteValidityDaysDefault = 7;
export const quoteValidityDaysMax = 30;
/** A request goes to at most this many providers. */
export const requestProvidersMax = 5;

/**
 * Cancellation by the client, by notice before the start: in full 24 h or more before, half from 4 h, nothing after
 * (the provider kept the time and may have travelled). A provider's cancellation is always refunded in full.
 */
export const serviceCancellationPolicy: readonly CancellationRule[] = [
  { minNoticeHours: 24, refundBp: 10_000 },
  { minNoticeHours: 4, refundBp: 5_000 },
  { minNoticeHours: 0, refundBp: 0 },
];

/** When the auto-release happens for work marked done at `doneAt`. */
export function releaseAfter(doneAt: Date, autoReleaseDays: number): Date {
  return new Date(doneAt.getTime() + autoReleaseDays * 86_400_000);
}

export interface HoldSplit {
  readonly refundXof: number;
  readonly keptXof: number;
  readonly refundCentiCredits: number;
  readonly keptCentiCredits: number;
}

/**
 * Splits a held amount for a refund of `refundBp` basis points: the refund is rounded half-up to the franc and to the
 * hundredth of a credit, and the provider keeps exactly the rest (SPEC 3.1: every split balances). 0 and 10,000 give
 * nothing or everything back.
 */
export function splitHold(amountXof: number, amountCentiCredits: number, refundBp: number): HoldSplit {
  for (const [name, value] of [
    ['amountXof', amountXof],
    ['amountCentiCredits', amountCentiCredits],
  ] as const)
    if (!Number.isSafeInteger(value) || value <= 0) throw new RangeError(`${name} must be a positive whole number`);
  if (!Number.isInteger(refundBp) || refundBp < 0 || refundBp > 10_000)
    throw new RangeError('refundBp must be 0 to 10000');
  const half = (amount: number): number => Math.floor((amount * refundBp + 5_000) / 10_000);
  const refundXof = half(amountXof);
  const refundCentiCredits = half(amountCentiCredits);
  return {
    refundXof,
    keptXof: amountXof - refundXof,
    refundCentiCredits,
    keptCentiCredits: amountCentiCredits - refundCentiCredits,
  };
}

/** Hours of notice from `now` to a start (fractional), for the cancellation tiers. */
export function noticeHoursUntil(startsAt: Date, now: Date): number {
  return (startsAt.getTime() - now.getTime()) / 3_600_000;
}

/**
 * The service-purchase tariff the provider pays per job (SPEC 3.5: 5 to 50 credits): 5 credits per started
 * 25,000 FCFA of the amount kept, so a 10,000 FCFA repair costs 5 credits and a 300,000 FCFA job 50.
 */
export function servicePurchaseTariffCredits(amountXof: number): number {
  return Math.min(50, Math.max(5, Math.ceil(amountXof / 25_000) * 5));
}
