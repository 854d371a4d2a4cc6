/**
 * The shop's periodic work: pending orders nobody confirmed in time are voided with their
 * stock returned, and this month's listing fees are charged as soon as the month starts
 * (once per partner and month). Both are safe to repeat.
 */
import type { PeriodicJob } from '../../platform/jobs/scheduler.js';
import type { ShopService } from './shop.js';

export function shopJobs(shop: ShopService): PeriodicJob[] {
  return [
    { name: 'shop.expire-orders', everyMs: 30_000, timeoutMs: 60_000, run: () => shop.expirePending() },
    {
      name: 'shop.listing-fees',
      everyMs: 300_000,
      timeoutMs: 120_000,
      run: async () => (await shop.chargeListingFees(new Date().toISOString().slice(0, 7))).charged,
    },
  ];
}
