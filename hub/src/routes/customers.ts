/**
 * Customer lookup at the counter (issue 28.4): by typed ISMAIL ID (look-alikes normalised) or
 * phone number, for top-ups and for showing a client's card. Schemas: shared/src/hub-api/customers.ts.
 */
import type { FastifyInstance } from 'fastify';
import type { HubWiringSources } from '../lan/lan-wiring.js';

export function customerRoutes(_sources: HubWiringSources) {
  return async (_instance: FastifyInstance): Promise<void> => {
    // Filled by the customer lookup work.
  };
}
