/**
 * Versioned SQL migrations, applied at start-up.
 *
 * Owns: the `schema_migrations` table and the order files are applied in. Each file
 * `NNNN_name.sql` runs in its own transaction with its bookkeeping row, so a crash
 * mid-migration leaves the database at the previous version. A migration edited after it
 * was applied stops start-up (its checksum no longer matches) instead of drifting silently.
 * Several cloud processes starting together serialise on an advisory lock.
 *
 * Rolling deploys (issue 29.7): while old and new processes run side by side, the new ones
 * migrate first. A migration whose first line is `-- ismail:additive` promises that code
 * written before it keeps working (new tables, indexes, nullable or defaulted columns); its
 * row says so, and an older build that meets only such newer rows starts. Any other newer
 * migration stops the older build. The promise is checked when the file is loaded: a
 * statement that drops, renames, retypes or adds a required column without a default is
 * refused in an additive migration.
 */
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import { cloudPackageRoot } from '../../package-root.js';
import type { Database } from './database.js';

export const cloudMigrationsDir = path.join(cloudPackageRoot, 'migrations');

/** Arbitrary but fixed: the key every cloud process locks while migrating. */
const migrationLockKey = 7_319_245_001;

export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
  readonly checksum: string;
  /** Older builds keep working once it is applied (its first line is the marker). */
  readonly additive: boolean;
}

export interface MigrationReport {
  readonly applied: readonly string[];
  readonly alreadyApplied: number;
  /** Applied by a newer build, additive: this build runs beside it. */
  readonly newerAdditive: readonly string[];
}

const additiveMarker = /^-- ismail:additive\s*$/;

/**
 * What an additive migration may not do. Comments and quoted text are removed first; the
 * check is deliberately coarse (a false refusal costs a plain migration, a missed one a
 * broken old process).
 */
const notAdditive: readonly [RegExp, string][] = [
  [/\bDROP\b/i, 'DROP'],
  [/\bRENAME\b/i, 'RENAME'],
  [/\bALTER\s+COLUMN\b/i, 'ALTER COLUMN'],
  [/\bTRUNCATE\b/i, 'TRUNCATE'],
  // As statements, not as `ON DELETE CASCADE` or a trigger's `AFTER UPDATE`.
  [/(?:^|;)\s*(?:UPDATE|DELETE)\b/i, 'UPDATE or DELETE'],
  [/\bCREATE\s+UNIQUE\s+INDEX\b/i, 'a unique index (declare uniqueness in a new table instead)'],
  [/\bADD\s+(CONSTRAINT|PRIMARY|UNIQUE|CHECK|FOREIGN)\b/i, 'a constraint on an existing table'],
];

function strippedSql(sql: string): string {
  return sql
    .replace(/--[^\n]*/g, ' ')
    .replace(/\/\*[\s\S]*?\*\//g, ' ')
    .replace(/'(?:[^']|'')*'/g, "''")
    .replace(/\$([a-z_]*)\$[\s\S]*?\$\1\$/gi, "''");
}

/** Why this SQL is not additive, or null when it keeps older code working. */
export function whyNotAdditive(sql: string): string | null {
  const text = strippedSql(sql);
  for (const [pattern, what] of notAdditive) if (pattern.test(text)) return `it uses ${what}`;
  // ADD COLUMN ... NOT NULL needs a DEFAULT, or an older build's INSERT fails.
  for (const added of text.matchAll(/\bADD\s+COLUMN\b([^,;]*)/gi)) {
    const column = added[1] ?? '';
    if (/\bNOT\s+NULL\b/i.test(column) && !/\bDEFAULT\b/i.test(column))
      return 'it adds a NOT NULL column without a DEFAULT';
  }
  return null;
}

export class MigrationError extends Error {
  override name = 'MigrationError';
}

export async function loadMigrations(dir: string): Promise<Migration[]> {
  const files = (await readdir(dir)).filter((f) => f.endsWith('.sql')).sort();
  const migrations: Migration[] = [];
  for (const file of files) {
    const match = /^(\d{4})_([a-z0-9_]+)\.sql$/.exec(file);
    if (match?.[1] === undefined || match[2] === undefined) {
      throw new MigrationError(`migration file ${file} must be named NNNN_lower_snake_name.sql`);
    }
    const sql = await readFile(path.join(dir, file), 'utf8');
    const version = Number(match[1]);
    if (migrations.some((m) => m.version === version))
      throw new MigrationError(`two migrations have version ${match[1]}`);
    const additive = additiveMarker.test(sql.split('\n', 1)[0] ?? '');
    if (additive) {
      const why = whyNotAdditive(sql);
      if (why !== null) throw new MigrationError(`migration ${file} is marked additive but ${why}`);
    }
    migrations.push({
      version,
      name: match[2],
      sql,
      checksum: createHash('sha256').update(sql).digest('hex'),
      additive,
    });
  }
  return migrations;
}

export async function migrate(pool: pg.Pool, dir: string = cloudMigrationsDir): Promise<MigrationReport> {
  const migrations = await loadMigrations(dir);
  const client = await pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [migrationLockKey]);
    await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version integer PRIMARY KEY,
      name text NOT NULL,
      checksum text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`);
    // Added with rolling deploys; rows written before it are not additive (the safe reading).
    await client.query(
      'ALTER TABLE schema_migrations ADD COLUMN IF NOT EXISTS additive boolean NOT NULL DEFAULT false',
    );
    const { rows } = await client.query<{ version: number; name: string; checksum: string; additive: boolean }>(
      'SELECT version, name, checksum, additive FROM schema_migrations ORDER BY version',
    );
    const appliedByVersion = new Map(rows.map((r) => [r.version, r]));
    const newestKnown = Math.max(0, ...migrations.map((m) => m.version));
    const newerAdditive: string[] = [];
    for (const row of rows) {
      const known = migrations.find((m) => m.version === row.version);
      if (known === undefined) {
        const label = `${String(row.version).padStart(4, '0')}_${row.name}`;
        // A newer build's additive migration: this older build runs beside it during a rolling deploy.
        if (row.version > newestKnown && row.additive) {
          newerAdditive.push(label);
          continue;
        }
        throw new MigrationError(
          row.version > newestKnown
            ? `database has migration ${label} from a newer build, not marked additive: stop this older build (a rolling deploy needs additive migrations)`
            : `database has migration ${label} that this build does not know: is this an older build?`,
        );
      }
      if (known.checksum !== row.checksum) {
        throw new MigrationError(
          `migration ${String(row.version)} (${row.name}) was changed after it was applied; add a new migration instead`,
        );
      }
    }
    const applied: string[] = [];
    const pending = migrations.filter((m) => !appliedByVersion.has(m.version));
    // An older build never applies its own migrations under a newer build's: they would land out of order.
    const first = pending[0];
    if (newerAdditive.length > 0 && first !== undefined)
      throw new MigrationError(
        `migration ${String(first.version)} (${first.name}) is not applied but a newer build's ${newerAdditive[0] ?? ''} is: deploy the newer build`,
      );
    for (const migration of pending) {
      await client.query('BEGIN');
      try {
        await client.query(migration.sql);
        await client.query(
          'INSERT INTO schema_migrations (version, name, checksum, additive) VALUES ($1, $2, $3, $4)',
          [migration.version, migration.name, migration.checksum, migration.additive],
        );
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK');
        throw new MigrationError(
          `migration ${String(migration.version)} (${migration.name}) failed: ${(error as Error).message}`,
        );
      }
      applied.push(`${String(migration.version).padStart(4, '0')}_${migration.name}`);
    }
    return { applied, alreadyApplied: appliedByVersion.size - newerAdditive.length, newerAdditive };
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [migrationLockKey]).catch(() => undefined);
    client.release();
  }
}

/**
 * Migrates over a session of its own: the session advisory lock and each file's BEGIN..COMMIT
 * must not go through a transaction pooler, so a server's migrations use `db.direct`
 * (DATABASE_DIRECT_URL). The embedded database has one connection: the pool's.
 */
export async function migrateOverDirect(db: Database, dir: string = cloudMigrationsDir): Promise<MigrationReport> {
  if (db.kind === 'embedded') return migrate(db.pool, dir);
  const pool = new pg.Pool({ ...db.direct, max: 1, application_name: 'ismail-cloud-migrate' });
  pool.on('error', () => undefined);
  try {
    return await migrate(pool, dir);
  } finally {
    await pool.end();
  }
}
