/** Debt collection, part A (reports: dashboard, exports): registered by index.ts in one line. */
import type { FastifyInstance } from 'fastify';
import type { CloudAppOptions } from '../../platform/options.js';

export async function registerDebtReports(
  app: FastifyInstance,
  options: CloudAppOptions,
  publicUrl: string,
): Promise<void> {
  void app;
  void options;
  void publicUrl;
  await Promise.resolve();
}
