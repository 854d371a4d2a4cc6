/**
 * Starts a whole cloud process from a parsed config: database, migrations, demo seed,
 * HTTP app. Returns a handle to stop it in order (stop accepting, drain, close the pool).
 */
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { CloudConfig } from './config.js';
import { openDatabase, type Database } from './db/database.js';
import { migrate } from './db/migrate.js';
import { seedDemoData } from './demo/seed.js';
import { seedDemoCommerce } from './demo/commerce.js';
import { seedDemoWallet } from './demo/wallet.js';
import { loadMasterKey } from './crypto/master-key.js';
import { buildCloudApp } from './http/app.js';
import { loadOrCreateOperatorToken } from './http/operator-token.js';
import { runCommerceJobs } from './commerce/jobs.js';
import { archiveMonth } from './invoicing/archive.js';
import { previousPeriod } from './wallet/commission-runs.js';
import { AutomaticInvoicer, automaticInvoiceOptions } from './invoicing/automatic.js';
import { clearanceFromConfig } from './invoicing/clearance-from-config.js';
import { channelsFromConfig, loadOrCreateVapid } from './notifications/from-config.js';
import { providersFromConfig } from './payments/from-config.js';
import { seedDefaultRates } from './wallet/rates.js';

/** Issued invoices are submitted to the tax authority this often. */
const clearanceTickMs = 5_000;
const automaticInvoiceTickMs = 5_000;
const archiveTickMs = 60 * 60 * 1000;
const commerceTickMs = 30_000;
/** New audit and ledger entries become notifications this often. */
const notificationFeedMs = 1_000;
/** Pending top-ups and lapsed holds are settled this often. */
const walletSweepMs = 5_000;

export interface RunningCloud {
  readonly app: FastifyInstance;
  readonly db: Database;
  readonly url: string;
  readonly operatorTokenFile: string;
  stop(): Promise<void>;
}

export async function startCloud(config: CloudConfig, logStream?: NodeJS.WritableStream): Promise<RunningCloud> {
  const cloudDir = path.resolve(config.ISMAIL_DATA_DIR, 'cloud');
  const masterKey = loadMasterKey(config.ISMAIL_MASTER_KEY, path.join(cloudDir, 'master.key'));
  const operatorToken = loadOrCreateOperatorToken(path.join(cloudDir, 'operator-token'));
  const db = await openDatabase({
    url: config.DATABASE_URL,
    poolMax: config.DATABASE_POOL_MAX,
    embeddedDataDir: path.resolve(config.ISMAIL_DATA_DIR, 'cloud', 'pgdata'),
  });
  try {
    const vapid = loadOrCreateVapid(config, path.join(cloudDir, 'vapid.json'));
    const publicUrl = (config.CLOUD_PUBLIC_URL ?? `http://${config.CLOUD_HOST}:${String(config.CLOUD_PORT)}`).replace(/\/$/, '');
    const app = await buildCloudApp({
      db,
      logLevel: config.LOG_LEVEL,
      masterKey,
      operatorToken,
      kycDir: path.join(cloudDir, 'kyc'),
      archiveDir: path.join(cloudDir, 'invoice-archive'),
      paymentProviders: providersFromConfig(config, publicUrl),
      walletSweepMs,
      webhooksAllowPrivateHosts: config.ISMAIL_WEBHOOKS_ALLOW_PRIVATE_HOSTS,
      trustProxy: config.TRUST_PROXY,
      creditExpiryDays: config.WALLET_CREDIT_EXPIRY_DAYS,
      notifications: { channels: channelsFromConfig(config, vapid), publicUrl, vapidPublicKey: vapid.publicKey, receiptToken: config.NOTIFY_RECEIPT_TOKEN },
      ...(logStream === undefined ? {} : { logStream }),
    });
    const report = await migrate(db.pool);
    await seedDefaultRates(db.pool);
    await app.notifications.service.start();
    const minuteMs = 60_000;
    const feeder = app.notifications.feeder;
    app.jobs.declare({ name: 'notifications.feed', everyMs: notificationFeedMs, timeoutMs: minuteMs, run: () => feeder.tick() });
    const invoicer = new AutomaticInvoicer(db, automaticInvoiceOptions(config));
    app.jobs.declare({ name: 'invoicing.automatic', everyMs: automaticInvoiceTickMs, timeoutMs: minuteMs, run: () => invoicer.tick() });
    // Last month is sealed into the archive as soon as it can be (every invoice answered by
    // the tax authority); until then each hourly try says why it waits.
    app.jobs.declare({
      name: 'invoicing.archive',
      everyMs: archiveTickMs,
      timeoutMs: 10 * minuteMs,
      run: () =>
        archiveMonth(db, masterKey, path.join(cloudDir, 'invoice-archive'), previousPeriod(new Date())).then(
          (r) => (r.written ? app.log.info({ period: r.manifest.period, invoices: r.manifest.count }, 'invoice month archived') : undefined),
          (error: unknown) => app.log.info({ reason: (error as Error).message }, 'invoice archive waits'),
        ),
    });
    app.jobs.declare({ name: 'commerce.expire-and-remind', everyMs: commerceTickMs, timeoutMs: minuteMs, run: () => runCommerceJobs(db, { ...app.commerce, notifications: app.notifications.service }) });
    const clearance = clearanceFromConfig(config, db);
    if (clearance !== null) app.jobs.declare({ name: 'invoicing.clearance', everyMs: clearanceTickMs, timeoutMs: 2 * minuteMs, run: () => clearance.tick() });
    await app.jobs.start();
    app.log.info({ database: db.description, applied: report.applied, alreadyApplied: report.alreadyApplied }, 'database ready');
    if (config.ISMAIL_DEMO) {
      const { seeded } = await seedDemoData(db, app.identity.cards, masterKey, app.identity.documents);
      app.log.info({ seeded }, seeded ? 'demo data seeded' : 'demo data already present');
      const wallet = await seedDemoWallet(app.wallet.operations, db);
      app.log.info(wallet, 'demo wallet ready');
      const commerceDemo = await seedDemoCommerce(db, { ...app.commerce, ops: app.wallet.operations });
      app.log.info(commerceDemo, commerceDemo.seeded ? 'demo shop and hotel seeded' : 'demo shop and hotel already present');
    }
    const address = await app.listen({ host: config.CLOUD_HOST, port: config.CLOUD_PORT });
    return {
      app,
      db,
      url: address,
      operatorTokenFile: path.join(cloudDir, 'operator-token'),
      stop: async () => {
        await app.close();
        await db.close();
      },
    };
  } catch (error) {
    await db.close().catch(() => undefined);
    throw error;
  }
}
