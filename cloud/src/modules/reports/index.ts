/**
 * Reports (issue 27): money flows, commissions, wallets, activity, invoices and taxes, debt recovery, by period,
 * module and profile scope, as PDF, XLSX or CSV; big ones as export jobs; saved reports sent by e-mail on a schedule.
 */
import fp from 'fastify-plugin';
import type { ModuleOptions } from '../../platform/options.js';

export const reportsModule = fp<ModuleOptions>(
  async (app, { cloud: options }) => {
    void app;
    void options;
  },
  { name: 'reports', dependencies: ['identity', 'wallet', 'invoicing', 'documents'] },
);
