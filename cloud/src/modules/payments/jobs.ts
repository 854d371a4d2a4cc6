/** Payments' periodic job: pending mobile-money top-ups are asked about and settled (credits arrive once). */
import type { PeriodicJob } from '../../platform/jobs/scheduler.js';
import type { MobileMoneyTopUps } from './top-ups.js';

export function paymentJobs(topUps: MobileMoneyTopUps, everyMs: number): PeriodicJob[] {
  return [{ name: 'payments.settle-top-ups', everyMs, timeoutMs: 60_000, run: () => topUps.settlePending() }];
}
