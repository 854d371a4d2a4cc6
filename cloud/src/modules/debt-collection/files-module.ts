/** Debt collection, part D (files, import, overdrafts, invoices): registered by index.ts in one line. */
import type { FastifyInstance } from 'fastify';
import type { CloudAppOptions } from '../../platform/options.js';

export async function registerDebtFiles(
  app: FastifyInstance,
  options: CloudAppOptions,
  publicUrl: string,
): Promise<void> {
  void app;
  void options;
  void publicUrl;
  await Promise.resolve();
}
