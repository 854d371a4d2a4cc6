/**
 * Bank reconciliation (issue 27, SPEC 3.14): bank statements imported (CSV with a saved column mapping per bank, ISO
 * 20022 camt.053), explained match suggestions against ledger movements and invoices, accept, split or dispute, and a
 * report per statement.
 */
import fp from 'fastify-plugin';
import type { ModuleOptions } from '../../platform/options.js';
import { BankLineActions } from './line-actions.js';
import { bankRoutes } from './routes.js';
import { BankStatements } from './statements.js';

export const bankReconciliationModule = fp<ModuleOptions>(
  async (app, { cloud: options }) => {
    // The demo's test clock dates history events, like every other business decision about time.
    const now = options.testClock?.now ?? (() => new Date());
    const statements = new BankStatements(options.db);
    await app.register(bankRoutes(options.db, statements, new BankLineActions(options.db, now)));
  },
  { name: 'bank-reconciliation', dependencies: ['identity', 'wallet', 'invoicing', 'documents'] },
);
