/**
 * The databases every database-backed suite and real-process test runs on: the embedded
 * PostgreSQL (PGlite, as `npm start` uses), and the PostgreSQL server `npm test` starts
 * (ISMAIL_TEST_DATABASE_URL). On the server each suite or test gets a fresh database,
 * dropped afterwards. Run outside `npm test` without that variable, only the embedded copy
 * runs and a line says so; under CI its absence fails the run rather than dropping half
 * the tests silently.
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

/** A fresh database on the test server: its URL and a drop that ends its connections first. */
export async function createServerDatabase(
  serverUrl: string,
  prefix = 'ismail_test',
): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
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

export const cloudDatabases: readonly CloudDatabase[] = [
  { name: embeddedName, cloudEnv: () => Promise.resolve({}) },
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
