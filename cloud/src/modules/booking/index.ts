/**
 * Booking: bookable units, rates and policies, stays held on a typed wallet hold, confirmation, cancellation, arrival
 * reminders.
 */
import fp from 'fastify-plugin';
import type { ModuleOptions } from '../../platform/options.js';
import { BookingService } from './booking.js';
import { bookingBuyerRoutes } from './buyer-routes.js';
import { bookingJobs } from './jobs.js';
import { bookingPartnerRoutes } from './partner-routes.js';
import { bookingRoutes } from './routes.js';

export const bookingModule = fp<ModuleOptions>(
  async (app, { cloud: options }) => {
    const booking = new BookingService(options.db, app.wallet.operations);
    app.decorate('booking', booking);
    await app.register(bookingRoutes(options.db, booking));
    await app.register(bookingBuyerRoutes(options.db, booking));
    await app.register(bookingPartnerRoutes(options.db));
    for (const job of bookingJobs(options.db, booking, app.notifications.service)) app.jobs.declare(job);
  },
  { name: 'booking', dependencies: ['identity', 'wallet', 'notifications'] },
);
