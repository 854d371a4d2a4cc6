/**
 * The cards' hub operation, registered once the hubs module has its registry: cards come before
 * hubs in the module order (hubs verify cards), so this small plugin follows hubs instead.
 */
import fp from 'fastify-plugin';
import type { ModuleOptions } from '../../platform/options.js';
import { cardHubOperations } from './hub-operations.js';

export const cardChecksModule = fp<ModuleOptions>(
  async (app, { cloud: options }) => {
    app.hubOperations.register(cardHubOperations({ db: options.db, keyring: app.platform.keyring }));
  },
  { name: 'card-checks', dependencies: ['cards', 'hubs'] },
);
