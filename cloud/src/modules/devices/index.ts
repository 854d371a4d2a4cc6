/**
 * Devices: partners' shop devices as the cloud sees them (registry, states, events from hubs) and their webhook
 * subscriptions, and GPS trackers' positions (a partner's track map).
 */
import fp from 'fastify-plugin';
import type { ModuleOptions } from '../../platform/options.js';
import { deviceHubOperations } from './hub-operations.js';
import { cloudDeviceRoutes } from './routes.js';
import { webhookLogRoutes } from './webhook-log-routes.js';
import { positionHubOperations, purgeOldPositions } from './position-operations.js';
import { deviceTrackRoutes } from './track-routes.js';

export const devicesModule = fp<ModuleOptions>(
  async (app, { cloud: options }) => {
    await app.register(cloudDeviceRoutes(options.db, app.webhooks));
    await app.register(webhookLogRoutes(options.db));
    await app.register(deviceTrackRoutes(options.db));
    if (app.hasDecorator('hubOperations')) {
      for (const handler of deviceHubOperations({ db: options.db, webhooks: app.webhooks }))
        app.hubOperations.register(handler);
      for (const handler of positionHubOperations({ db: options.db })) app.hubOperations.register(handler);
    }
    // Trackers' positions are kept 30 days (issue 28.7).
    app.jobs.declare({
      name: 'devices.purge-positions',
      everyMs: 3_600_000,
      timeoutMs: 120_000,
      run: () => purgeOldPositions(options.db),
    });
  },
  { name: 'devices', dependencies: ['identity', 'webhooks'] },
);
