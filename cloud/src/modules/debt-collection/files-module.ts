/**
 * Debt collection, part D (files, import, invoices, agents): the read routes, the creditor's writes and imports.
 * Registered by index.ts in one line. ISMAIL's own overdraft files are opened by the wallet (overdraft-files.ts).
 */
import type { FastifyInstance } from 'fastify';
import type { CloudAppOptions } from '../../platform/options.js';
import { debtFileWriteRoutes } from './file-routes.js';
import { DebtFileWrites } from './file-writes.js';
import { debtImportRoutes } from './import-routes.js';
import { debtFileRoutes } from './routes.js';

export async function registerDebtFiles(
  app: FastifyInstance,
  options: CloudAppOptions,
  publicUrl: string,
): Promise<void> {
  void publicUrl;
  const { db } = options;
  // The demo's test clock when there is one (browser tests), real time otherwise.
  const writes = new DebtFileWrites(db, options.testClock?.now ?? (() => new Date()));
  await app.register(debtFileRoutes(db));
  await app.register(debtFileWriteRoutes(db, writes));
  await app.register(debtImportRoutes(db));
}
