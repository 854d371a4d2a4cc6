// A throwaway database on the PostgreSQL server a benchmark was pointed at
// (ISMAIL_BENCH_DATABASE_URL, else ISMAIL_TEST_DATABASE_URL), or on a throwaway server of
// Debian's PostgreSQL started for this run (tools/pg-server.mjs, as `npm test` does);
// migrated, and dropped (the throwaway server stopped) by `drop()` whatever happened.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDatabase } from '../../cloud/dist/src/platform/db/database.js';
import { migrate } from '../../cloud/dist/src/platform/db/migrate.js';
import { startPostgresServer } from '../../tools/pg-server.mjs';

export async function freshDatabase(benchName, poolMax) {
  const given = process.env.ISMAIL_BENCH_DATABASE_URL || process.env.ISMAIL_TEST_DATABASE_URL;
  const server = given
    ? undefined
    : await startPostgresServer().catch((error) => {
        console.error(`${benchName}: ${error.message}; or set ISMAIL_BENCH_DATABASE_URL to a PostgreSQL server URL`);
        process.exit(2);
      });
  // A benchmark that throws must not leave the throwaway server running.
  if (server !== undefined) process.on('exit', server.stop);
  const serverUrl = given || server.url;
  const name = `ismail_bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const db = await openDatabase({ url: url.toString(), poolMax, embeddedDataDir: 'unused' });
  await migrate(db.pool);
  return {
    db,
    url: url.toString(),
    async drop() {
      await db.close();
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
      server?.stop();
    },
  };
}
