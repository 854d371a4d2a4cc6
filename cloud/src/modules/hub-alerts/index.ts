/**
 * Hub alerts (issue 28.5): incidents opened from a hub's reported health (outbox older than a
 * threshold, dead letters, stale revocation list, clock off, printer out of paper) or its
 * silence; the establishment's manager and the agency chief are notified once per incident and
 * again when it clears.
 */
import fp from 'fastify-plugin';
import type { ModuleOptions } from '../../platform/options.js';

export const hubAlertsModule = fp<ModuleOptions>(
  async () => {
    // Filled by the alerts work.
  },
  { name: 'hub-alerts', dependencies: ['hubs', 'notifications'] },
);
