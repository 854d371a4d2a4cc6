/**
 * The wallet's background work, on one timer: settle pending mobile-money top-ups, lapse
 * expired holds and pay overdrafts back from wallets that hold credits again, at every tick; once an hour, pay last month's sales commissions (idempotent:
 * each rep and month is paid once, so this is the "monthly automatic payout" of SPEC 3.5)
 * and expire idle credits when a policy is set. A failed job is logged and retried at the
 * next tick; it never stops the cloud, and ticks never overlap.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { Database } from '../db/database.js';
import type { DebtFiles } from '../debt/debt-files.js';
import type { MobileMoneyTopUps } from '../payments/top-ups.js';
import { payoutCommissions, previousPeriod } from './commission-runs.js';
import type { Ledger } from './ledger.js';
import type { WalletOperations } from './operations.js';

const hourlyMs = 3_600_000;

export interface WalletJobDeps {
  readonly db: Database;
  readonly ledger: Ledger;
  readonly operations: WalletOperations;
  readonly topUps: MobileMoneyTopUps;
  readonly debts: DebtFiles;
  readonly creditExpiryDays: number;
  readonly log: FastifyBaseLogger;
}

export function walletJobs(deps: WalletJobDeps): { tick(): Promise<void> } {
  let running = false;
  let lastHourlyMs = 0;
  const attempt = async (name: string, job: () => Promise<unknown>): Promise<void> => {
    try {
      const result = await job();
      deps.log.debug({ job: name, result }, 'wallet job done');
    } catch (error) {
      deps.log.warn({ job: name, err: error }, 'wallet job failed; retried at the next tick');
    }
  };
  return {
    async tick() {
      if (running) return;
      running = true;
      try {
        await attempt('settle top-ups', () => deps.topUps.settlePending());
        await attempt('expire holds', () => deps.operations.expireHolds());
        await attempt('repay overdrafts', () => deps.debts.reconcile());
        const nowMs = Date.now();
        if (nowMs - lastHourlyMs >= hourlyMs) {
          lastHourlyMs = nowMs;
          await attempt('commission payout', () => payoutCommissions(deps.db, deps.ledger, previousPeriod(new Date(nowMs))));
          if (deps.creditExpiryDays > 0) await attempt('credit expiry', () => deps.operations.expireIdleCredits({ idleDays: deps.creditExpiryDays }));
        }
      } finally {
        running = false;
      }
    },
  };
}
