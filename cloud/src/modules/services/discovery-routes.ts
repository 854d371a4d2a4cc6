/**
 * The Services discovery routes (issue 24 items 1–3, api contract [D]): categories, search and public profiles, free
 * slots, photos, and the provider's own profile, availability and offers. Each group is its own encapsulated plugin
 * (the provider routes' partner check and the photo body parser stay within theirs).
 */
import type { FastifyInstance } from 'fastify';
import type { Database } from '../../platform/db/database.js';
import { servicesPhotoRoutes } from './photo-routes.js';
import { servicesProfileRoutes } from './profile-routes.js';
import { servicesSearchRoutes } from './search-routes.js';
import { servicesSlotsRoutes } from './slots-routes.js';

export function servicesDiscoveryRoutes(db: Database) {
  return async (instance: FastifyInstance): Promise<void> => {
    await instance.register(servicesSearchRoutes(db));
    await instance.register(servicesSlotsRoutes(db));
    await instance.register(servicesPhotoRoutes(db));
    await instance.register(servicesProfileRoutes(db));
  };
}
