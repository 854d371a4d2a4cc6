/**
 * Builds the cloud's Fastify app from plugins. Owns the order: logging and request ids,
 * error handling, OpenAPI (before routes, so it sees them), then each feature's routes.
 * Never listens on a port itself: `main.ts` does, tests use `inject` or port 0.
 */
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { baseHttpServerOptions } from '@ismail/shared';
import rateLimit from '@fastify/rate-limit';
import { cardService } from '../cards/cards.js';
import type { MasterKey } from '../crypto/sealed.js';
import type { Database } from '../db/database.js';
import { createKeyring } from '../keys/keyring.js';
import type { BiometricMatcher } from '../kyc/biometrics.js';
import { approvedPhoto, kycStore } from '../kyc/documents.js';
import { accountRoutes } from '../routes/accounts.js';
import { adminRoutes } from '../routes/admin.js';
import { authRoutes } from '../routes/auth.js';
import { publicCardRoutes } from '../routes/cards-public.js';
import { kycRoutes } from '../routes/kyc.js';
import { registerAccessControl } from './access-plugin.js';
import { SessionGate, type SessionGateOptions } from '../auth/session-gate.js';
import { fastifyTrustProxy, type TrustProxy } from '../auth/trust-proxy.js';
import { HubRequestAuthenticator } from './hub-auth.js';
import { operatorRoutes } from '../routes/operator.js';
import { healthRoutes } from '../routes/health.js';
import { profileRoutes } from '../routes/profiles.js';
import './fastify-augment.js';
import { registerErrorHandling } from './errors-plugin.js';
import { registerTextHygiene } from './text-hygiene-plugin.js';
import { MobileMoneyTopUps, type Providers } from '../payments/top-ups.js';
import { paymentRoutes } from '../routes/payments.js';
import { walletAdminRoutes } from '../routes/wallet-admin.js';
import { walletRoutes } from '../routes/wallet.js';
import { Ledger, type LedgerOptions } from '../wallet/ledger.js';
import { NotificationFeeder } from '../notifications/feeder.js';
import { notificationLinkKey } from '../notifications/from-config.js';
import { NotificationService, type NotificationOptions } from '../notifications/service.js';
import { invoiceRoutes } from '../routes/invoices.js';
import { shopRoutes } from '../routes/shop.js';
import { hubRoutes } from '../routes/hubs.js';
import { cloudDeviceRoutes } from '../routes/devices.js';
import { Webhooks, webhookJobs } from '../webhooks/webhooks.js';
import { JobQueues } from '../platform/jobs/queues.js';
import { JobScheduler } from '../platform/jobs/scheduler.js';
import { operatorHubRoutes } from '../routes/operator-hubs.js';
import { HubSync } from '../hubs/sync-push.js';
import { bookingRoutes } from '../routes/booking.js';
import { ShopService } from '../commerce/shop.js';
import { BookingService } from '../commerce/booking.js';
import { notificationRoutes } from '../routes/notifications.js';
import { walletJobs } from '../wallet/jobs.js';
import { WalletOperations } from '../wallet/operations.js';
import { registerOpenApi } from './openapi-plugin.js';
import { DebtFiles } from '../debt/debt-files.js';
import { debtRoutes } from '../routes/debts.js';

/** Webhook deliveries due are looked for this often, in every process. */
const webhookEveryMs = 2_000;

export interface CloudAppOptions {
  readonly db: Database;
  readonly logLevel: string;
  /** Seals private keys and secrets at rest (see crypto/sealed). */
  readonly masterKey: MasterKey;
  /** Guards /v1/operator routes (see http/operator-token). */
  readonly operatorToken: string;
  /** Folder of the encrypted KYC documents. */
  readonly kycDir: string;
  /** Sealed monthly invoice archives; default: invoice-archive beside kycDir. */
  readonly archiveDir?: string;
  /** Compares KYC photo and document; none configured means manual review for every case. */
  readonly biometrics?: BiometricMatcher;
  /** Tests pass a stream to read the JSON log lines; defaults to stdout. */
  readonly logStream?: NodeJS.WritableStream;
  /** Mobile-money providers enabled (none: top-ups by mobile money are refused). */
  readonly paymentProviders?: Providers;
  readonly ledger?: LedgerOptions;
  /** How often pending top-ups and lapsed holds are settled (when the jobs are started); default 5 s. */
  readonly walletSweepMs?: number;
  /** The operator's address:port exceptions webhooks may reach although not public (tests' receivers, an on-site integration); none by default. */
  readonly webhooksAllowPrivateHosts?: readonly string[];
  /** Credits of a wallet idle this many days expire (SPEC 3.5); 0 turns expiry off. */
  readonly creditExpiryDays?: number;
  /** Notification channels and settings; without them, notifications are in-app only. */
  /** Proxies allowed to name the client in X-Forwarded-For (TRUST_PROXY); default off: the TCP peer is the client. */
  readonly trustProxy?: TrustProxy;
  /** How sessions are re-checked in the access path (tests pass a clock). */
  readonly sessions?: SessionGateOptions;
  readonly notifications?: Omit<NotificationOptions, 'linkKey' | 'publicUrl' | 'onError'> & { readonly publicUrl?: string; readonly vapidPublicKey?: string | null };
}

/** Header values that must never reach a log line. */
export const redactedLogPaths = ['req.headers.authorization', 'req.headers.cookie', 'req.headers["x-api-key"]', 'res.headers["set-cookie"]'];

export async function buildCloudApp(options: CloudAppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: {
      level: options.logLevel,
      redact: { paths: redactedLogPaths, censor: '[redacted]' },
      ...(options.logStream === undefined ? {} : { stream: options.logStream }),
    },
    ...baseHttpServerOptions(randomUUID),
    trustProxy: fastifyTrustProxy(options.trustProxy ?? false),
  });
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  registerErrorHandling(app);
  // One pg-boss and one scheduler for every module's background work; started by the process (server.ts), never by tests that only inject.
  const queues = new JobQueues(options.db.pool, (error) => app.log.warn({ err: error }, 'job queue error'));
  const jobs = new JobScheduler(queues, app.log);
  app.decorate('jobs', jobs);
  const keyring = createKeyring(options.db.pool, options.masterKey);
  const documents = kycStore(options.kycDir, options.masterKey);
  const cards = cardService(keyring, (client, accountId) => approvedPhoto(client, documents, accountId));
  // Before the access control that asks it: whether a token's session was ended since it was issued.
  app.decorate('sessionGate', new SessionGate(options.db.pool, options.sessions));
  // Before any route: every route must declare its access, and protected ones are checked first.
  registerAccessControl(app, keyring, { operatorToken: options.operatorToken, hubs: new HubRequestAuthenticator(options.db) });
  // Before any route: no text field of any route takes a control character.
  registerTextHygiene(app);
  await registerOpenApi(app);
  // Limits are opted into per route (sign-in, verification): most routes are bounded by auth.
  await app.register(rateLimit, { global: false });
  await app.register(healthRoutes(options.db));
  await app.register(profileRoutes);
  await app.register(publicCardRoutes(options.db, keyring, cards));
  await app.register(
    operatorRoutes(options.db, keyring, cards, documents, { masterKey: options.masterKey, dir: options.archiveDir ?? path.join(path.dirname(options.kycDir), 'invoice-archive') }),
  );
  await app.register(authRoutes(options.db, keyring, options.masterKey));
  await app.register(accountRoutes(options.db));
  await app.register(kycRoutes(options.db, documents, cards, options.biometrics));
  await app.register(adminRoutes(options.db, keyring, cards));
  const ledger = new Ledger(options.db, options.ledger);
  const operations = new WalletOperations(options.db, ledger);
  const topUps = new MobileMoneyTopUps(options.db, operations, options.paymentProviders ?? {});
  await app.register(walletRoutes(options.db, operations, topUps));
  await app.register(walletAdminRoutes(options.db, ledger, operations));
  await app.register(paymentRoutes(topUps));
  const notifications = new NotificationService(options.db, {
    channels: {},
    queues,
    ...options.notifications,
    publicUrl: options.notifications?.publicUrl ?? 'http://127.0.0.1:8080',
    linkKey: notificationLinkKey(options.masterKey),
    onError: (error) => app.log.warn({ err: error }, 'notification queue error'),
  });
  await app.register(invoiceRoutes(options.db, options.notifications?.publicUrl ?? 'http://127.0.0.1:8080'));
  const shop = new ShopService(options.db, operations);
  const booking = new BookingService(options.db, operations);
  await app.register(shopRoutes(options.db, shop));
  await app.register(bookingRoutes(options.db, booking));
  app.decorate('commerce', { shop, booking });
  const debts = new DebtFiles(options.db, operations);
  const webhooks = new Webhooks(options.db, options.masterKey, { allowPrivateHosts: options.webhooksAllowPrivateHosts ?? [] });
  app.decorate('webhooks', webhooks);
  await app.register(hubRoutes(options.db, new HubSync(options.db, operations, shop, undefined, webhooks, () => keyring.publicKeys('card')), keyring, options.masterKey, documents));
  await app.register(debtRoutes(debts));
  await app.register(operatorHubRoutes(options.db));
  await app.register(cloudDeviceRoutes(options.db, webhooks));
  await app.register(notificationRoutes(options.db, keyring, notifications, options.notifications?.vapidPublicKey ?? null));
  app.decorate('identity', { keyring, cards, documents });
  app.decorate('wallet', { ledger, operations, topUps, debts });
  app.decorate('notifications', { service: notifications, feeder: new NotificationFeeder(options.db, notifications) });
  for (const job of walletJobs({ db: options.db, ledger, operations, topUps, debts, creditExpiryDays: options.creditExpiryDays ?? 0, sweepMs: options.walletSweepMs ?? 5_000 })) jobs.declare(job);
  for (const job of webhookJobs(webhooks, webhookEveryMs)) jobs.declare(job);
  // In this order, before the pool closes: runs in progress finish, sends in progress finish
  // (queued ones wait for the next start), then the channels close and the ledger drains.
  app.addHook('onClose', async () => {
    await jobs.stop();
    await queues.stop();
    await notifications.stop();
    await ledger.drain();
  });
  return app;
}
