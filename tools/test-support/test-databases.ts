/**
 * The databases the database-backed suites and real-process tests run on.
 *
 * Production runs on a PostgreSQL server, so every suite runs on the server `npm test`
 * starts (ISMAIL_TEST_DATABASE_URL); each suite or test gets a fresh database, dropped
 * afterwards. The embedded PostgreSQL (PGlite, as `npm start` uses) runs the suites that
 * ask for it by importing the `every…` lists: those whose code takes another path on it
 * (one connection, in-process notifications and locks), the money and sync core, and the
 * acceptance tests their issues ask on both. Running all of them on both doubled a CI run
 * that must stay well under its limit; `npm run test:all-databases`
 * (ISMAIL_TEST_ALL_DATABASES=1) still runs every suite on both.
 *
 * Run outside `npm test` without a server, only the embedded copy runs and a line says so;
 * under CI its absence fails the run rather than dropping half the tests silently.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { onTestFinished } from 'vitest';
import { productionSecretsEnv } from './cloud-secrets.js';

export { placeOperatorTokenFile, productionSecretsEnv } from './cloud-secrets.js';

export const embeddedName = 'embedded PGlite';
export const serverName = 'PostgreSQL server';

function configuredServerUrl(): string | undefined {
  const url = process.env.ISMAIL_TEST_DATABASE_URL;
  if (url !== undefined && url !== '') return url;
  if (process.env.CI !== undefined && process.env.CI !== '' && process.env.CI !== 'false') {
    throw new Error(
      'ISMAIL_TEST_DATABASE_URL is not set under CI: run the suites with `npm test`, which starts a PostgreSQL server for them',
    );
  }
  process.stderr.write(
    `ismail: ISMAIL_TEST_DATABASE_URL is not set: this run covers the embedded PostgreSQL only (npm test covers both)\n`,
  );
  return undefined;
}

export const testServerUrl: string | undefined = configuredServerUrl();

/** The URL of `database` on the same server as `url`. */
export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

/**
 * A fresh database on the test server: its URL and a drop that ends its connections first.
 * With `template`, a copy of that database (PostgreSQL copies its files: a migrated schema in
 * a fraction of a second instead of running every migration again).
 */
export async function createServerDatabase(
  serverUrl: string,
  prefix = 'ismail_test',
  template?: string,
): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}${template === undefined ? '' : ` TEMPLATE ${template}`}`);
  } finally {
    await admin.end();
  }
  return {
    url: withDatabase(serverUrl, name),
    drop: async () => {
      const dropper = new pg.Client({ connectionString: serverUrl });
      await dropper.connect();
      try {
        await dropper.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await dropper.end();
      }
    },
  };
}

/** Where a real cloud process keeps its data in a test: what to add to its environment. */
export interface CloudDatabase {
  readonly name: string;
  /** The cloud's environment for this database; a server database is dropped when the test ends. */
  cloudEnv(): Promise<Record<string, string>>;
}

/** Whether every suite runs on both databases (`npm run test:all-databases`), not only those that ask. */
export const allDatabasesRequested: boolean = process.env.ISMAIL_TEST_ALL_DATABASES === '1';

/**
 * What a suite runs on: the server when there is one, the embedded copy without; both when
 * every database was asked for. `every` is the list with both.
 */
export function defaultCoverage<T extends { readonly name: string }>(every: readonly T[]): readonly T[] {
  if (allDatabasesRequested || testServerUrl === undefined) return every;
  return every.filter((database) => database.name === serverName);
}

const embeddedCloud: CloudDatabase = { name: embeddedName, cloudEnv: () => Promise.resolve({}) };

/** Both databases (the embedded one, and the server when there is one): for suites that must cover PGlite. */
export const everyCloudDatabase: readonly CloudDatabase[] = [
  embeddedCloud,
  ...(testServerUrl === undefined
    ? []
    : [
        {
          name: serverName,
          cloudEnv: async (): Promise<Record<string, string>> => {
            const database = await createServerDatabase(testServerUrl, 'ismail_proc');
            onTestFinished(() => database.drop());
            return { DATABASE_URL: database.url, ...productionSecretsEnv() };
          },
        },
      ]),
];

/** The databases a real-process test runs on by default (see the file's head). */
export const cloudDatabases: readonly CloudDatabase[] = defaultCoverage(everyCloudDatabase);
