/**
 * The databases every database-backed suite runs against: always the embedded PostgreSQL
 * (PGlite over a socket, as `npm start` uses), and a real PostgreSQL server when
 * ISMAIL_TEST_DATABASE_URL is set (`.ci/run` starts PostgreSQL 15 and sets it). On the
 * server each suite gets a fresh database, dropped afterwards.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { openDatabase, type Database } from '../../src/db/database.js';

export interface TestBackend {
  readonly name: string;
  open(): Promise<Database>;
}

const serverUrl = process.env.ISMAIL_TEST_DATABASE_URL;

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

export const testBackends: TestBackend[] = [
  {
    name: 'embedded PGlite',
    open: () => openDatabase({ url: undefined, poolMax: 1, embeddedDataDir: 'memory://' }),
  },
  ...(serverUrl === undefined || serverUrl === ''
    ? []
    : [
        {
          name: 'PostgreSQL server',
          open: async (): Promise<Database> => {
            const name = `ismail_test_${randomBytes(6).toString('hex')}`;
            const admin = new pg.Client({ connectionString: serverUrl });
            await admin.connect();
            await admin.query(`CREATE DATABASE ${name}`);
            await admin.end();
            const db = await openDatabase({ url: withDatabase(serverUrl, name), poolMax: 10, embeddedDataDir: 'unused' });
            return {
              ...db,
              close: async () => {
                await db.close();
                const dropper = new pg.Client({ connectionString: serverUrl });
                await dropper.connect();
                await dropper.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
                await dropper.end();
              },
            };
          },
        },
      ]),
];

/** Fresh secrets for an app under test: a random master key and operator token. */
export function testSecrets(): { masterKey: { bytes: Buffer }; operatorToken: string; kycDir: string } {
  return { masterKey: { bytes: randomBytes(32) }, operatorToken: randomBytes(32).toString('base64url'), kycDir: mkdtempSync(path.join(tmpdir(), 'ismail-kyc-')) };
}
