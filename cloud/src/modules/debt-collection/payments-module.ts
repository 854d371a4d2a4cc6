/** Debt collection, part C1 (payments from the wallet, reconciliation): registered by index.ts in one line. */
import type { FastifyInstance } from 'fastify';
import type { CloudAppOptions } from '../../platform/options.js';

export async function registerDebtPayments(
  app: FastifyInstance,
  options: CloudAppOptions,
  publicUrl: string,
): Promise<void> {
  void app;
  void options;
  void publicUrl;
  await Promise.resolve();
}
