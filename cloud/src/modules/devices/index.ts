/**
 * Devices: partners' shop devices as the cloud sees them (registry, states, events from hubs) and their webhook
 * subscriptions.
 */
import fp from 'fastify-plugin';
import type { ModuleOptions } from '../../platform/options.js';
import { deviceHubOperations } from './hub-operations.js';
import { cloudDeviceRoutes } from './routes.js';
import { webhookLogRoutes } from './webhook-log-routes.js';

export const devicesModule = fp<ModuleOptions>(
  async (app, { cloud: options }) => {
    await app.register(cloudDeviceRoutes(options.db, app.webhooks));
    await app.register(webhookLogRoutes(options.db));
    if (app.hasDecorator('hubOperations'))
      for (const handler of deviceHubOperations({ db: options.db, webhooks: app.webhooks }))
        app.hubOperations.register(handler);
  },
  { name: 'devices', dependencies: ['identity', 'webhooks'] },
);
