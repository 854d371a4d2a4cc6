/**
 * Shop: the partners' catalog and stock, checkout on a typed wallet hold, orders, reviews, listing fees; counter sales
 * arrive from hubs (hubs module).
 */
import fp from 'fastify-plugin';
import type { ModuleOptions } from '../../platform/options.js';
import { shopHubOperations } from './hub-operations.js';
import { shopJobs } from './jobs.js';
import { shopRoutes } from './routes.js';
import { ShopService } from './shop.js';

export const shopModule = fp<ModuleOptions>(
  async (app, { cloud: options }) => {
    const shop = new ShopService(options.db, app.wallet.operations);
    app.decorate('shop', shop);
    await app.register(shopRoutes(options.db, shop));
    for (const job of shopJobs(shop)) app.jobs.declare(job);
    // Counter sales, credit notes and stock scans, when this cloud takes hubs.
    if (app.hasDecorator('hubOperations')) {
      const { keyring } = app.platform;
      const webhooks = app.hasDecorator('webhooks') ? app.webhooks : undefined;
      const deps = {
        db: options.db,
        ops: app.wallet.operations,
        shop,
        cardKeys: () => keyring.publicKeys('card'),
        ...(webhooks === undefined ? {} : { webhooks }),
      };
      for (const handler of shopHubOperations(deps)) app.hubOperations.register(handler);
    }
  },
  { name: 'shop', dependencies: ['identity', 'wallet'] },
);
