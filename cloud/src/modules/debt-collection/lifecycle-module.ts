/** Debt collection, the lifecycle part (promises, plans, disputes, tasks, letters, legal, prescription). */
import type { FastifyInstance } from 'fastify';
import type { CloudAppOptions } from '../../platform/options.js';

export async function registerDebtLifecycle(
  app: FastifyInstance,
  options: CloudAppOptions,
  publicUrl: string,
): Promise<void> {
  void app;
  void options;
  void publicUrl;
  await Promise.resolve();
}
