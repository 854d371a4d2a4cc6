/**
 * What a cloud app is built from: the platform's resources and each module's settings. Every
 * module plugin receives them (`app.register(module, { cloud: options })`).
 */
import type { FastifyPluginCallback } from 'fastify';
import type { CloudConfig } from '../config.js';
import type { SessionGateOptions } from '../modules/identity/session-gate.js';
import type { BiometricMatcher } from '../modules/kyc/biometrics.js';
import type { NotificationOptions } from '../modules/notifications/service.js';
import type { Providers } from '../modules/payments/top-ups.js';
import type { LedgerOptions } from '../modules/wallet/ledger.js';
import type { MasterKey } from './crypto/sealed.js';
import type { Database } from './db/database.js';
import type { FileStorage } from './documents/stores.js';
import type { TrustProxy } from './http/trust-proxy.js';
import type { TestClock } from './test-clock.js';

/**
 * What a module plugin is registered with: the app's options under one key (Fastify's own register options, such as its
 * log level, stay apart).
 */
export interface ModuleOptions {
  readonly cloud: CloudAppOptions;
}

/** A business module: a Fastify plugin (fastify-plugin, with its name and dependencies). */
export type CloudModule = FastifyPluginCallback<ModuleOptions>;

export interface CloudAppOptions {
  /** The business modules to register, in dependency order; default: all of them (app.ts). */
  readonly modules?: readonly CloudModule[];
  readonly db: Database;
  readonly logLevel: string;
  /**
   * When route schemas compile: 'at-start' (the default; a broken schema stops the boot) or
   * 'on-first-use' (in-process test suites, which start an app per suite and touch few routes).
   */
  readonly schemaCompilation?: 'at-start' | 'on-first-use';
  /** Seals private keys and secrets at rest (see crypto/sealed). */
  readonly masterKey: MasterKey;
  /** Guards /v1/operator routes (see http/operator-token). */
  readonly operatorToken: string;
  /** Folder of the encrypted KYC documents. */
  readonly kycDir: string;
  /** Sealed monthly invoice archives; default: invoice-archive beside kycDir. */
  readonly archiveDir?: string;
  /**
   * Where KYC documents and invoice archives are kept: "disk" (default) in kycDir and archiveDir, one process on the
   * embedded database; "database" in the PostgreSQL server's file store, which every process reads (production mode).
   */
  readonly fileStorage?: FileStorage;
  /** Compares KYC photo and document; none configured means manual review for every case. */
  readonly biometrics?: BiometricMatcher;
  /** Tests pass a stream to read the JSON log lines; defaults to stdout. */
  readonly logStream?: NodeJS.WritableStream;
  /** Mobile-money providers enabled (none: top-ups by mobile money are refused). */
  readonly paymentProviders?: Providers;
  readonly ledger?: LedgerOptions;
  /** How often pending top-ups and lapsed holds are settled (when the jobs are started); default 5 s. */
  readonly walletSweepMs?: number;
  /** The process's parsed configuration: modules whose jobs it configures (invoicing) declare them only with it. */
  readonly config?: CloudConfig;
  /**
   * The operator's address:port exceptions webhooks may reach although not public (tests' receivers, an on-site
   * integration); none by default.
   */
  readonly webhooksAllowPrivateHosts?: readonly string[];
  /** Credits of a wallet idle this many days expire (SPEC 3.5); 0 turns expiry off. */
  readonly creditExpiryDays?: number;
  /** Proxies allowed to name the client in X-Forwarded-For (TRUST_PROXY); default off: the TCP peer is the client. */
  readonly trustProxy?: TrustProxy;
  /**
   * A demo cloud's movable clock for browser tests (ISMAIL_TEST_CLOCK): the business modules decide with it and the
   * operator moves it (POST /v1/operator/test-clock). Absent: real time.
   */
  readonly testClock?: TestClock;
  /** How sessions are re-checked in the access path (tests pass a clock). */
  readonly sessions?: SessionGateOptions;
  /** Notification channels and settings; without them, notifications are in-app only. */
  readonly notifications?: Omit<NotificationOptions, 'linkKey' | 'publicUrl' | 'onError'> & {
    readonly publicUrl?: string;
    readonly vapidPublicKey?: string | null;
  };
}
