/**
 * Versioned SQL migrations, applied at start-up.
 *
 * Owns: the `schema_migrations` table and the order files are applied in. Each file
 * `NNNN_name.sql` runs in its own transaction with its bookkeeping row, so a crash
 * mid-migration leaves the database at the previous version. A migration edited after it
 * was applied stops start-up (its checksum no longer matches) instead of drifting silently.
 * Several cloud processes starting together serialise on an advisory lock.
 */
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type pg from 'pg';
import { cloudPackageRoot } from '../../package-root.js';

export const cloudMigrationsDir = path.join(cloudPackageRoot, 'migrations');

/** Arbitrary but fixed: the key every cloud process locks while migrating. */
const migrationLockKey = 7_319_245_001;

export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
  readonly checksum: string;
}

export interface MigrationReport {
  readonly applied: readonly string[];
  readonly alreadyApplied: number;
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
    migrations.push({ version, name: match[2], sql, checksum: createHash('sha256').update(sql).digest('hex') });
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
    const { rows } = await client.query<{ version: number; name: string; checksum: string }>(
      'SELECT version, name, checksum FROM schema_migrations ORDER BY version',
    );
    const appliedByVersion = new Map(rows.map((r) => [r.version, r]));
    for (const row of rows) {
      const known = migrations.find((m) => m.version === row.version);
      if (known === undefined) {
        throw new MigrationError(
          `database has migration ${String(row.version)} (${row.name}) that this build does not know: is this an older build?`,
        );
      }
      if (known.checksum !== row.checksum) {
        throw new MigrationError(
          `migration ${String(row.version)} (${row.name}) was changed after it was applied; add a new migration instead`,
        );
      }
    }
    const applied: string[] = [];
    for (const migration of migrations) {
      if (appliedByVersion.has(migration.version)) continue;
      await client.query('BEGIN');
      try {
        await client.query(migration.sql);
        await client.query('INSERT INTO schema_migrations (version, name, checksum) VALUES ($1, $2, $3)', [
          migration.version,
          migration.name,
          migration.checksum,
        ]);
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK');
        throw new MigrationError(
          `migration ${String(migration.version)} (${migration.name}) failed: ${(error as Error).message}`,
        );
      }
      applied.push(`${String(migration.version).padStart(4, '0')}_${migration.name}`);
    }
    return { applied, alreadyApplied: appliedByVersion.size };
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [migrationLockKey]).catch(() => undefined);
    client.release();
  }
}
