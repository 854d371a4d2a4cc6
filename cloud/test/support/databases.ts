/**
 * The databases every database-backed suite runs against: always the embedded PostgreSQL
 * (PGlite over a socket, as `npm start` uses), and the PostgreSQL server `npm test` starts
 * (ISMAIL_TEST_DATABASE_URL). On the server each suite gets a fresh database, dropped
 * afterwards. Which ones, and what a missing server means: tools/test-support/test-databases.ts.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  createServerDatabase,
  embeddedName,
  serverName,
  testServerUrl,
} from '../../../tools/test-support/test-databases.js';
import { openDatabase, type Database } from '../../src/platform/db/database.js';

export interface TestBackend {
  readonly name: string;
  open(): Promise<Database>;
}

const serverUrl = testServerUrl;

export const testBackends: TestBackend[] = [
  {
    name: embeddedName,
    open: () => openDatabase({ url: undefined, poolMax: 1, embeddedDataDir: 'memory://' }),
  },
  ...(serverUrl === undefined
    ? []
    : [
        {
          name: serverName,
          open: async (): Promise<Database> => {
            const database = await createServerDatabase(serverUrl);
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

/** Fresh secrets for an app under test: a random master key and operator token. */
export function testSecrets(): { masterKey: { bytes: Buffer }; operatorToken: string; kycDir: string } {
  return {
    masterKey: { bytes: randomBytes(32) },
    operatorToken: randomBytes(32).toString('base64url'),
    kycDir: mkdtempSync(path.join(tmpdir(), 'ismail-kyc-')),
  };
}
