/**
 * The wallet's periodic jobs (run by the platform scheduler, once per period across cloud
 * processes): lapse expired holds and pay overdrafts back from wallets that hold credits again; hourly, pay last
 * month's sales commissions
 * (idempotent: each rep and month is paid once, the "monthly automatic payout" of SPEC 3.5)
 * and expire idle credits when a policy is set. A failed run is logged; the next period
 * runs the job again.
 */
import type { Database } from '../../platform/db/database.js';
import type { DebtFiles } from './overdraft-files.js';
import type { PeriodicJob } from '../../platform/jobs/scheduler.js';
import { payoutCommissions, previousPeriod } from './commission-runs.js';
import type { Ledger } from './ledger.js';
import type { WalletOperations } from './operations.js';

const hourlyMs = 3_600_000;
/** The bound of one run: each job does bounded batches, so a run past this is stuck. */
const runBoundMs = 60_000;

export interface WalletJobDeps {
  readonly db: Database;
  readonly ledger: Ledger;
  readonly operations: WalletOperations;
  readonly debts: DebtFiles;
  readonly creditExpiryDays: number;
  /** The period of the settling jobs. */
  readonly sweepMs: number;
}

export function walletJobs(deps: WalletJobDeps): PeriodicJob[] {
  const every = (name: string, everyMs: number, run: () => Promise<unknown>): PeriodicJob => ({
    name: `wallet.${name}`,
    everyMs,
    timeoutMs: runBoundMs,
    run,
  });
  const jobs = [
    every('expire-holds', deps.sweepMs, () => deps.operations.expireHolds()),
    every('repay-overdrafts', deps.sweepMs, () => deps.debts.reconcile()),
    every('commission-payout', hourlyMs, () => payoutCommissions(deps.db, deps.ledger, previousPeriod(new Date()))),
  ];
  if (deps.creditExpiryDays > 0)
    jobs.push(
      every('credit-expiry', hourlyMs, () => deps.operations.expireIdleCredits({ idleDays: deps.creditExpiryDays })),
    );
  return jobs;
}
