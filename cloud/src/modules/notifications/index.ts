/**
 * Notifications: events become in-app, email, SMS and push messages (queued on the
 * platform's pg-boss), preferences and consent, the live WebSocket; the feeder turns audit
 * and ledger entries into events every second.
 */
import fp from 'fastify-plugin';
import type { ModuleOptions } from '../../platform/options.js';
import { NotificationFeeder } from './feeder.js';
import { notificationLinkKey } from './from-config.js';
import { notificationRoutes } from './routes.js';
import { NotificationService } from './service.js';

const feedEveryMs = 1_000;

export const notificationsModule = fp<ModuleOptions>(
  async (app, { cloud: options }) => {
    const publicUrl = options.notifications?.publicUrl ?? 'http://127.0.0.1:8080';
    const service = new NotificationService(options.db, {
      channels: {},
      ...options.notifications,
      queues: app.platform.queues,
      publicUrl,
      linkKey: notificationLinkKey(options.masterKey),
      onError: (error) => app.log.warn({ err: error }, 'notification queue error'),
    });
    const feeder = new NotificationFeeder(options.db, service);
    app.decorate('notifications', { service, feeder });
    // Browsers register push endpoints on the services the push channel takes (the known ones unless configured).
    const push = options.notifications?.channels.push;
    await app.register(
      notificationRoutes(
        options.db,
        app.platform.keyring,
        service,
        options.notifications?.vapidPublicKey ?? null,
        push?.addressProblem?.bind(push),
      ),
    );
    app.jobs.declare({
      name: 'notifications.feed',
      everyMs: feedEveryMs,
      timeoutMs: 60_000,
      run: (signal) => feeder.tick(signal),
    });
    // After the platform's preClose stopped the queues (sends in progress finished): the channels close.
    app.addHook('onClose', async () => service.stop());
  },
  { name: 'notifications', dependencies: ['identity'] },
);
