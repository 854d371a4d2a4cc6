/** The listings' write side of the Real estate module: routes, photos, moderation and jobs; registered by index.ts. */
import type { FastifyInstance } from 'fastify';
import type { CloudAppOptions } from '../../platform/options.js';
import { RealEstateListings } from './listing-flows.js';
import { listingJobs } from './listing-jobs.js';
import { listingRoutes } from './listing-routes.js';
import { ListingModeration } from './moderation.js';
import { moderationRoutes } from './moderation-routes.js';
import { listingPhotoRoutes } from './photo-routes.js';

export async function registerListings(
  app: FastifyInstance,
  options: CloudAppOptions,
  publicUrl: string,
): Promise<void> {
  const now = options.testClock?.now ?? (() => new Date());
  const listings = new RealEstateListings(options.db, app.wallet.operations, app.notifications.service, publicUrl, now);
  await app.register(listingRoutes(options.db, listings));
  await app.register(listingPhotoRoutes(options.db, listings));
  await app.register(moderationRoutes(options.db, new ListingModeration(options.db, listings.publication)));
  for (const job of listingJobs(options.db, listings.publication.notifier, now)) app.jobs.declare(job);
}
