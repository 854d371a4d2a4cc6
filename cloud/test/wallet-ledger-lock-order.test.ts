/**
 * Batches from several cloud processes lock the accounts they move in one order, so they never
 * deadlock. Each process keeps two batches in flight (ledger.ts); two processes make four
 * batches that can be in their balance update at the same moment. If the update locked rows in
 * whatever order its plan visited them, two batches could each hold an account the other waits
 * for: PostgreSQL finds the cycle only after `deadlock_timeout` (1 s), aborts one batch and it
 * runs again: bench/ledger-transfers.mjs with three batches in flight fell from ~15,000 to ~900
 * transfers/s that way. Here: three ledgers (three processes) move credits among few wallets at
 * once, and the server must record no deadlock and no batch may have been retried.
 *
 * Several transactions at once need the PostgreSQL server (PGlite serves one connection):
 * without ISMAIL_TEST_DATABASE_URL this test fails saying so.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireTestDatabaseUrl } from '../../tools/test-support/system-tools.js';
import { serverName } from '../../tools/test-support/test-databases.js';
import type { Database } from '../src/platform/db/database.js';
import { checkLedger } from '../src/modules/wallet/ledger-check.js';
import { ledgerAccount } from '../src/modules/wallet/ledger-accounts.js';
import { Ledger, requestHash } from '../src/modules/wallet/ledger.js';
import type { LedgerCommand } from '../src/modules/wallet/ledger-types.js';
import { migrate } from '../src/platform/db/migrate.js';
import { testBackends } from './support/databases.js';
import { insertAccount } from './support/wallet-fixtures.js';

function move(debit: ReturnType<typeof ledgerAccount.wallet>, credit: typeof debit, amount: number): LedgerCommand {
  const key = randomUUID();
  return {
    scope: 'lock-order-test',
    idempotencyKey: key,
    requestHash: requestHash('transfer', { key, amount }),
    kind: 'transfer',
    legs: [{ type: 'transfer', debit, credit, amount, leg: 'transfer' }],
  };
}

describe('ledger batches of several processes at once (needs ISMAIL_TEST_DATABASE_URL)', () => {
  const backend = testBackends.find((b) => b.name === serverName);
  let db: Database;

  beforeAll(async () => {
    if (backend === undefined) return;
    db = await backend.open();
    await migrate(db.pool);
  }, 120_000);
  afterAll(async () => {
    await db?.close();
  });

  it('never deadlocks: four batches in their balance updates at once lock accounts in one order', async () => {
    requireTestDatabaseUrl();
    const wallets = await Promise.all(
      Array.from({ length: 120 }, async () => ledgerAccount.wallet(await insertAccount(db, 'client'))),
    );
    const funding = new Ledger(db);
    await Promise.all(
      wallets.map((w) => funding.submit(move(ledgerAccount.mobileMoneyClearing('lock-order'), w, 1_000_000))),
    );
    // Planned on real statistics, as a cloud that has run a while would.
    await db.pool.query('ANALYZE ledger_accounts');
    const deadlocks = async () =>
      Number(
        (
          await db.pool.query<{ n: string }>(
            'SELECT deadlocks AS n FROM pg_stat_database WHERE datname = current_database()',
          )
        ).rows[0]?.n,
      );
    const deadlocksBefore = await deadlocks();

    const processes = Array.from({ length: 3 }, () => new Ledger(db, { maxInFlight: 2, maxBatchCommands: 60 }));
    const pick = () => wallets[Math.floor(Math.random() * wallets.length)] ?? wallets[0];
    let remaining = 4_000;
    await Promise.all(
      Array.from({ length: 600 }, async (_, client) => {
        const ledger = processes[client % processes.length] as Ledger;
        while (remaining-- > 0) {
          const from = pick();
          let to = pick();
          while (to === from) to = pick();
          if (from === undefined || to === undefined) throw new Error('no wallets');
          await ledger.submit(move(from, to, 1 + Math.floor(Math.random() * 50)));
        }
      }),
    );

    // pg_stat_database is updated when a backend reports; give it the moment it takes.
    await new Promise((resolve) => setTimeout(resolve, 700));
    await db.pool.query('SELECT pg_stat_clear_snapshot()');
    expect(await deadlocks()).toBe(deadlocksBefore);
    expect(processes.map((l) => l.stats.retries)).toEqual([0, 0, 0]);
    expect(processes.reduce((n, l) => n + l.stats.commands, 0)).toBe(4_000);
    expect((await checkLedger(db)).problems).toEqual([]);
  }, 180_000);
});
