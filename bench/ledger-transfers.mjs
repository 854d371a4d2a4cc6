#!/usr/bin/env node
// Benchmark: wallet transfers per second through the ledger's real write path (Ledger.submit:
// idempotency lookup, row locks, balance checks, immutable operation + transfer rows, account
// totals, one audit entry per group commit) with durable commits and many concurrent clients,
// compared in the same run with the same number of plain batched INSERTs into a table of the
// same width as ledger_transfers (the ceiling: what the disk and PostgreSQL allow at all).
// A second figure measures the full operation (WalletOperations.transfer: account checks too).
// Targets (issue 29): >= 20,000 transfers/s and >= 1/3 of the ceiling on a 2-core machine.
// Each line also says the CPU time per transfer of PostgreSQL and of this process: rates move
// with whatever else the machine is doing, CPU per transfer hardly does, so runs on a loaded
// machine can still be compared (bench/support/cpu-time.mjs).
//
// Usage: npm run build && ISMAIL_BENCH_DATABASE_URL=postgres://... node bench/ledger-transfers.mjs [transfers] [clients]
// (falls back to ISMAIL_TEST_DATABASE_URL, which .ci/run sets). A fresh database is created and dropped.
// ISMAIL_BENCH_CPU_PROF=<folder> writes a CPU profile of the Ledger.submit phase alone there (ledger.cpuprofile, for
// Chrome DevTools or any .cpuprofile reader): where this process's share of a transfer goes.
import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import os from 'node:os';
import path from 'node:path';
import { Ledger, requestHash } from '../cloud/dist/src/modules/wallet/ledger.js';
import { freshDatabase } from './support/fresh-database.mjs';
import { cpuMeter, formatCpu, postmasterPid } from './support/cpu-time.mjs';
import { checkLedger } from '../cloud/dist/src/modules/wallet/ledger-check.js';
import { WalletOperations } from '../cloud/dist/src/modules/wallet/operations.js';
import { seedDefaultRates } from '../cloud/dist/src/modules/wallet/rates.js';
import { ledgerAccount } from '../cloud/dist/src/modules/wallet/ledger-accounts.js';

const transfers = Number(process.argv[2] ?? '100000');
const clients = Number(process.argv[3] ?? '256');
const wallets = 1000;
const ceilingBatchRows = 1000;
const { db, drop } = await freshDatabase('ledger bench', 16);

try {
  await seedDefaultRates(db.pool);
  const serverPid = await postmasterPid(db.pool);
  const settings = await db.pool.query(
    "SELECT current_setting('fsync') AS fsync, current_setting('synchronous_commit') AS sc",
  );
  console.log(
    `ledger bench: ${transfers} transfers, ${clients} concurrent clients, ${wallets} wallets; fsync=${settings.rows[0].fsync} synchronous_commit=${settings.rows[0].sc}`,
  );

  const ids = Array.from({ length: wallets }, () => randomUUID());
  await db.pool.query(
    `INSERT INTO accounts (id, profile, display_name, first_name, last_name, email, password_hash, status)
     SELECT id, 'client', 'Bench', 'Bench', 'Client', id::text || '@bench.ismail.ci', 'x', 'active' FROM unnest($1::uuid[]) AS id`,
    [ids],
  );
  const ledger = new Ledger(db);
  await Promise.all(
    ids.map((id) =>
      ledger.submit({
        scope: 'system',
        idempotencyKey: `fund-${id}`,
        requestHash: requestHash('fund', { id }),
        kind: 'bench_fund',
        legs: [
          {
            type: 'transfer',
            debit: ledgerAccount.mobileMoneyClearing('bench'),
            credit: ledgerAccount.wallet(id),
            amount: 100_000_000,
            leg: 'top_up',
          },
        ],
      }),
    ),
  );

  // The ceiling: same row count, same width, batched, durable, two connections like the ledger.
  await db.pool.query(`CREATE TABLE bench_ceiling (
    id uuid PRIMARY KEY, seq bigserial NOT NULL UNIQUE, operation_id uuid NOT NULL, debit_account_id bigint NOT NULL,
    credit_account_id bigint NOT NULL, amount bigint NOT NULL, leg text NOT NULL, phase text NOT NULL, pending_id uuid,
    timeout_at timestamptz, created_at timestamptz NOT NULL)`);
  const ceilingCpu = cpuMeter(serverPid);
  const ceilingStarted = performance.now();
  let inserted = 0;
  async function ceilingWorker() {
    while (inserted < transfers) {
      const n = Math.min(ceilingBatchRows, transfers - inserted);
      inserted += n;
      const rows = Array.from({ length: n }, () => randomUUID());
      await db.pool.query(
        `INSERT INTO bench_ceiling (id, operation_id, debit_account_id, credit_account_id, amount, leg, phase, created_at)
         SELECT u.id, u.op, 1, 2, 100, 'transfer', 'single', now() FROM unnest($1::uuid[], $2::uuid[]) AS u(id, op)`,
        [rows, rows.map(() => randomUUID())],
      );
    }
  }
  await Promise.all([ceilingWorker(), ceilingWorker()]);
  const ceilingPerSecond = transfers / ((performance.now() - ceilingStarted) / 1000);
  const ceilingCpuPerRow = ceilingCpu.perItem(transfers);

  async function run(label, submitOne) {
    let issued = 0;
    let refused = 0;
    const before = { ...ledger.stats };
    const meter = cpuMeter(serverPid);
    const started = performance.now();
    async function client() {
      while (issued < transfers) {
        issued++;
        try {
          await submitOne();
        } catch (error) {
          refused++;
          if (refused < 5) console.error(`${label}: refused: ${error.code ?? ''} ${error.message}`);
        }
      }
    }
    await Promise.all(Array.from({ length: clients }, client));
    const seconds = (performance.now() - started) / 1000;
    const cpu = meter.perItem(transfers);
    const batches = ledger.stats.batches - before.batches;
    const perSecond = transfers / seconds;
    const misses = ledger.stats.misses - before.misses;
    console.log(
      `${label.padEnd(58)} ${Math.round(perSecond).toString().padStart(8)} /s  (${batches} group commits, ${Math.round(transfers / Math.max(1, batches))} per commit, ${misses} run again under locks, ${refused} refused; ${formatCpu(cpu, 'transfer')})`,
    );
    return { perSecond, cpu };
  }

  const pick = () => ids[Math.floor(Math.random() * wallets)];
  const profileDir = process.env.ISMAIL_BENCH_CPU_PROF;
  const profiler = profileDir ? new Session() : undefined;
  if (profiler !== undefined) {
    profiler.connect();
    await profiler.post('Profiler.enable');
    await profiler.post('Profiler.start');
  }
  const { perSecond: ledgerPerSecond, cpu: ledgerCpu } = await run(
    'ledger: Ledger.submit (one wallet-to-wallet transfer each)',
    async () => {
      const from = pick();
      let to = pick();
      while (to === from) to = pick();
      const amount = 1 + Math.floor(Math.random() * 100);
      const request = { from, to, amount };
      await ledger.submit({
        scope: from,
        idempotencyKey: randomUUID(),
        requestHash: requestHash('transfer', request),
        kind: 'transfer',
        legs: [
          {
            type: 'transfer',
            debit: ledgerAccount.wallet(from),
            credit: ledgerAccount.wallet(to),
            amount,
            leg: 'transfer',
          },
        ],
      });
    },
  );
  if (profiler !== undefined) {
    const { profile } = await profiler.post('Profiler.stop');
    mkdirSync(profileDir, { recursive: true });
    writeFileSync(path.join(profileDir, 'ledger.cpuprofile'), JSON.stringify(profile));
    profiler.disconnect();
    console.log(`CPU profile of the ledger phase: ${path.join(profileDir, 'ledger.cpuprofile')}`);
  }
  const ops = new WalletOperations(db, ledger);
  const { perSecond: opsPerSecond } = await run(
    'operation: WalletOperations.transfer (with account checks)',
    async () => {
      const from = pick();
      let to = pick();
      while (to === from) to = pick();
      await ops.transfer(
        { actor: { label: 'bench' }, scope: from, idempotencyKey: randomUUID() },
        { fromId: from, toId: to, amountCentiCredits: 1 + Math.floor(Math.random() * 100) },
      );
    },
  );
  console.log(
    `${'ceiling: plain batched INSERTs of the same width'.padEnd(58)} ${Math.round(ceilingPerSecond).toString().padStart(8)} /s  (${formatCpu(ceilingCpuPerRow, 'row')})`,
  );
  const cpuRatio =
    ledgerCpu.totalUs === undefined || ceilingCpuPerRow.totalUs === undefined
      ? 'n/a'
      : (ceilingCpuPerRow.totalUs / ledgerCpu.totalUs).toFixed(2);
  console.log(
    `ratio ledger / ceiling: ${(ledgerPerSecond / ceilingPerSecond).toFixed(2)} (target >= 0.33; by CPU per item ${cpuRatio}); ledger ${ledgerPerSecond >= 20_000 ? '>=' : '<'} 20,000/s; operation path ${Math.round(opsPerSecond)}/s; load average ${os.loadavg()[0].toFixed(1)}`,
  );

  const check = await checkLedger(db);
  console.log(
    `ledger check after the run: ${check.ok ? 'ok' : 'FAILED'}; ${check.totals.transfers} transfers, sum of balances ${check.totals.sumOfBalances}`,
  );
  if (!check.ok) {
    console.error(check.problems.join('\n'));
    process.exitCode = 1;
  }
} finally {
  await drop();
}
