/**
 * Starts a whole cloud process from a parsed config: database, migrations, demo seed,
 * HTTP app. Returns a handle to stop it in order (stop accepting, drain, close the pool).
 */
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { CloudConfig } from './config.js';
import { openDatabase, type Database } from './platform/db/database.js';
import { migrateOverDirect } from './platform/db/migrate.js';
import { ensureRoleDefaults } from './platform/db/role-defaults.js';
import { seedDemoData } from './demo/seed.js';
import { seedDemoCommerce } from './demo/commerce.js';
import { seedDemoWallet } from './demo/wallet.js';
import { seedDemoServices } from './demo/services.js';
import { seedDemoRealEstate } from './demo/real-estate.js';
import { seedDemoDebtCollection } from './demo/debt-collection.js';
import { loadMasterKey } from './platform/crypto/master-key.js';
import { buildCloudApp } from './app.js';
import { testClock } from './platform/test-clock.js';
import { loadOperatorToken } from './platform/http/operator-token.js';
import { channelsFromConfig, loadOrCreateVapid } from './modules/notifications/from-config.js';
import { providersFromConfig } from './modules/payments/from-config.js';
import { seedDefaultRates } from './modules/wallet/rates.js';

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
  // A movable clock in a real deployment would let whoever holds the operator token release escrowed payments early.
  if (config.ISMAIL_TEST_CLOCK && !config.ISMAIL_DEMO) throw new Error('ISMAIL_TEST_CLOCK is for demo clouds only');
  const cloudDir = path.resolve(config.ISMAIL_DATA_DIR, 'cloud');
  // Production mode: a PostgreSQL server that several processes may share. Its secrets come from the environment
  // (parseCloudConfig refuses to start without them) and its files go to the database, which every process reads.
  const production = config.DATABASE_URL !== undefined;
  if (production && (config.ISMAIL_MASTER_KEY === undefined || config.ISMAIL_OPERATOR_TOKEN === undefined))
    throw new Error('ISMAIL_MASTER_KEY and ISMAIL_OPERATOR_TOKEN are required with DATABASE_URL');
  const masterKey = loadMasterKey(config.ISMAIL_MASTER_KEY, path.join(cloudDir, 'master.key'));
  const operatorToken = loadOperatorToken(config.ISMAIL_OPERATOR_TOKEN, path.join(cloudDir, 'operator-token'));
  const db = await openDatabase({
    url: config.DATABASE_URL,
    directUrl: config.DATABASE_DIRECT_URL,
    poolMax: config.DATABASE_POOL_MAX,
    embeddedDataDir: path.resolve(config.ISMAIL_DATA_DIR, 'cloud', 'pgdata'),
  });
  try {
    const vapid = loadOrCreateVapid(config, path.join(cloudDir, 'vapid.json'));
    const publicUrl = (config.CLOUD_PUBLIC_URL ?? `http://${config.CLOUD_HOST}:${String(config.CLOUD_PORT)}`).replace(
      /\/$/,
      '',
    );
    const app = await buildCloudApp({
      db,
      logLevel: config.LOG_LEVEL,
      masterKey,
      operatorToken,
      kycDir: path.join(cloudDir, 'kyc'),
      archiveDir: path.join(cloudDir, 'invoice-archive'),
      fileStorage: production ? 'database' : 'disk',
      paymentProviders: providersFromConfig(config, publicUrl),
      walletSweepMs,
      config,
      webhooksAllowPrivateHosts: config.ISMAIL_WEBHOOKS_ALLOW_PRIVATE_HOSTS,
      trustProxy: config.TRUST_PROXY,
      ...(config.ISMAIL_TEST_CLOCK ? { testClock: testClock() } : {}),
      creditExpiryDays: config.WALLET_CREDIT_EXPIRY_DAYS,
      notifications: {
        channels: channelsFromConfig(config, vapid),
        publicUrl,
        vapidPublicKey: vapid.publicKey,
        receiptToken: config.NOTIFY_RECEIPT_TOKEN,
      },
      ...(logStream === undefined ? {} : { logStream }),
    });
    const report = await migrateOverDirect(db);
    if (db.kind === 'server') {
      const defaults = await ensureRoleDefaults(db.pool);
      if (defaults.outcome === 'refused')
        app.log.warn(
          { statement: defaults.statement },
          'this role may not set its own statement timeout: a database administrator runs this statement once',
        );
    }
    await seedDefaultRates(db.pool);
    await app.notifications.service.start();
    await app.jobs.start();
    app.log.info(
      { database: db.description, applied: report.applied, alreadyApplied: report.alreadyApplied },
      'database ready',
    );
    if (config.ISMAIL_DEMO) {
      const { seeded } = await seedDemoData(db, app.cards, masterKey, app.platform.documents);
      app.log.info({ seeded }, seeded ? 'demo data seeded' : 'demo data already present');
      const wallet = await seedDemoWallet(app.wallet.operations, db);
      app.log.info(wallet, 'demo wallet ready');
      const commerceDemo = await seedDemoCommerce(db, {
        shop: app.shop,
        booking: app.booking,
        ops: app.wallet.operations,
      });
      app.log.info(
        commerceDemo,
        commerceDemo.seeded ? 'demo shop and hotel seeded' : 'demo shop and hotel already present',
      );
      const servicesDemo = await seedDemoServices(db, {
        ops: app.wallet.operations,
        notifications: app.notifications.service,
        publicUrl,
        log: app.log,
        cards: app.cards,
      });
      app.log.info(servicesDemo, servicesDemo.seeded ? 'demo services seeded' : 'demo services already present');
      const realEstateDemo = await seedDemoRealEstate(db, {
        ops: app.wallet.operations,
        notifications: app.notifications.service,
        publicUrl,
      });
      app.log.info(
        realEstateDemo,
        realEstateDemo.seeded ? 'demo real estate seeded' : 'demo real estate already present',
      );
      const debtDemo = await seedDemoDebtCollection(db, { notifications: app.notifications.service, publicUrl });
      app.log.info(debtDemo, debtDemo.seeded ? 'demo debt collection seeded' : 'demo debt collection already present');
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
