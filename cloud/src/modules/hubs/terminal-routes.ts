/**
 * Terminals of a hub (issue 28.1) as the cloud sees them: filled by the LAN terminals work.
 */
import type { FastifyInstance } from 'fastify';
import type { Database } from '../../platform/db/database.js';

export function hubTerminalRoutes(_db: Database) {
  return async (_app: FastifyInstance): Promise<void> => {
    // Filled by the LAN terminals work.
  };
}
