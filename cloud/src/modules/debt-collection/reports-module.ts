/**
 * Debt collection, part A (reports): the creditor's dashboard, its SYSCOHADA journal as CSV and XLSX, and the accounts
 * that journal uses. Registered by index.ts in one line; the demo's test clock decides "today" when there is one.
 */
import type { FastifyInstance } from 'fastify';
import type { CloudAppOptions } from '../../platform/options.js';
import { reportRoutes } from './report-routes.js';

export async function registerDebtReports(
  app: FastifyInstance,
  options: CloudAppOptions,
  publicUrl: string,
): Promise<void> {
  void publicUrl;
  await app.register(reportRoutes(options.db, options.testClock?.now ?? (() => new Date())));
}
