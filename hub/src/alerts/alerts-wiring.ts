/**
 * Sync health alerts (issue 28.5): the hub reports its health conditions (outbox age, dead
 * letters, revocation list age, clock offset, printers out of paper) to the cloud, which
 * notifies the manager and the agency chief once per incident. Wired from app.ts.
 */
import type { FastifyInstance } from 'fastify';
import type { HubAppOptions } from '../http/app.js';
import type { HubWiringSources } from '../lan/lan-wiring.js';

export async function wireHealthAlerts(
  _app: FastifyInstance,
  _options: HubAppOptions,
  _sources: HubWiringSources,
): Promise<void> {
  // Filled by the alerts work.
}
