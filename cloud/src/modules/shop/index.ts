/**
 * Shop: the partners' catalog and stock, checkout on a typed wallet hold, orders, reviews, listing fees; counter sales
 * arrive from hubs (hubs module).
 */
import fp from 'fastify-plugin';
import type { ModuleOptions } from '../../platform/options.js';
import { shopBuyerRoutes } from './buyer-routes.js';
import { fulfilmentRoutes } from './fulfilment-routes.js';
import { catalogRoutes } from './catalog-routes.js';
import { CatalogService } from './catalog-service.js';
import { catalogTransferRoutes } from './catalog-transfer-routes.js';
import { catalogPhotoRoutes } from './catalog-photos.js';
import { shopHubOperations } from './hub-operations.js';
import { shopJobs } from './jobs.js';
import { shopRoutes } from './routes.js';
import { reviewInvitation } from './review-invitation.js';
import { ShopService } from './shop.js';

export const shopModule = fp<ModuleOptions>(
  async (app, { cloud: options }) => {
    const shop = new ShopService(options.db, app.wallet.operations);
    app.decorate('shop', shop);
    await app.register(shopRoutes(options.db, shop));
    await app.register(shopBuyerRoutes(options.db, shop));
    // The partner's catalog as the portal edits it (issue 23).
    await app.register(catalogRoutes(options.db, new CatalogService(options.db)));
    await app.register(catalogTransferRoutes(options.db));
    await app.register(catalogPhotoRoutes(options.db));
    // A delivered order invites its buyer to review it (notification written with the status change).
    const invite = reviewInvitation(
      app.notifications.service,
      options.notifications?.publicUrl ?? 'http://127.0.0.1:8080',
    );
    shop.onDelivered(invite);
    // The partner's orders to fulfil (issue 23): delivering there invites the same way.
    await app.register(fulfilmentRoutes(options.db, shop, invite));
    for (const job of shopJobs(shop)) app.jobs.declare(job);
    // Counter sales, credit notes and stock scans, when this cloud takes hubs.
    if (app.hasDecorator('hubOperations')) {
      const { keyring } = app.platform;
      const webhooks = app.hasDecorator('webhooks') ? app.webhooks : undefined;
      const deps = {
        db: options.db,
        ops: app.wallet.operations,
        shop,
        cardKeys: (token: string) => keyring.publicKeys('card', token),
        ...(webhooks === undefined ? {} : { webhooks }),
      };
      for (const handler of shopHubOperations(deps)) app.hubOperations.register(handler);
    }
  },
  { name: 'shop', dependencies: ['identity', 'wallet', 'notifications'] },
);
