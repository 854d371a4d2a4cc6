/**
 * Debt collection, part C1 (issue 26): payments against files (from the debtor's wallet, or recorded by the creditor)
 * and the reconciliation of wallet payments that named no file. Registered by index.ts in one line.
 */
import type { FastifyInstance } from 'fastify';
import type { CloudAppOptions } from '../../platform/options.js';
import { paymentRoutes } from './payments-routes.js';
import { DebtPaymentFlows } from './payments-wallet.js';
import { reconciliationJobs } from './reconciliation-jobs.js';
import { reconciliationRoutes } from './reconciliation-routes.js';
import { Reconciliation } from './reconciliation.js';

export async function registerDebtPayments(
  app: FastifyInstance,
  options: CloudAppOptions,
  publicUrl: string,
): Promise<void> {
  const { db } = options;
  // The demo's test clock when there is one (browser tests), real time otherwise.
  const now = options.testClock?.now ?? (() => new Date());
  const notifications = app.notifications.service;
  const flows = new DebtPaymentFlows(db, app.wallet.operations, notifications, publicUrl, now);
  const deps = { db, notifications, publicUrl };
  await app.register(paymentRoutes(db, flows));
  await app.register(reconciliationRoutes(db, new Reconciliation(deps, flows)));
  for (const job of reconciliationJobs(deps, now)) app.jobs.declare(job);
}
