#!/usr/bin/env node
// Benchmark: what PostgreSQL allows for the ledger's row shapes with no application code at all, as a
// fraction of the plain batched-insert ceiling that bench/ledger-transfers.mjs compares the ledger with
// (issue 29.8 asks >= 0.33 of it). Each shape is written in batches of the same size, two connections at
// once, durable commits, rows built in this process from arrays as the ledger sends them:
//   - the ceiling: one row of ledger_transfers' width, two indexes (id, seq), no balances;
//   - one row per transfer that also carries the operation's idempotency key (unique), with the two
//     per-account indexes history reads (debit, seq) and (credit, seq);
//   - the same plus each account's balance updated by the batch's deltas (what any ledger must do);
//   - today's shape: an operation row (id, unique scope+key, batch id) and a transfer row (id, seq, debit,
//     credit, operation), plus the balances.
// A ledger built on a shape cannot beat the shape's figure; the gap between it and bench/ledger-transfers.mjs
// is the ledger's own code (checks, idempotency replays, results, audit). Not in CI (a study, not a target).
//
// Usage: npm run build && ISMAIL_BENCH_DATABASE_URL=postgres://... \
//   node bench/ledger-shapes.mjs [transfers=100000] [batch=1000]
import { randomUUID } from 'node:crypto';
import { freshDatabase } from './support/fresh-database.mjs';
import { cpuMeter, formatCpu, postmasterPid } from './support/cpu-time.mjs';

const transfers = Number(process.argv[2] ?? '100000');
const batchRows = Number(process.argv[3] ?? '1000');
const accounts = 1000;
if (!Number.isInteger(transfers) || transfers < batchRows || !Number.isInteger(batchRows) || batchRows < 1) {
  console.error('usage: node bench/ledger-shapes.mjs [transfers >= batch] [batch >= 1]');
  process.exit(2);
}
const hash = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
const { db, drop } = await freshDatabase('ledger shapes bench', 4);

/** A batch of random transfers between distinct accounts, with fresh ids and idempotency keys. */
function transfersOf(n) {
  const rows = [];
  for (let i = 0; i < n; i++) {
    const debit = 1 + Math.floor(Math.random() * accounts);
    const credit = (debit % accounts) + 1;
    rows.push({ id: randomUUID(), op: randomUUID(), scope: randomUUID(), key: randomUUID(), debit, credit, amount: 1 });
  }
  return rows;
}

async function inTransaction(work) {
  const client = await db.pool.connect();
  try {
    await client.query('BEGIN');
    await work(client);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}

/** Each account's change in one UPDATE, in id order (as the ledger locks them). */
function updateBalances(client, rows) {
  const delta = new Map();
  for (const r of rows) {
    delta.set(r.debit, (delta.get(r.debit) ?? 0) - r.amount);
    delta.set(r.credit, (delta.get(r.credit) ?? 0) + r.amount);
  }
  const ids = [...delta.keys()].sort((a, b) => a - b);
  return client.query(
    `UPDATE shape_accounts a SET balance = a.balance + u.delta
     FROM unnest($1::bigint[], $2::bigint[]) AS u(id, delta) WHERE a.id = u.id`,
    [ids, ids.map((id) => delta.get(id))],
  );
}

const shapes = {
  ceiling: (client, rows) =>
    client.query(
      `INSERT INTO shape_ceiling (id, operation_id, debit_account_id, credit_account_id, amount, leg, phase, created_at)
       SELECT u.id, u.op, 1, 2, 100, 'transfer', 'single', now() FROM unnest($1::uuid[], $2::uuid[]) AS u(id, op)`,
      [rows.map((r) => r.id), rows.map((r) => r.op)],
    ),
  oneRow: (client, rows) =>
    client.query(
      `INSERT INTO shape_one_row (id, scope, idempotency_key, request_hash, kind, debit_account_id, credit_account_id,
         amount, leg, created_at)
       SELECT u.id, u.scope, u.key, $6, 'transfer', u.debit, u.credit, u.amount, 'transfer', now()
       FROM unnest($1::uuid[], $2::text[], $3::text[], $4::bigint[], $5::bigint[], $7::bigint[])
         AS u(id, scope, key, debit, credit, amount)`,
      [
        rows.map((r) => r.id),
        rows.map((r) => r.scope),
        rows.map((r) => r.key),
        rows.map((r) => r.debit),
        rows.map((r) => r.credit),
        hash,
        rows.map((r) => r.amount),
      ],
    ),
  async oneRowAndBalances(client, rows) {
    await shapes.oneRow(client, rows);
    await updateBalances(client, rows);
  },
  async twoRowsAndBalances(client, rows) {
    await client.query(
      `INSERT INTO shape_operations (id, batch_id, scope, idempotency_key, request_hash, kind, created_at)
       SELECT u.id, 1, u.scope, u.key, $4, 'transfer', now()
       FROM unnest($1::uuid[], $2::text[], $3::text[]) AS u(id, scope, key)`,
      [rows.map((r) => r.op), rows.map((r) => r.scope), rows.map((r) => r.key), hash],
    );
    await client.query(
      `INSERT INTO shape_transfers (id, operation_id, debit_account_id, credit_account_id, amount, leg, phase,
         created_at)
       SELECT u.id, u.op, u.debit, u.credit, u.amount, 'transfer', 'single', now()
       FROM unnest($1::uuid[], $2::uuid[], $3::bigint[], $4::bigint[], $5::bigint[])
         AS u(id, op, debit, credit, amount)`,
      [
        rows.map((r) => r.id),
        rows.map((r) => r.op),
        rows.map((r) => r.debit),
        rows.map((r) => r.credit),
        rows.map((r) => r.amount),
      ],
    );
    await updateBalances(client, rows);
  },
};

try {
  await db.pool.query(`
    CREATE TABLE shape_ceiling (id uuid PRIMARY KEY, seq bigserial NOT NULL UNIQUE, operation_id uuid NOT NULL,
      debit_account_id bigint NOT NULL, credit_account_id bigint NOT NULL, amount bigint NOT NULL, leg text NOT NULL,
      phase text NOT NULL, pending_id uuid, timeout_at timestamptz, created_at timestamptz NOT NULL);
    CREATE TABLE shape_accounts (id bigint PRIMARY KEY, balance bigint NOT NULL) WITH (fillfactor = 50);
    INSERT INTO shape_accounts SELECT g, 1000000000 FROM generate_series(1, ${accounts}) g;
    CREATE TABLE shape_one_row (id uuid PRIMARY KEY, seq bigserial NOT NULL, scope text NOT NULL,
      idempotency_key text NOT NULL, request_hash text NOT NULL, kind text NOT NULL, debit_account_id bigint NOT NULL,
      credit_account_id bigint NOT NULL, amount bigint NOT NULL, leg text NOT NULL, created_at timestamptz NOT NULL,
      UNIQUE (scope, idempotency_key));
    CREATE INDEX ON shape_one_row (debit_account_id, seq);
    CREATE INDEX ON shape_one_row (credit_account_id, seq);
    CREATE TABLE shape_operations (id uuid PRIMARY KEY, batch_id bigint NOT NULL, scope text NOT NULL,
      idempotency_key text NOT NULL, request_hash text NOT NULL, kind text NOT NULL, facts json,
      created_at timestamptz NOT NULL, UNIQUE (scope, idempotency_key));
    CREATE INDEX ON shape_operations (batch_id);
    CREATE TABLE shape_transfers (id uuid PRIMARY KEY, seq bigserial NOT NULL UNIQUE, operation_id uuid NOT NULL,
      debit_account_id bigint NOT NULL, credit_account_id bigint NOT NULL, amount bigint NOT NULL, leg text NOT NULL,
      phase text NOT NULL, created_at timestamptz NOT NULL);
    CREATE INDEX ON shape_transfers (debit_account_id, seq);
    CREATE INDEX ON shape_transfers (credit_account_id, seq);
    CREATE INDEX ON shape_transfers (operation_id);`);
  const serverPid = await postmasterPid(db.pool);
  console.log(
    `ledger shapes: ${transfers} transfers per shape, batches of ${batchRows}, 2 connections, ${accounts} accounts`,
  );
  let ceiling;
  for (const [name, label] of [
    ['ceiling', 'ceiling: one row, 2 indexes, no balances'],
    ['oneRow', 'one row with idempotency key, 4 indexes'],
    ['oneRowAndBalances', '... and the balances (one-row ledger)'],
    ['twoRowsAndBalances', 'operation row + transfer row + balances (today)'],
  ]) {
    const meter = cpuMeter(serverPid);
    const started = performance.now();
    let issued = 0;
    const worker = async () => {
      while (issued < transfers) {
        const n = Math.min(batchRows, transfers - issued);
        issued += n;
        const rows = transfersOf(n);
        await inTransaction((client) => shapes[name](client, rows));
      }
    };
    await Promise.all([worker(), worker()]);
    const perSecond = transfers / ((performance.now() - started) / 1000);
    ceiling ??= perSecond;
    const rate = Math.round(perSecond).toString().padStart(8);
    const cpu = formatCpu(meter.perItem(transfers), 'transfer');
    console.log(`${label.padEnd(50)} ${rate} /s  ratio ${(perSecond / ceiling).toFixed(2)}  (${cpu})`);
  }
} finally {
  await drop();
}
