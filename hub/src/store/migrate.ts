/**
 * Versioned SQL migrations for the hub's SQLite file, applied at start-up. Each file runs
 * in one transaction with its bookkeeping row (SQLite DDL is transactional), so a power cut
 * mid-migration leaves the previous version. An edited, already-applied migration stops
 * start-up instead of drifting.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { hubPackageRoot } from '../package-root.js';
import type { HubDatabase } from './open.js';

export const hubMigrationsDir = path.join(hubPackageRoot, 'migrations');

export function migrateHubDatabase(db: HubDatabase, dir: string = hubMigrationsDir): string[] {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    checksum TEXT NOT NULL,
    applied_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
  ) STRICT`);
  const applied = new Map(
    (
      db.prepare('SELECT version, name, checksum FROM schema_migrations').all() as {
        version: number;
        name: string;
        checksum: string;
      }[]
    ).map((r) => [r.version, r]),
  );
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.sql'))
    .sort();
  const newlyApplied: string[] = [];
  for (const file of files) {
    const match = /^(\d{4})_([a-z0-9_]+)\.sql$/.exec(file);
    if (match?.[1] === undefined || match[2] === undefined)
      throw new Error(`hub migration ${file} must be named NNNN_lower_snake_name.sql`);
    const version = Number(match[1]);
    const sql = readFileSync(path.join(dir, file), 'utf8');
    const checksum = createHash('sha256').update(sql).digest('hex');
    const previous = applied.get(version);
    if (previous !== undefined) {
      if (previous.checksum !== checksum)
        throw new Error(`hub migration ${file} was changed after it was applied; add a new migration instead`);
      continue;
    }
    db.transaction(() => {
      db.exec(sql);
      db.prepare('INSERT INTO schema_migrations (version, name, checksum) VALUES (?, ?, ?)').run(
        version,
        match[2],
        checksum,
      );
    })();
    newlyApplied.push(file);
  }
  return newlyApplied;
}
