/**
 * Services (SPEC 3.13, seed 3.2.1, issue 24): providers found by category, place and keyword; quote requests, quotes
 * and appointments without double booking; the client's payment held in escrow until the work is confirmed or
 * auto-released; messages, reviews and disputes.
 */
import fp from 'fastify-plugin';
import type { ModuleOptions } from '../../platform/options.js';
import { servicesConversationRoutes } from './conversation-routes.js';
import { servicesDiscoveryRoutes } from './discovery-routes.js';
import { adminDisputeRoutes } from './admin-dispute-routes.js';
import { appointmentRoutes } from './appointment-routes.js';
import { serviceRequestRoutes } from './flow-routes.js';
import { ServicesFlows } from './flows.js';
import { servicesJobs } from './jobs.js';

export const servicesModule = fp<ModuleOptions>(
  async (app, { cloud: options }) => {
    const flows = new ServicesFlows(
      options.db,
      app.wallet.operations,
      app.notifications.service,
      options.notifications?.publicUrl ?? 'http://127.0.0.1:8080',
      options.testClock?.now ?? (() => new Date()),
      app.log,
    );
    app.decorate('services', flows);
    await app.register(servicesDiscoveryRoutes(options.db));
    await app.register(serviceRequestRoutes(options.db, flows));
    await app.register(appointmentRoutes(options.db, flows));
    await app.register(adminDisputeRoutes(options.db, flows));
    for (const job of servicesJobs(options.db, flows.escrow, flows.notifier)) app.jobs.declare(job);
    await app.register(
      servicesConversationRoutes(
        options.db,
        app.notifications.service,
        options.notifications?.publicUrl ?? 'http://127.0.0.1:8080',
      ),
    );
  },
  { name: 'services', dependencies: ['identity', 'wallet', 'notifications', 'invoicing'] },
);
