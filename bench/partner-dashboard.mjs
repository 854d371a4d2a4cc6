#!/usr/bin/env node
// Benchmark: a partner's dashboard answer (every figure and series the partner's GET /v1/dashboard returns:
// sales today / week / month and the 12-month curve, open orders and bookings, credits, low stock, consumption
// by module) for a partner with a year of sales, compared in the same run with a plain indexed
// `SELECT count(*)` over the same sales rows (an index-only scan of invoices_issuer): the dashboard reads the day
// rows the invoices' trigger keeps (migration 0039), never the invoices themselves.
// Target (issue 23): median <= 200 ms on a 2-core machine.
//
// Usage: npm run build && node bench/partner-dashboard.mjs [sales] [orders] [runs]
//   full: node bench/partner-dashboard.mjs 100000 20000 30      short (CI): node bench/partner-dashboard.mjs --short
// On ISMAIL_BENCH_DATABASE_URL (else ISMAIL_TEST_DATABASE_URL, else a throwaway PostgreSQL server); a fresh
// database is created and dropped.
import { randomUUID } from 'node:crypto';
import { dashboardWidgets } from '../cloud/dist/src/modules/dashboard/kpis.js';
import { freshDatabase } from './support/fresh-database.mjs';

const short = process.argv[2] === '--short';
const sales = short ? 10_000 : Number(process.argv[2] ?? '100000');
const orders = short ? 2_000 : Number(process.argv[3] ?? '20000');
const runs = short ? 10 : Number(process.argv[4] ?? '30');
const targetMs = 200;

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
};

async function timed(fn) {
  const times = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await fn();
    times.push(performance.now() - started);
  }
  return median(times);
}

const { db, drop } = await freshDatabase('dashboard bench', 8);
try {
  const partner = randomUUID();
  const other = randomUUID();
  const buyer = randomUUID();
  await db.pool.query(
    `INSERT INTO accounts (id, profile, display_name, first_name, last_name, email, password_hash, status)
     SELECT id, p, 'Bench', 'Bench', 'Bench', id::text || '@bench.ismail.ci', 'x', 'active'
     FROM unnest($1::uuid[], $2::text[]) AS u(id, p)`,
    [
      [partner, other, buyer],
      ['partner', 'partner', 'client'],
    ],
  );
  const seedStarted = performance.now();
  // A year of issued invoices, one in 20 a credit note, through the trigger as the cloud's own issue makes them;
  // another partner's as many beside them (the dashboard must not read those either).
  for (const issuer of [partner, other]) {
    await db.pool.query(
      `INSERT INTO invoices (id, issuer_account_id, register, kind, status, document, totals, number, issued_at,
         content_hash, created_by)
       SELECT gen_random_uuid(), $1, 'cloud', 'invoice', 'issued', '{}',
              jsonb_build_object('grossXof', 500 + (i * 7919) % 50000), 'B-' || i,
              now() - (i % 365) * interval '1 day' - (i % 86400) * interval '1 second', repeat('a', 64), 'bench'
       FROM generate_series(1, $2::int) AS i`,
      [issuer, sales],
    );
  }
  // The day rows of 300 other partners beside: what the read model holds on a live cloud, so the planner chooses
  // as it would there (on the bench's two partners alone a sequential scan of 732 rows is as good as the index).
  const others = Array.from({ length: 300 }, () => randomUUID());
  await db.pool.query(
    `INSERT INTO accounts (id, profile, display_name, first_name, last_name, email, password_hash, status)
     SELECT id, 'partner', 'Bench', 'Bench', 'Bench', id::text || '@bench.ismail.ci', 'x', 'active'
     FROM unnest($1::uuid[]) AS id`,
    [others],
  );
  await db.pool.query(
    `INSERT INTO dashboard_sales_days (issuer_account_id, day, sales, amount_xof)
     SELECT id, current_date - d, 1 + d % 9, 1000 * (1 + d % 50) FROM unnest($1::uuid[]) AS id, generate_series(0, 365) AS d`,
    [others],
  );
  const statuses = ['pending', 'confirmed', 'shipped', 'delivered', 'cancelled'];
  await db.pool.query(
    `INSERT INTO shop_orders (id, buyer_id, partner_id, status, total_xof, total_centi, delivery, hold_id,
       hold_expires_at, idempotency_key, created_at)
     SELECT gen_random_uuid(), $1, $2, ($3::text[])[1 + i % 5], 1000, 100000, 'pickup', gen_random_uuid(),
            now() + interval '1 hour', 'bench-' || i, now() - (i % 365) * interval '1 day'
     FROM generate_series(1, $4::int) AS i`,
    [buyer, partner, statuses, orders],
  );
  await db.pool.query('VACUUM ANALYZE');
  const seedS = (performance.now() - seedStarted) / 1000;
  const dayRows = await db.pool.query(
    'SELECT count(*)::int AS n FROM dashboard_sales_days WHERE issuer_account_id = $1',
    [partner],
  );
  console.log(
    `dashboard bench: ${sales} sales and ${orders} orders over 12 months for one partner (and ${sales} sales of another, a year of days of 300 more), ` +
      `${dayRows.rows[0].n} day rows kept by the trigger; seeded in ${seedS.toFixed(1)} s; median of ${runs} runs`,
  );

  const plan = await db.pool.query(
    `EXPLAIN SELECT day, sales, amount_xof FROM dashboard_sales_days
     WHERE issuer_account_id = $1 AND day >= current_date - 365 AND day <= current_date`,
    [partner],
  );
  console.log(`sales curve plan: ${plan.rows.map((r) => r['QUERY PLAN'].trim()).join(' / ')}`);

  // Warm both the same way: the dashboard's first answer after a restart is not the one measured, nor is the count's.
  const answer = await dashboardWidgets(db, 'partner', partner, new Date());
  const baselineSql = 'SELECT count(*) FROM invoices WHERE issuer_account_id = $1';
  const counted = await db.pool.query(baselineSql, [partner]);
  const month = answer.find((w) => w.widget === 'sales')?.tiles.find((t) => t.key === 'month')?.value;
  const pending = answer.find((w) => w.widget === 'pending')?.tiles.find((t) => t.key === 'orders')?.value;
  console.log(
    `answer: sales this month ${month} FCFA, open orders ${pending}; count(*) says ${counted.rows[0].count} sales`,
  );

  const dashboardMs = await timed(() => dashboardWidgets(db, 'partner', partner, new Date()));
  const baselineMs = await timed(() => db.pool.query(baselineSql, [partner]));
  console.log(
    `${'dashboard: every figure and series of the partner'.padEnd(56)} ${dashboardMs.toFixed(2).padStart(9)} ms median`,
  );
  console.log(
    `${'baseline: SELECT count(*) over its sales (indexed)'.padEnd(56)} ${baselineMs.toFixed(2).padStart(9)} ms median`,
  );
  console.log(
    `ratio dashboard / count(*): ${(dashboardMs / baselineMs).toFixed(2)}; dashboard ${dashboardMs <= targetMs ? '<=' : '>'} ${targetMs} ms (target)`,
  );
  if (dashboardMs > targetMs) process.exitCode = 1;
} finally {
  await drop();
}
