// Proves migrations and health work the same on the embedded PostgreSQL and a real server.
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/platform/db/database.js';
import { cloudMigrationsDir, loadMigrations, migrate, MigrationError } from '../src/platform/db/migrate.js';
import { ensureRoleDefaults, statementTimeoutMs } from '../src/platform/db/role-defaults.js';
import { buildCloudApp } from '../src/app.js';
import { requireTestDatabaseUrl } from '../../tools/test-support/system-tools.js';
import { everyTestBackend, testSecrets } from './support/databases.js';

async function copyMigrations(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'ismail-migrations-'));
  for (const file of await readdir(cloudMigrationsDir))
    await writeFile(path.join(dir, file), await readFile(path.join(cloudMigrationsDir, file)));
  return dir;
}

describe.each(everyTestBackend)('database on $name', (backend) => {
  let db: Database;
  beforeAll(async () => {
    // Empty: these tests are about migrating.
    db = await backend.open({ empty: true });
  });
  afterAll(async () => {
    await db.close();
  });

  it('reports which PostgreSQL it is', async () => {
    const { rows } = await db.pool.query<{ version: string }>('SELECT version()');
    expect(rows[0]?.version).toMatch(/^PostgreSQL \d+/);
    if (backend.name === 'PostgreSQL server') expect(db.kind).toBe('server');
  });

  it('keeps serving after a statement fails (the pool replaces the failed connection)', async () => {
    await expect(db.pool.query('SELECT * FROM no_such_table')).rejects.toThrow(/does not exist/);
    expect((await db.pool.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
    await expect(db.pool.query("DO $$ BEGIN RAISE EXCEPTION 'refused by a trigger'; END $$")).rejects.toThrow(
      /refused by a trigger/,
    );
    await expect(db.pool.query('SELECT $1::int / 0', [1])).rejects.toThrow(/division by zero/);
    expect((await db.pool.query('SELECT 2 AS two')).rows).toEqual([{ two: 2 }]);
  });

  it('applies every migration once, and none on a second start', async () => {
    const dir = await copyMigrations();
    const first = await migrate(db.pool, dir);
    expect(first.applied).toContain('0001_foundation');
    const second = await migrate(db.pool, dir);
    expect(second.applied).toEqual([]);
    expect(second.alreadyApplied).toBe(first.applied.length);
    const { rows } = await db.pool.query<{ n: string }>(
      "SELECT count(*) AS n FROM information_schema.tables WHERE table_name = 'accounts'",
    );
    expect(rows[0]?.n).toBe('1');
  });

  it('refuses to start when an applied migration was edited', async () => {
    const dir = await copyMigrations();
    await migrate(db.pool, dir);
    await writeFile(
      path.join(dir, '0001_foundation.sql'),
      `${await readFile(path.join(dir, '0001_foundation.sql'), 'utf8')}\n-- edited\n`,
    );
    await expect(migrate(db.pool, dir)).rejects.toThrow(/was changed after it was applied/);
  });

  it('rolls a failing migration back completely and records nothing', async () => {
    const dir = await copyMigrations();
    await migrate(db.pool, dir);
    await writeFile(
      path.join(dir, '0999_broken.sql'),
      'CREATE TABLE half_done (id int);\nSELECT * FROM no_such_table;\n',
    );
    await expect(migrate(db.pool, dir)).rejects.toBeInstanceOf(MigrationError);
    const tables = await db.pool.query("SELECT 1 FROM information_schema.tables WHERE table_name = 'half_done'");
    expect(tables.rowCount).toBe(0);
    const recorded = await db.pool.query('SELECT 1 FROM schema_migrations WHERE version = 999');
    expect(recorded.rowCount).toBe(0);
  });

  it('serves GET /health with the database check', async () => {
    const app = await buildCloudApp({ db, logLevel: 'silent', ...testSecrets() });
    const response = await app.inject({ method: 'GET', url: '/health' });
    await app.close();
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ status: 'ok', service: 'cloud', checks: [{ name: 'database', ok: true }] });
  });

  it('sets the statement timeout as the role’s default in this database, never in the start-up packet (PgBouncer)', async () => {
    // A pooler refuses start-up parameters it does not track: the pool sends none.
    expect(db.pool.options).not.toHaveProperty('statement_timeout');
    expect(['set', 'already']).toContain((await ensureRoleDefaults(db.pool)).outcome);
    const again = await ensureRoleDefaults(db.pool);
    expect(again.outcome).toBe('already');
    expect(again.statement).toMatch(/^ALTER ROLE ".+" IN DATABASE ".+" SET statement_timeout = '30000ms'$/);
    if (db.kind === 'server') {
      // A new session, as through a pooler, has it from the role.
      const session = new pg.Client(db.direct);
      await session.connect();
      try {
        expect((await session.query<{ statement_timeout: string }>('SHOW statement_timeout')).rows[0]).toEqual({
          statement_timeout: `${String(statementTimeoutMs / 1000)}s`,
        });
      } finally {
        await session.end();
      }
      // Two processes starting together both find it missing: the one whose ALTER ROLE
      // collides is not "refused" (that would log a false warning), the default is there.
      for (let round = 0; round < 5; round++) {
        await db.pool.query(`${again.statement.replace(/ SET statement_timeout = .*$/, '')} RESET statement_timeout`);
        const outcomes = await Promise.all([ensureRoleDefaults(db.pool), ensureRoleDefaults(db.pool)]);
        expect(outcomes.map((o) => o.outcome).sort()).not.toContain('refused');
      }
      expect((await ensureRoleDefaults(db.pool)).outcome).toBe('already');
    }
  });

  it('lets an older build run beside a newer build’s additive migration, and stops it for any other (rolling deploy)', async () => {
    const older = await copyMigrations();
    await migrate(db.pool, older);
    const newer = await copyMigrations();
    await writeFile(
      path.join(newer, '9001_rolling_extra.sql'),
      '-- ismail:additive\nCREATE TABLE rolling_extra (id int PRIMARY KEY);\nALTER TABLE accounts ADD COLUMN rolling_note text;\n',
    );
    try {
      expect((await migrate(db.pool, newer)).applied).toEqual(['9001_rolling_extra']);
      // The older build starts beside it and says so.
      expect(await migrate(db.pool, older)).toMatchObject({ applied: [], newerAdditive: ['9001_rolling_extra'] });
      // An older build whose own migration is still pending does not apply it under the newer one, out of order.
      const olderWithPending = await copyMigrations();
      await writeFile(path.join(olderWithPending, '8999_late.sql'), 'CREATE TABLE rolling_late (id int);\n');
      await expect(migrate(db.pool, olderWithPending)).rejects.toThrow(/8999 \(late\) is not applied but a newer/);
      // A newer migration that is not additive stops the older build, naming it.
      await writeFile(path.join(newer, '9002_rolling_drop.sql'), 'ALTER TABLE accounts DROP COLUMN rolling_note;\n');
      expect((await migrate(db.pool, newer)).applied).toEqual(['9002_rolling_drop']);
      await expect(migrate(db.pool, older)).rejects.toThrow(
        /9002_rolling_drop from a newer build, not marked additive: stop this older build/,
      );
      // A file marked additive that is not is refused when it is loaded, before anything runs.
      await writeFile(
        path.join(newer, '9003_rolling_lie.sql'),
        '-- ismail:additive\nALTER TABLE rolling_extra RENAME TO rolling_other;\n',
      );
      await expect(migrate(db.pool, newer)).rejects.toThrow(
        /9003_rolling_lie.sql is marked additive but it uses RENAME/,
      );
    } finally {
      await db.pool.query('DROP TABLE IF EXISTS rolling_extra, rolling_late');
      await db.pool.query('ALTER TABLE accounts DROP COLUMN IF EXISTS rolling_note');
      await db.pool.query('DELETE FROM schema_migrations WHERE version >= 8999');
    }
  });
});

describe('health without a database', () => {
  it('answers 503 degraded when PostgreSQL is unreachable', async () => {
    const { openDatabase } = await import('../src/platform/db/database.js');
    // Port 1 on loopback: nothing listens there, so the connection is refused at once.
    const db = await openDatabase({ url: 'postgres://nobody@127.0.0.1:1/none', poolMax: 1, embeddedDataDir: 'unused' });
    const app = await buildCloudApp({ db, logLevel: 'silent', ...testSecrets() });
    const response = await app.inject({ method: 'GET', url: '/health' });
    await app.close();
    await db.close();
    expect(response.statusCode).toBe(503);
    expect(response.json()).toMatchObject({ status: 'degraded', checks: [{ name: 'database', ok: false }] });
  });
});

// Three migrations at once over one pool's connections, as several cloud processes starting
// together would (the embedded PGlite has one connection, so this needs the server). Never
// skipped: without ISMAIL_TEST_DATABASE_URL (which `npm test` sets) it fails saying so.
describe('migrations from several connections at once (PostgreSQL server)', () => {
  it('serialises concurrent start-ups on the advisory lock (needs ISMAIL_TEST_DATABASE_URL)', async () => {
    requireTestDatabaseUrl();
    const server = everyTestBackend.find((b) => b.name === 'PostgreSQL server');
    if (server === undefined)
      throw new Error(
        'ISMAIL_TEST_DATABASE_URL is set but cloud/test/support/databases.ts gave no PostgreSQL server backend',
      );
    const db = await server.open({ empty: true });
    try {
      const dir = await copyMigrations();
      const reports = await Promise.all([migrate(db.pool, dir), migrate(db.pool, dir), migrate(db.pool, dir)]);
      const all = (await loadMigrations(dir)).map((m) => `${String(m.version).padStart(4, '0')}_${m.name}`);
      expect(reports.flatMap((r) => r.applied).sort()).toEqual(all);
    } finally {
      await db.close();
    }
  });
});
