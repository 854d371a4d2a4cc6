/**
 * Bank reconciliation (issue 27, SPEC 3.14): bank statements imported (CSV with a saved column mapping per bank, ISO
 * 20022 camt.053), explained match suggestions against ledger movements and invoices, accept, split or dispute, and a
 * report per statement.
 */
import fp from 'fastify-plugin';
import type { ModuleOptions } from '../../platform/options.js';

export const bankReconciliationModule = fp<ModuleOptions>(
  async (app, { cloud: options }) => {
    void app;
    void options;
  },
  { name: 'bank-reconciliation', dependencies: ['identity', 'wallet', 'invoicing', 'documents'] },
);
