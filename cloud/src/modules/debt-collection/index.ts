/**
 * Debt collection (Recouvrement, seed 3.2.5, issue 26). For now the files other modules open (an unpaid rent) and
 * their reading by creditor and debtor; issue 26 adds scenarios, reminders, promises, plans and payments against a
 * file.
 */
import fp from 'fastify-plugin';
import type { ModuleOptions } from '../../platform/options.js';
import { debtFileRoutes } from './routes.js';

export const debtCollectionModule = fp<ModuleOptions>(
  async (app, { cloud: options }) => {
    await app.register(debtFileRoutes(options.db));
  },
  { name: 'debt-collection', dependencies: ['identity'] },
);
