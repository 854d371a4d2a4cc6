/**
 * One migrated database per test run on the PostgreSQL server, which every suite's database
 * is copied from: running the 75 migrations took seconds per suite on a loaded machine, a
 * copy takes a fraction of one. The template's name carries a hash of the migration files,
 * so an edited or added migration makes a new one. Vitest's workers are separate processes:
 * an advisory lock lets one of them build it while the others wait, and the template is
 * marked IS_TEMPLATE only once fully migrated, so a crash half-way leaves nothing usable.
 */
import { createHash } from 'node:crypto';
import pg from 'pg';
import { withDatabase } from '../../../tools/test-support/test-databases.js';
import { openDatabase } from '../../src/platform/db/database.js';
import { cloudMigrationsDir, loadMigrations, migrate } from '../../src/platform/db/migrate.js';

/** Any constant: the lock only serialises test workers building the template. */
const templateLockKey = 729_105_331;

let pending: Promise<string> | undefined;

/** The migrated template's name on `serverUrl`, built by whichever worker asks first. */
export function migratedTemplate(serverUrl: string): Promise<string> {
  pending ??= buildTemplate(serverUrl);
  return pending;
}

async function buildTemplate(serverUrl: string): Promise<string> {
  const hash = createHash('sha256');
  for (const migration of await loadMigrations(cloudMigrationsDir)) hash.update(migration.checksum);
  const name = `ismail_template_${hash.digest('hex').slice(0, 16)}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query('SELECT pg_advisory_lock($1)', [templateLockKey]);
    const ready = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1 AND datistemplate', [name]);
    if (ready.rowCount === 0) {
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.query(`CREATE DATABASE ${name}`);
      const db = await openDatabase({ url: withDatabase(serverUrl, name), poolMax: 1, embeddedDataDir: 'unused' });
      try {
        await migrate(db.pool);
      } finally {
        await db.close();
      }
      await admin.query(`ALTER DATABASE ${name} WITH IS_TEMPLATE true ALLOW_CONNECTIONS false`);
    }
    return name;
  } finally {
    await admin.query('SELECT pg_advisory_unlock($1)', [templateLockKey]).catch(() => undefined);
    await admin.end();
  }
}
