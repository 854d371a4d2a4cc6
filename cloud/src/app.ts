/**
 * Builds the cloud's Fastify app: the platform (platform/http/platform.ts), then the business
 * modules, each a plugin with its declared dependencies (modules/<name>/index.ts). A test may
 * register only some modules (`options.modules`), with their dependencies.
 * Never listens on a port itself: `main.ts` does, tests use `inject` or port 0.
 */
import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyInstance } from 'fastify';
import { baseHttpServerOptions } from '@ismail/shared';
import { bankReconciliationModule } from './modules/bank-reconciliation/index.js';
import { bookingModule } from './modules/booking/index.js';
import { documentsModule } from './modules/documents/index.js';
import { privacyModule } from './modules/privacy/index.js';
import { reportsModule } from './modules/reports/index.js';
import { supportModule } from './modules/support/index.js';
import { servicesModule } from './modules/services/index.js';
import { debtCollectionModule } from './modules/debt-collection/index.js';
import { realEstateModule } from './modules/real-estate/index.js';
import { cardChecksModule } from './modules/cards/hub-checks-module.js';
import { cardsModule } from './modules/cards/index.js';
import { dashboardModule } from './modules/dashboard/index.js';
import { devicesModule } from './modules/devices/index.js';
import { hubsModule } from './modules/hubs/index.js';
import { hubAlertsModule } from './modules/hub-alerts/index.js';
import { identityModule } from './modules/identity/index.js';
import { invoicingModule } from './modules/invoicing/index.js';
import { kycModule } from './modules/kyc/index.js';
import { notificationsModule } from './modules/notifications/index.js';
import { operatorModule } from './modules/operator/index.js';
import { paymentsModule } from './modules/payments/index.js';
import { portalModule } from './modules/portal/index.js';
import { shopModule } from './modules/shop/index.js';
import { socialModule } from './modules/social/index.js';
import { walletModule } from './modules/wallet/index.js';
import { webhooksModule } from './modules/webhooks/index.js';
import { onFirstUseSchemaController } from './platform/http/lazy-schemas.js';
import { registerPlatform } from './platform/http/platform.js';
import { fastifyTrustProxy } from './platform/http/trust-proxy.js';
import type { CloudAppOptions, CloudModule } from './platform/options.js';

export type { CloudAppOptions } from './platform/options.js';

/** Every module, in dependency order. */
export const allModules: readonly CloudModule[] = [
  identityModule,
  cardsModule,
  kycModule,
  webhooksModule,
  // Before the modules whose hub operations it applies (they register them with it).
  hubsModule,
  cardChecksModule,
  walletModule,
  paymentsModule,
  notificationsModule,
  hubAlertsModule,
  documentsModule,
  invoicingModule,
  shopModule,
  bookingModule,
  servicesModule,
  debtCollectionModule,
  realEstateModule,
  reportsModule,
  bankReconciliationModule,
  supportModule,
  privacyModule,
  devicesModule,
  operatorModule,
  socialModule,
  dashboardModule,
  portalModule,
];

/** Header values that must never reach a log line. */
export const redactedLogPaths = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'res.headers["set-cookie"]',
];

export async function buildCloudApp(options: CloudAppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: {
      level: options.logLevel,
      redact: { paths: redactedLogPaths, censor: '[redacted]' },
      ...(options.logStream === undefined ? {} : { stream: options.logStream }),
    },
    ...baseHttpServerOptions(randomUUID),
    trustProxy: fastifyTrustProxy(options.trustProxy ?? false),
    ...(options.schemaCompilation === 'on-first-use' ? { schemaController: onFirstUseSchemaController() } : {}),
  });
  await registerPlatform(app, options);
  for (const module of options.modules ?? allModules) await app.register(module, { cloud: options });
  return app;
}
