/**
 * Webhooks: partners' subscriptions to device events, deliveries queued with the event and posted signed, with claims
 * across processes.
 */
import fp from 'fastify-plugin';
import type { ModuleOptions } from '../../platform/options.js';
import { Webhooks, webhookJobs } from './webhooks.js';

/** Deliveries due are looked for this often, in every process. */
const deliverEveryMs = 2_000;

export const webhooksModule = fp<ModuleOptions>(
  async (app, { cloud: options }) => {
    const webhooks = new Webhooks(options.db, options.masterKey, {
      allowPrivateHosts: options.webhooksAllowPrivateHosts ?? [],
    });
    app.decorate('webhooks', webhooks);
    for (const job of webhookJobs(webhooks, deliverEveryMs)) app.jobs.declare(job);
  },
  { name: 'webhooks', dependencies: ['identity'] },
);
