/**
 * Leases and rent in the real estate module (issue 25): the lease flows and their routes, rent payments and the rent
 * jobs (reminders, late dues opening one debt-collection file each), registered by index.ts in one line.
 */
import type { FastifyInstance } from 'fastify';
import type { Database } from '../../platform/db/database.js';
import { LeaseFlows } from './lease-flows.js';
import { leaseRoutes } from './lease-routes.js';

export async function registerLeases(app: FastifyInstance, db: Database, publicUrl: string): Promise<void> {
  const flows = new LeaseFlows(db, app.notifications.service, publicUrl);
  await app.register(leaseRoutes(db, flows));
}
