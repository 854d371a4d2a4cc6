/**
 * Debt collection (Recouvrement, seed 3.2.5 and figure 6, issue 26): debt files from every source (a late rent, an
 * overdue invoice, an offline overdraft, a manual entry, an import), the creditor's reminder scenarios run by an
 * engine that keeps to ISMAIL's contact policy, payments from the wallet with the module's commission, promises,
 * payment plans and disputes, the creditor's dashboard and accounting exports.
 */
import fp from 'fastify-plugin';
import type { ModuleOptions } from '../../platform/options.js';
import { registerDebtEngine } from './engine-module.js';
import { registerDebtFiles } from './files-module.js';
import { registerDebtLifecycle } from './lifecycle-module.js';
import { registerDebtPayments } from './payments-module.js';
import { registerDebtReports } from './reports-module.js';

export const debtCollectionModule = fp<ModuleOptions>(
  async (app, { cloud: options }) => {
    const publicUrl = options.notifications?.publicUrl ?? 'http://127.0.0.1:8080';
    await registerDebtFiles(app, options, publicUrl);
    await registerDebtPayments(app, options, publicUrl);
    await registerDebtLifecycle(app, options, publicUrl);
    await registerDebtEngine(app, options, publicUrl);
    await registerDebtReports(app, options, publicUrl);
  },
  { name: 'debt-collection', dependencies: ['identity', 'wallet', 'notifications', 'invoicing'] },
);
