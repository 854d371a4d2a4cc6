/**
 * Support tickets (issue 27, seed 13.2.3): claims about an order, a booking, a service, an invoice, a debt file or a
 * card, one thread per customer across the portal and e-mail, SLA per category with escalation to Admin then Super
 * Admin, internal notes, satisfaction at close.
 */
import fp from 'fastify-plugin';
import type { ModuleOptions } from '../../platform/options.js';
import type { SupportContext } from './context.js';
import { escalateDue } from './escalation.js';
import { supportAdminRoutes } from './admin-routes.js';
import { inboundMailRoutes } from './inbound-routes.js';
import { supportRoutes } from './routes.js';

export interface SupportOptions {
  /** The mail gateway's secret for POST /v1/support/inbound-mail; default SUPPORT_INBOUND_SECRET. */
  readonly inboundSecret?: string;
  /** The domain of support+<token>@ addresses; default the notification sender's domain. */
  readonly mailDomain?: string;
}

declare module '../../platform/options.js' {
  interface CloudAppOptions {
    /** Support tickets' inbound mail (issue 27). */
    readonly support?: SupportOptions;
  }
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Tests and the demo run the escalation job's work directly. */
    support: { escalateOnce: () => Promise<{ escalated: number }> };
  }
}

/** The demo's secret, shared with the SMTP simulator's forwarder when nothing is configured (ISMAIL_DEMO only). */
export const demoInboundSecret = 'ismail-demo-inbound-mail';
/** Deadlines are hours: a minute is soon enough; with the demo's test clock, browser tests should not wait a minute. */
const runEveryMs = 60_000;
const testClockRunEveryMs = 5_000;

export const supportModule = fp<ModuleOptions>(
  async (app, { cloud: options }) => {
    const sender = options.config?.NOTIFY_EMAIL_FROM ?? 'ISMAIL <no-reply@ismail.ci>';
    const mailDomain = options.support?.mailDomain ?? /@([^>\s]+)>?\s*$/.exec(sender)?.[1] ?? 'ismail.ci';
    const secret =
      options.support?.inboundSecret ??
      process.env.SUPPORT_INBOUND_SECRET ??
      (options.config?.ISMAIL_DEMO === true ? demoInboundSecret : undefined);
    const context: SupportContext = {
      db: options.db,
      now: options.testClock?.now ?? (() => new Date()),
      publicUrl: options.notifications?.publicUrl ?? 'http://127.0.0.1:8080',
      mailDomain,
      notifications: app.notifications.service,
      documents: () => app.documents,
    };
    await app.register(supportRoutes(context));
    await app.register(supportAdminRoutes(context));
    await app.register(inboundMailRoutes(context, secret));
    app.decorate('support', { escalateOnce: () => escalateDue(context) });
    app.jobs.declare({
      name: 'support.escalate',
      everyMs: options.testClock === undefined ? runEveryMs : testClockRunEveryMs,
      timeoutMs: 120_000,
      run: () => escalateDue(context),
    });
  },
  { name: 'support', dependencies: ['identity', 'notifications', 'documents'] },
);
