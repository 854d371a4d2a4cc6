/**
 * Several registers on one hub (issue 28.1): the LAN listener over HTTPS (certificate from the
 * hub's own CA), terminal pairing and per-terminal sessions and invoice series. Wired from
 * app.ts once the counter's services and desks exist.
 */
import type { FastifyInstance } from 'fastify';
import type { HubAppOptions } from '../http/app.js';
import type { HubDesks, HubPrinting, HubSyncServices } from '../http/app-services.js';
import type { Scheduler } from '../platform/scheduler.js';

export interface HubWiringSources {
  readonly services: HubSyncServices;
  readonly desks: HubDesks;
  readonly printing: HubPrinting;
  readonly scheduler: Scheduler;
}

export async function wireLanTerminals(
  _app: FastifyInstance,
  _options: HubAppOptions,
  _sources: HubWiringSources,
): Promise<void> {
  // Filled by the LAN terminals work.
}
