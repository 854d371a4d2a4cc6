/** Debt collection, part B (scenarios, reminder engine, opt-outs): registered by index.ts in one line. */
import type { FastifyInstance } from 'fastify';
import type { CloudAppOptions } from '../../platform/options.js';

export async function registerDebtEngine(
  app: FastifyInstance,
  options: CloudAppOptions,
  publicUrl: string,
): Promise<void> {
  void app;
  void options;
  void publicUrl;
  await Promise.resolve();
}
