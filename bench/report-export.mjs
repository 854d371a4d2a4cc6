#!/usr/bin/env node
// Benchmark: a report export through its real path (issue 27): N sales written straight into the ledger of a
// throwaway embedded database (SQL generate_series), then the `reports.sales` export job run by the documents
// module's runner (definition's keyset pages → streamed XLSX with backpressure → the sealed document store). Prints
// rows per second and peak RSS growth per size, each size in a fresh process (RSS never shrinks, so sizes measured one
// after another would hide growth), then the growth from the smaller size to the larger against the 30 MiB target.
// Usage: npm run build && node bench/report-export.mjs [small large]   (default 100000 300000; CI: 20000 60000)
import { spawnSync } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(import.meta.url);
const flatWithinMiB = 30;
const dist = '../cloud/dist/src';

/** One measurement in this process: `total` sales into one partner's wallet, exported as XLSX; prints one JSON line. */
async function measureOne(total) {
  const { openDatabase } = await import(`${dist}/platform/db/database.js`);
  const { migrate } = await import(`${dist}/platform/db/migrate.js`);
  const { PgDocumentStore } = await import(`${dist}/platform/documents/store.js`);
  const { PgExportJobs } = await import(`${dist}/platform/documents/export-jobs.js`);
  const { SignedDocumentLinks, documentLinkKey } = await import(`${dist}/platform/documents/links.js`);
  const { registerReportJobs } = await import(`${dist}/modules/reports/export-jobs.js`);

  const db = await openDatabase({ url: undefined, poolMax: 1, embeddedDataDir: 'memory://' });
  await migrate(db.pool);
  const partner = randomUUID();
  const client = randomUUID();
  const q = (sql, params) => db.pool.query(sql, params);
  await q(
    `INSERT INTO accounts (id, profile, display_name, first_name, last_name, email, password_hash, status)
     VALUES ($1, 'partner', 'Maquis Bench', 'Awa', 'Bench', 'partner@bench.ismail.ci', 'x', 'active'),
            ($2, 'client', 'Client Bench', 'Koffi', 'Bench', 'client@bench.ismail.ci', 'x', 'active')`,
    [partner, client],
  );
  const wallets = await q(
    `INSERT INTO ledger_accounts (code, kind, owner_account_id, debits_must_not_exceed_credits)
     VALUES ('wallet:' || $1::text, 'wallet', $1::uuid, false), ('wallet:' || $2::text, 'wallet', $2::uuid, false)
     RETURNING id, owner_account_id`,
    [partner, client],
  );
  const walletOf = (id) => wallets.rows.find((r) => r.owner_account_id === id).id;
  const operation = randomUUID();
  const start = new Date(Date.UTC(2026, 10, 1));
  await q(
    `INSERT INTO ledger_operations (id, batch_id, scope, idempotency_key, request_hash, kind, facts, created_at)
     VALUES ($1, 1, 'bench', $2, repeat('0', 64), 'pay', '{"module":"shop"}', $3)`,
    [operation, `bench-${operation}`, start],
  );
  // One sale a few seconds apart over the period (100,000 lines span about 11 days).
  await q(
    `INSERT INTO ledger_transfers (id, operation_id, debit_account_id, credit_account_id, amount, leg, phase, created_at)
     SELECT gen_random_uuid(), $1, $2, $3, 100 + (g % 5000), 'payment', 'single', $4::timestamptz + g * interval '9 s'
     FROM generate_series(1, $5::int) g`,
    [operation, walletOf(client), walletOf(partner), start, total],
  );
  // A server's autovacuum analyses a table after such a load; the embedded database has none, and without statistics
  // its planner sorts the rest of the period at every page (measured: 751 rows/s at 100 000 lines, not 22 000).
  await q('ANALYZE');
  const masterKey = { bytes: randomBytes(32) };
  const now = () => new Date();
  const store = new PgDocumentStore({ db, masterKey, now });
  const links = new SignedDocumentLinks(documentLinkKey(masterKey), now);
  let failure = null;
  const jobs = new PgExportJobs({
    db,
    store,
    links,
    onDone: async () => undefined,
    onError: (error) => (failure = error),
  });
  registerReportJobs(db, jobs);
  const to = new Date(start.getTime() + (total + 1) * 9000).toISOString().slice(0, 10);
  const { jobId } = await jobs.start({
    kind: 'reports.sales',
    accountId: partner,
    label: 'bench',
    params: { from: '2026-11-01', to, module: null, format: 'xlsx' },
  });

  global.gc?.();
  const base = process.memoryUsage().rss;
  let peak = base;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  const started = performance.now();
  await jobs.runQueued(Date.now() + 30 * 60_000);
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().rss);
  const view = await jobs.view(jobId, partner);
  if (view?.status !== 'done') throw new Error(`job ${view?.status}: ${view?.error} ${String(failure)}`);
  const document = await db.pool.query('SELECT size_bytes FROM documents ORDER BY created_at DESC LIMIT 1');
  const bytes = Number(document.rows[0]?.size_bytes ?? 0);
  if (view.doneRows !== total) throw new Error(`exported ${view.doneRows} rows of ${total}`);
  await db.close();
  console.log(JSON.stringify({ perSecond: total / seconds, peakMiB: (peak - base) / 1048576, bytes, seconds }));
}

function child(total) {
  const run = spawnSync(process.execPath, ['--expose-gc', here, '--one', String(total)], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`${String(total)}: ${run.stderr}`);
  return JSON.parse(run.stdout.trim().split('\n').at(-1));
}

if (process.argv[2] === '--one') {
  await measureOne(Number(process.argv[3]));
  process.exit(0);
} else {
  const small = Number(process.argv[2] ?? '100000');
  const large = Number(process.argv[3] ?? '300000');
  const figures = {};
  for (const total of [small, large]) {
    const f = child(total);
    figures[total] = f;
    console.log(
      `XLSX ${String(total).padStart(7)} sales ${String(Math.round(f.perSecond)).padStart(7)} rows/s ` +
        `(${f.seconds.toFixed(1)} s)   peak +${f.peakMiB.toFixed(0).padStart(4)} MiB   file ${(f.bytes / 1048576).toFixed(1)} MiB`,
    );
  }
  const growth = figures[large].peakMiB - figures[small].peakMiB;
  const met = growth <= flatWithinMiB;
  console.log(
    `report export peak grows ${growth.toFixed(0)} MiB from ${small} to ${large} sales ` +
      `(target: flat within ${flatWithinMiB} MiB: ${met ? 'met' : 'NOT met'})`,
  );
  if (!met) process.exitCode = 1;
}
