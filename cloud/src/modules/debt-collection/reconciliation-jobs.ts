/**
 * The reconciliation job (issue 26, part C1): every minute, the ledger's new batches are read from the cursor and the
 * wallet payments that named no file are queued as suggestions for their creditor (reconciliation.ts). One run at a
 * time across the cloud processes (a 'cluster' job), bounded per run; whatever it did not reach, the next run does.
 */
import type { PeriodicJob } from '../../platform/jobs/scheduler.js';
import { reconcileWalletPayments, type ReconcileDeps } from './reconciliation.js';

export function reconciliationJobs(deps: ReconcileDeps, now: () => Date): PeriodicJob[] {
  return [
    {
      name: 'debt-collection.reconcile',
      everyMs: 60_000,
      timeoutMs: 300_000,
      run: () => reconcileWalletPayments(deps, now()),
    },
  ];
}
