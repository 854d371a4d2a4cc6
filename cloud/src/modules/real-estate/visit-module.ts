/** The visits part of the Real estate module: slots, visits, the reminder job; registered by the module plugin. */
import type { FastifyInstance } from 'fastify';
import type { Database } from '../../platform/db/database.js';
import { servicesNotifier } from '../services/notify.js';
import { VisitSlots } from './slots.js';
import { slotRoutes } from './slot-routes.js';
import { visitJobs } from './visit-jobs.js';
import { visitRoutes } from './visit-routes.js';
import { RealEstateVisits } from './visits.js';

export async function registerVisits(app: FastifyInstance, db: Database, publicUrl: string): Promise<void> {
  const notifier = servicesNotifier(app.notifications.service, publicUrl);
  const now = () => new Date();
  await app.register(slotRoutes(db, new VisitSlots(db, now)));
  await app.register(visitRoutes(db, new RealEstateVisits(db, notifier, now)));
  for (const job of visitJobs(db, notifier, now)) app.jobs.declare(job);
}
