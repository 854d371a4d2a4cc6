/**
 * Support tickets (issue 27, seed 13.2.3): claims about an order, a booking, a service, an invoice, a debt file or a
 * card, one thread per customer across the portal and e-mail, SLA per category with escalation to Admin then Super
 * Admin, internal notes, satisfaction at close.
 */
import fp from 'fastify-plugin';
import type { ModuleOptions } from '../../platform/options.js';

export const supportModule = fp<ModuleOptions>(
  async (app, { cloud: options }) => {
    void app;
    void options;
  },
  { name: 'support', dependencies: ['identity', 'notifications', 'documents'] },
);
