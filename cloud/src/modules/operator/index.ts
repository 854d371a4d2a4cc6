/**
 * The operator's routes (the `ismail` CLI, operator token): accounts, cards, ledger and audit checks, invoice archives,
 * across modules; and the admins' portal screens that span modules (users, hubs, rates, the ledger check's runs).
 */
import fp from 'fastify-plugin';
import type { ModuleOptions } from '../../platform/options.js';
import { adminUserRoutes } from '../identity/admin-users-routes.js';
import { archiveDirOf } from '../invoicing/index.js';
import { adminRatesRoutes } from '../wallet/admin-rates-routes.js';
import { ledgerCheckJob } from '../wallet/ledger-check-runs.js';
import { ledgerCheckRoutes } from '../wallet/ledger-check-routes.js';
import { adminHubRoutes } from './admin-hubs-routes.js';
import { adminBrowseRoutes } from './admin-routes.js';
import { operatorInvoiceRoutes } from './invoice-routes.js';
import { operatorRoutes } from './routes.js';
import { testClockRoutes } from './test-clock-routes.js';

export const operatorModule = fp<ModuleOptions>(
  async (app, { cloud: options }) => {
    const { keyring, documents } = app.platform;
    await app.register(operatorRoutes(options.db, keyring, app.cards, documents));
    await app.register(adminBrowseRoutes(options.db));
    await app.register(operatorInvoiceRoutes(options.db, { masterKey: options.masterKey, dir: archiveDirOf(options) }));
    // Issue 23's admin screens: they need cards (suspension), hubs and the wallet, all registered before this module.
    await app.register(adminUserRoutes(options.db, app.cards));
    await app.register(adminHubRoutes(options.db));
    await app.register(adminRatesRoutes(options.db));
    await app.register(ledgerCheckRoutes(options.db));
    app.jobs.declare(ledgerCheckJob(options.db));
    if (options.testClock !== undefined) await app.register(testClockRoutes(options.db, options.testClock));
  },
  { name: 'operator', dependencies: ['identity', 'cards', 'wallet', 'invoicing'] },
);
