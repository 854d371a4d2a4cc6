/**
 * Payments: buying credits with Wave, MTN MoMo or Orange Money (providers behind one interface), their
 * notifications, settling pending top-ups.
 */
import fp from 'fastify-plugin';
import type { ModuleOptions } from '../../platform/options.js';
import { paymentJobs } from './jobs.js';
import { orangeRoutes } from './orange-routes.js';
import { paymentRoutes } from './routes.js';
import { topUpRoutes } from './top-up-routes.js';
import { MobileMoneyTopUps } from './top-ups.js';

export const paymentsModule = fp<ModuleOptions>(
  async (app, { cloud: options }) => {
    const topUps = new MobileMoneyTopUps(options.db, app.wallet.operations, options.paymentProviders ?? {});
    app.decorate('payments', { topUps });
    await app.register(topUpRoutes(options.db, topUps));
    await app.register(paymentRoutes(topUps));
    await app.register(orangeRoutes(topUps));
    for (const job of paymentJobs(topUps, options.walletSweepMs ?? 5_000)) app.jobs.declare(job);
  },
  { name: 'payments', dependencies: ['identity', 'wallet'] },
);
