/**
 * The reading side of Real estate (issue 25): search, the listing page and its contact, saved searches with their
 * alerts job, the owner's statistics and the map tiles archive. Registered by the module (index.ts) in one call.
 */
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { CloudAppOptions } from '../../platform/options.js';
import { servicesNotifier } from '../services/notify.js';
import { listingReadRoutes } from './listing-read-routes.js';
import { savedSearchRoutes } from './saved-search-routes.js';
import { sendSearchAlerts } from './saved-search.js';
import { realEstateSearchRoutes } from './search-routes.js';
import { statsRoutes } from './stats-routes.js';
import { tilesRoutes } from './tiles-routes.js';
import { TilesArchive } from './tiles.js';

export async function registerRealEstateSearch(app: FastifyInstance, options: CloudAppOptions): Promise<void> {
  const { db } = options;
  await app.register(realEstateSearchRoutes(db));
  await app.register(listingReadRoutes(db));
  await app.register(savedSearchRoutes(db));
  await app.register(statsRoutes(db));
  // Made at first use beside the other data (the KYC folder's parent), kept across restarts.
  await app.register(tilesRoutes(new TilesArchive(path.join(path.dirname(options.kycDir), 'real-estate-tiles'))));
  const notifier = servicesNotifier(
    app.notifications.service,
    options.notifications?.publicUrl ?? 'http://127.0.0.1:8080',
  );
  app.jobs.declare({
    name: 'real-estate.search-alerts',
    everyMs: 300_000,
    timeoutMs: 240_000,
    run: () => sendSearchAlerts(db, notifier, new Date()),
  });
}
