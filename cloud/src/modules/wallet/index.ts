/**
 * Wallet: the double-entry credits ledger, wallet operations (transfers, consumptions,
 * payments, typed holds, withdrawals, cash sold at a hub's drawer), offline overdrafts and
 * their debt files, commissions, rates; its periodic jobs.
 */
import fp from 'fastify-plugin';
import type { ModuleOptions } from '../../platform/options.js';
import { walletAdminRoutes } from './admin-routes.js';
import { walletHubOperations } from './hub-operations.js';
import { walletJobs } from './jobs.js';
import { Ledger } from './ledger.js';
import { WalletOperations } from './operations.js';
import { DebtFiles } from './overdraft-files.js';
import { debtRoutes } from './overdraft-routes.js';
import { walletCashRoutes } from './cash-routes.js';
import { walletHoldRoutes } from './hold-routes.js';
import { walletPortalRoutes } from './portal-routes.js';
import { walletRoutes } from './routes.js';
import { statementRoutes } from './statement-routes.js';

export const walletModule = fp<ModuleOptions>(
  async (app, { cloud: options }) => {
    const ledger = new Ledger(options.db, options.ledger);
    const operations = new WalletOperations(options.db, ledger);
    const debts = new DebtFiles(options.db, operations);
    app.decorate('wallet', { ledger, operations, debts });
    await app.register(walletRoutes(options.db, operations));
    await app.register(walletPortalRoutes(options.db, operations));
    await app.register(walletHoldRoutes(options.db, operations));
    await app.register(walletCashRoutes(options.db, operations));
    await app.register(walletAdminRoutes(options.db, ledger, operations));
    await app.register(debtRoutes(debts));
    // A sales rep's partners and monthly commission statements (issue 23).
    await app.register(statementRoutes(options.db));
    const jobs = walletJobs({
      db: options.db,
      ledger,
      operations,
      debts,
      creditExpiryDays: options.creditExpiryDays ?? 0,
      sweepMs: options.walletSweepMs ?? 5_000,
    });
    for (const job of jobs) app.jobs.declare(job);
    // Cash sold at counters, when this cloud takes hubs.
    if (app.hasDecorator('hubOperations'))
      app.hubOperations.register(walletHubOperations({ db: options.db, ops: operations }));
    // After the platform's preClose stopped the jobs: what is queued in the ledger is written.
    app.addHook('onClose', async () => ledger.drain());
  },
  { name: 'wallet', dependencies: ['identity'] },
);
