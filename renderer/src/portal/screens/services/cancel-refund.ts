/**
 * What the client gets back if the appointment is cancelled now, shown before anyone confirms: the cloud applies the
 * same tiers (shared/src/services/escrow.ts serviceCancellationPolicy): in full 24 h or more before the start, half
 * from 4 h, nothing after; always in full when the provider cancels. The cloud's figure is the one that counts.
 */
const tiers = [
  { minNoticeHours: 24, refundBp: 10_000 },
  { minNoticeHours: 4, refundBp: 5_000 },
  { minNoticeHours: 0, refundBp: 0 },
] as const;

export function cancelRefundXof(amountXof: number, startsAt: string, by: 'client' | 'provider', nowMs: number): number {
  if (by === 'provider') return amountXof;
  const noticeHours = (Date.parse(startsAt) - nowMs) / 3_600_000;
  const tier = tiers.find((rule) => noticeHours >= rule.minNoticeHours);
  return Math.floor((amountXof * (tier?.refundBp ?? 0)) / 10_000);
}
