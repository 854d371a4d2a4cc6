/**
 * The databases the database-backed suites run against: `testBackends`, the PostgreSQL server
 * `npm test` starts (ISMAIL_TEST_DATABASE_URL; the embedded copy without one), and
 * `everyTestBackend`, which adds the embedded PostgreSQL (PGlite over a socket, as `npm start`
 * uses) for the suites that must cover it. On the server each suite gets a fresh database,
 * dropped afterwards. Which suites, why, and what a missing server means:
 * tools/test-support/test-databases.ts.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  createServerDatabase,
  embeddedName,
  defaultCoverage,
  serverName,
  testServerUrl,
} from '../../../tools/test-support/test-databases.js';
import { openDatabase, type Database } from '../../src/platform/db/database.js';
import { migratedTemplate } from './migrated-template.js';

export interface TestBackend {
  readonly name: string;
  /**
   * A fresh database. On the server it is already migrated (a copy of the run's migrated
   * template, so a suite's own `migrate` finds nothing to do) unless `empty` is asked, for
   * the suites about migrating itself; the embedded one always starts empty.
   */
  open(options?: { readonly empty?: boolean }): Promise<Database>;
}

const serverUrl = testServerUrl;

/** Both databases: for the suites that must cover the embedded one too. */
export const everyTestBackend: readonly TestBackend[] = [
  {
    name: embeddedName,
    open: () => openDatabase({ url: undefined, poolMax: 1, embeddedDataDir: 'memory://' }),
  },
  ...(serverUrl === undefined
    ? []
    : [
        {
          name: serverName,
          open: async (options?: { readonly empty?: boolean }): Promise<Database> => {
            const template = options?.empty === true ? undefined : await migratedTemplate(serverUrl);
            const database = await createServerDatabase(serverUrl, 'ismail_test', template);
            const db = await openDatabase({ url: database.url, poolMax: 10, embeddedDataDir: 'unused' });
            return {
              ...db,
              close: async () => {
                await db.close();
                await database.drop();
              },
            };
          },
        },
      ]),
];

/** What a database suite runs on by default: the server (both with `npm run test:all-databases`). */
export const testBackends: readonly TestBackend[] = defaultCoverage(everyTestBackend);

/** Fresh secrets for an app under test: a random master key and operator token. */
export function testSecrets(): { masterKey: { bytes: Buffer }; operatorToken: string; kycDir: string } {
  return {
    masterKey: { bytes: randomBytes(32) },
    operatorToken: randomBytes(32).toString('base64url'),
    kycDir: mkdtempSync(path.join(tmpdir(), 'ismail-kyc-')),
  };
}
