/**
 * Hubs: registry and pairing, signed policies and ceilings, the signed push of hub
 * operations (claims the cloud verifies), shape feeds, staff sign-in at a hub, card photos
 * and balances for cards presented there; the operator's hub tools.
 *
 * It holds the registry of hub operations (`app.hubOperations`): a module registered after it
 * registers the handlers of the operation types it owns (wallet, shop, devices); a type
 * whose module is absent is refused, not lost (the hub keeps it as a dead letter).
 */
import fp from 'fastify-plugin';
import type { ModuleOptions } from '../../platform/options.js';
import { cashSessionOperations } from './hub-operations.js';
import { HubOperationRegistry } from './operation-registry.js';
import { hubAdminRoutes } from './admin-routes.js';
import { hubCounterRoutes } from './counter-routes.js';
import { operatorHubRoutes } from './operator-routes.js';
import { partnerRoutes } from './partner-routes.js';
import { hubRoutes } from './routes.js';
import { HubSync } from './sync-push.js';
import { hubTerminalRoutes } from './terminal-routes.js';
import { hubCustomerLookupRoutes } from './customer-lookup-routes.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** Where modules register how they apply their hub operations (present with the hubs module). */
    hubOperations: HubOperationRegistry;
  }
}

export const hubsModule = fp<ModuleOptions>(
  async (app, { cloud: options }) => {
    const { keyring, documents } = app.platform;
    const registry = new HubOperationRegistry();
    registry.register(cashSessionOperations({ db: options.db }));
    app.decorate('hubOperations', registry);
    const sync = new HubSync(options.db, registry);
    app.addHook('onClose', () => sync.close());
    await app.register(hubRoutes(options.db, sync, keyring, options.config?.ELECTRIC_URL));
    await app.register(hubAdminRoutes(options.db));
    await app.register(hubCounterRoutes(options.db, keyring, options.masterKey, documents));
    await app.register(operatorHubRoutes(options.db));
    await app.register(partnerRoutes(options.db));
    await app.register(hubTerminalRoutes(options.db));
    await app.register(hubCustomerLookupRoutes(options.db, options.masterKey));
  },
  { name: 'hubs', dependencies: ['identity'] },
);
