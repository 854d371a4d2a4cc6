/**
 * Leases and rent in the real estate module (issue 25): the lease flows and their routes, rent payments and the rent
 * jobs (reminders, late dues opening one debt-collection file each), registered by index.ts in one line.
 */
import type { FastifyInstance } from 'fastify';
import type { CloudAppOptions } from '../../platform/options.js';
import { LeaseFlows } from './lease-flows.js';
import { leaseRoutes } from './lease-routes.js';
import { rentJobs } from './rent-jobs.js';
import { RentPayments } from './rent-payments.js';
import { rentRoutes } from './rent-routes.js';

export async function registerLeases(app: FastifyInstance, options: CloudAppOptions, publicUrl: string): Promise<void> {
  const { db } = options;
  // The demo's test clock when there is one (browser tests), real time otherwise.
  const flows = new LeaseFlows(db, app.notifications.service, publicUrl, options.testClock?.now ?? (() => new Date()));
  await app.register(leaseRoutes(db, flows));
  await app.register(rentRoutes(db, new RentPayments(db, app.wallet.operations, flows)));
  for (const job of rentJobs(db, flows)) app.jobs.declare(job);
}
