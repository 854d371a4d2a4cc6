/**
 * Leases and rent in the real estate module (issue 25): the lease flows and their routes, rent payments and the rent
 * jobs (reminders, late dues opening one debt-collection file each), registered by index.ts in one line.
 */
import type { FastifyInstance } from 'fastify';
import type { Database } from '../../platform/db/database.js';
import { LeaseFlows } from './lease-flows.js';
import { leaseRoutes } from './lease-routes.js';
import { rentJobs } from './rent-jobs.js';
import { RentPayments } from './rent-payments.js';
import { rentRoutes } from './rent-routes.js';

export async function registerLeases(app: FastifyInstance, db: Database, publicUrl: string): Promise<void> {
  const flows = new LeaseFlows(db, app.notifications.service, publicUrl);
  await app.register(leaseRoutes(db, flows));
  await app.register(rentRoutes(db, new RentPayments(db, app.wallet.operations, flows)));
  for (const job of rentJobs(db, flows)) app.jobs.declare(job);
}
