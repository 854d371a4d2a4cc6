/**
 * Services (SPEC 3.13, seed 3.2.1, issue 24): providers found by category, place and keyword; quote requests, quotes
 * and appointments without double booking; the client's payment held in escrow until the work is confirmed or
 * auto-released; messages, reviews and disputes.
 */
import fp from 'fastify-plugin';
import type { ModuleOptions } from '../../platform/options.js';
import { servicesConversationRoutes } from './conversation-routes.js';
import { servicesDiscoveryRoutes } from './discovery-routes.js';

export const servicesModule = fp<ModuleOptions>(
  async (app, { cloud: options }) => {
    await app.register(servicesDiscoveryRoutes(options.db));
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
