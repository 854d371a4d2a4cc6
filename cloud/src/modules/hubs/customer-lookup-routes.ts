/**
 * Customer lookup for a hub's counter (issue 28.4), by ISMAIL ID or phone number: filled by the
 * customer lookup work.
 */
import type { FastifyInstance } from 'fastify';
import type { Database } from '../../platform/db/database.js';

export function hubCustomerLookupRoutes(_db: Database) {
  return async (_app: FastifyInstance): Promise<void> => {
    // Filled by the customer lookup work.
  };
}
