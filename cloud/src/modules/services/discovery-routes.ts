/** Placeholder while the discovery routes (profiles, search, slots, photos) are written; replaced by their author. */
import type { FastifyInstance } from 'fastify';
import type { Database } from '../../platform/db/database.js';

export function servicesDiscoveryRoutes(db: Database) {
  return async (instance: FastifyInstance): Promise<void> => {
    void db;
    void instance;
  };
}
