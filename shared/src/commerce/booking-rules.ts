/**
 * Booking rules (SPEC 3.13, seed 3.2.3), pure: the nights a stay covers, its price from the
 * rates per date, and the refund a cancellation gets under the partner's rules. Dates are
 * calendar days ("YYYY-MM-DD"), never instants: a night belongs to the hotel's calendar.
 */
import { Type, type Static } from '@sinclair/typebox';

export const isoDatePattern = '^\\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\\d|3[01])$';
/** Longest stay one booking may hold (a month): bounds rows and work per request. */
export const stayNightsMax = 31;

/** Refund by notice: the first rule whose notice is met applies (rules sorted by notice, longest first). */
export const CancellationRuleSchema = Type.Object(
  {
    /** Hours between the cancellation and the arrival (check-in at 14:00, the hotel's time). */
    minNoticeHours: Type.Integer({ minimum: 0, maximum: 24 * 365 }),
    refundBp: Type.Integer({ minimum: 0, maximum: 10_000 }),
  },
  { additionalProperties: false },
);
export type CancellationRule = Static<typeof CancellationRuleSchema>;
export const CancellationPolicySchema = Type.Array(CancellationRuleSchema, { minItems: 1, maxItems: 10 });

/** Free cancellation up to 48 h before arrival, half refunded up to 24 h, nothing after. */
export const defaultCancellationPolicy: readonly CancellationRule[] = [
  { minNoticeHours: 48, refundBp: 10_000 },
  { minNoticeHours: 24, refundBp: 5_000 },
  { minNoticeHours: 0, refundBp: 0 },
];

export class BookingRuleError extends Error {}

function parseDay(day: string): number {
  if (!new RegExp(isoDatePattern).test(day)) throw new BookingRuleError(`${day} is not a date (YYYY-MM-DD)`);
  const ms = Date.parse(`${day}T00:00:00Z`);
  if (Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== day)
    throw new BookingRuleError(`${day} is not a calendar date`);
  return ms;
}

/** The nights of a stay: check-in included, check-out excluded. */
export function stayNights(checkIn: string, checkOut: string): string[] {
  const from = parseDay(checkIn);
  const to = parseDay(checkOut);
  const count = Math.round((to - from) / 86_400_000);
  if (count < 1) throw new BookingRuleError('check-out must be after check-in');
  if (count > stayNightsMax) throw new BookingRuleError(`a booking covers at most ${String(stayNightsMax)} nights`);
  return Array.from({ length: count }, (_, i) => new Date(from + i * 86_400_000).toISOString().slice(0, 10));
}

/** The stay's price: each night at its dated rate, or the unit's base price. */
export function stayPriceXof(
  nights: readonly string[],
  basePriceXof: number,
  ratesByNight: ReadonlyMap<string, number>,
): number {
  return nights.reduce((sum, night) => sum + (ratesByNight.get(night) ?? basePriceXof), 0);
}

/** The refund, in the same unit as `paid`, for a cancellation `noticeHours` before arrival (rounded down). */
export function refundFor(
  paid: number,
  noticeHours: number,
  policy: readonly CancellationRule[],
): { refundBp: number; refund: number } {
  const rules = [...policy].sort((a, b) => b.minNoticeHours - a.minNoticeHours);
  const rule = rules.find((r) => noticeHours >= r.minNoticeHours);
  const refundBp = rule?.refundBp ?? 0;
  return { refundBp, refund: Math.floor((paid * refundBp) / 10_000) };
}

/** Hours from `at` to the arrival: check-in day at 14:00 UTC (Abidjan is UTC all year). */
export function noticeHours(checkIn: string, at: Date): number {
  return Math.floor((parseDay(checkIn) + 14 * 3_600_000 - at.getTime()) / 3_600_000);
}
