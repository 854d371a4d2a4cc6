/**
 * Hub alerts (issue 28.5): incidents opened from a hub's reported health (outbox older than a
 * threshold, dead letters, stale revocation list, clock off, printer out of paper) or its
 * silence; the establishment's manager and the agency chief are notified once per incident and
 * again when it clears.
 */
import fp from 'fastify-plugin';
import type { ModuleOptions } from '../../platform/options.js';
import type { IncidentContext } from './incidents.js';
import { hubAlertRoutes } from './routes.js';
import { checkSilentHubs } from './silence.js';
import { defaultHubAlertThresholds, type HubAlertThresholds } from './thresholds.js';

declare module 'fastify' {
  interface FastifyInstance {
    hubAlerts: {
      readonly thresholds: HubAlertThresholds;
      /** The silence check the job runs (tests call it after moving the clock). */
      checkSilentHubs(): Promise<{ opened: number; closed: number }>;
    };
  }
}

export const hubAlertsModule = fp<ModuleOptions>(
  async (app, { cloud: options }) => {
    const thresholds: HubAlertThresholds = { ...defaultHubAlertThresholds, ...options.hubAlerts };
    const now = (): Date => options.testClock?.now() ?? new Date();
    const publicUrl = options.notifications?.publicUrl ?? 'http://127.0.0.1:8080';
    const context: IncidentContext = {
      notifications: app.notifications.service,
      link: `${publicUrl.replace(/\/$/, '')}/partner/hubs`,
    };
    await app.register(hubAlertRoutes(options.db, context, thresholds, now));
    const check = () => checkSilentHubs(options.db, context, thresholds.silentAfterS, now());
    app.decorate('hubAlerts', { thresholds, checkSilentHubs: check });
    app.jobs.declare({
      name: 'hub-alerts.silence',
      everyMs: thresholds.silenceCheckEveryMs,
      timeoutMs: 60_000,
      run: () => check(),
    });
  },
  { name: 'hub-alerts', dependencies: ['hubs', 'notifications'] },
);
