/** The visits part of the Real estate module: slots, visits, the reminder job; registered by the module plugin. */
import type { FastifyInstance } from 'fastify';
import type { CloudAppOptions } from '../../platform/options.js';
import { servicesNotifier } from '../services/notify.js';
import { VisitSlots } from './slots.js';
import { slotRoutes } from './slot-routes.js';
import { visitJobs } from './visit-jobs.js';
import { visitRoutes } from './visit-routes.js';
import { RealEstateVisits } from './visits.js';

export async function registerVisits(app: FastifyInstance, options: CloudAppOptions, publicUrl: string): Promise<void> {
  const notifier = servicesNotifier(app.notifications.service, publicUrl);
  // A demo cloud's movable clock (ISMAIL_TEST_CLOCK) lets a browser test reach a visit's time without waiting for it.
  const now = options.testClock?.now ?? (() => new Date());
  await app.register(slotRoutes(options.db, new VisitSlots(options.db, now)));
  await app.register(visitRoutes(options.db, new RealEstateVisits(options.db, notifier, now)));
  for (const job of visitJobs(options.db, notifier, now)) app.jobs.declare(job);
}
