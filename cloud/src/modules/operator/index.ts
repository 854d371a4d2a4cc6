/**
 * The operator's routes (the `ismail` CLI, operator token): accounts, cards, ledger and audit checks, invoice archives,
 * across modules.
 */
import fp from 'fastify-plugin';
import type { ModuleOptions } from '../../platform/options.js';
import { archiveDirOf } from '../invoicing/index.js';
import { adminBrowseRoutes } from './admin-routes.js';
import { operatorInvoiceRoutes } from './invoice-routes.js';
import { operatorRoutes } from './routes.js';

export const operatorModule = fp<ModuleOptions>(
  async (app, { cloud: options }) => {
    const { keyring, documents } = app.platform;
    await app.register(operatorRoutes(options.db, keyring, app.cards, documents));
    await app.register(adminBrowseRoutes(options.db));
    await app.register(operatorInvoiceRoutes(options.db, { masterKey: options.masterKey, dir: archiveDirOf(options) }));
  },
  { name: 'operator', dependencies: ['identity', 'cards', 'wallet', 'invoicing'] },
);
