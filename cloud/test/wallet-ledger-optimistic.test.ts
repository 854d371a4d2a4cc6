/**
 * The ledger's optimistic batches (ledger.ts, ledger-write.ts) never decide on a stale balance.
 * A batch reads balances without locks; another process's batch is held open after moving the
 * same wallet (its rows locked, not yet committed). The optimistic batch then meets the fresh
 * balance when it locks: it is run again under locks, and each command gets the answer it
 * would have got on the fresh balance, in order. Two cases:
 * - the stale debit would overdraw the wallet (the no-overdraw constraint catches it);
 * - the command's net change keeps the wallet positive, but its debit comes before its credit,
 *   so on the fresh balance it must be refused (only the ledger's own check catches it).
 * And a replay an optimistic batch did not look up comes back as the stored result.
 *
 * Two transactions at once need the PostgreSQL server (PGlite serves one connection): without
 * ISMAIL_TEST_DATABASE_URL this test fails saying so.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireTestDatabaseUrl } from '../../tools/test-support/system-tools.js';
import { serverName } from '../../tools/test-support/test-databases.js';
import type { Database } from '../src/platform/db/database.js';
import { checkLedger } from '../src/modules/wallet/ledger-check.js';
import { ledgerAccount } from '../src/modules/wallet/ledger-accounts.js';
import { Ledger, requestHash } from '../src/modules/wallet/ledger.js';
import type { LedgerCommand, LedgerOutcome } from '../src/modules/wallet/ledger-types.js';
import { walletBalance } from '../src/modules/wallet/history.js';
import { testBackends } from './support/databases.js';
import { Gate, gatedDatabase } from './support/gated-database.js';
import { insertAccount, walletStack } from './support/wallet-fixtures.js';

/** `from` is a wallet's account id, or 'clearing' for a mobile-money top-up. */
function move(from: string, to: string, amount: number, key = randomUUID()): LedgerCommand {
  return {
    scope: 'optimistic-test',
    idempotencyKey: key,
    requestHash: requestHash('transfer', { from, to, amount }),
    kind: 'transfer',
    legs: [
      {
        type: 'transfer',
        debit: from === 'clearing' ? ledgerAccount.mobileMoneyClearing('optimistic-test') : ledgerAccount.wallet(from),
        credit: ledgerAccount.wallet(to),
        amount,
        leg: 'transfer',
      },
    ],
  };
}

const settle = (p: Promise<LedgerOutcome>): Promise<{ ok: true } | { ok: false; code: string }> =>
  p.then(
    () => ({ ok: true }) as const,
    (error: unknown) => ({ ok: false, code: String((error as { code?: unknown }).code) }) as const,
  );

describe('optimistic ledger batches on the PostgreSQL server (needs ISMAIL_TEST_DATABASE_URL)', () => {
  const backend = testBackends.find((b) => b.name === serverName);
  let db: Database;
  let ledger: Ledger;

  beforeAll(async () => {
    if (backend === undefined) return;
    db = await backend.open();
    ledger = (await walletStack(db)).ledger;
  }, 120_000);
  afterAll(async () => {
    await db?.close();
  });

  /** A wallet funded with `amount`; another ledger's batch (another process) held open after debiting it `held`. */
  async function heldDebit(amount: number, held: number): Promise<{ wallet: string; release: () => Promise<void> }> {
    const wallet = await insertAccount(db, 'client');
    const sink = await insertAccount(db, 'client');
    await ledger.submit(move('clearing', wallet, amount));
    const gate = new Gate();
    const other = new Ledger(gatedDatabase(db, gate));
    gate.armed = true;
    // The gate pauses this batch at the audit lock: after its balance update, rows locked, not committed.
    const pending = other.submit(move(wallet, sink, held));
    await gate.reached;
    return {
      wallet,
      release: async () => {
        gate.open();
        await pending;
      },
    };
  }

  it('runs a debit read on a stale balance again under locks, and refuses it on the fresh one', async () => {
    requireTestDatabaseUrl();
    const { wallet, release } = await heldDebit(10_000, 8_000);
    const before = { ...ledger.stats };
    // Read 10,000 available (the other batch has not committed); 2,000 are left once it does.
    const stale = settle(ledger.submit(move(wallet, await insertAccount(db, 'client'), 5_000)));
    await new Promise((resolve) => setTimeout(resolve, 300));
    await release();
    expect(await stale).toEqual({ ok: false, code: 'INSUFFICIENT_FUNDS' });
    expect(ledger.stats.misses - before.misses).toBe(1);
    expect((await walletBalance(db, wallet)).availableCentiCredits).toBe(2_000);
    expect((await checkLedger(db)).problems).toEqual([]);
  });

  it('refuses a debit that comes before a credit in the same command when the fresh balance cannot pay it', async () => {
    requireTestDatabaseUrl();
    const { wallet, release } = await heldDebit(10_000, 8_000);
    const payer = await insertAccount(db, 'client');
    await ledger.submit(move('clearing', payer, 6_000));
    const before = { ...ledger.stats };
    // One command: 5,000 out of the wallet, then 6,000 into it. Its net (+1,000) leaves the
    // wallet at 3,000 on the fresh balance, so the no-overdraw constraint alone would pass it;
    // in order, the first leg meets 2,000 and the command is refused.
    const out = move(wallet, await insertAccount(db, 'client'), 5_000);
    const back = move(payer, wallet, 6_000);
    const both = settle(ledger.submit({ ...out, legs: [...out.legs, ...back.legs] }));
    await new Promise((resolve) => setTimeout(resolve, 300));
    await release();
    expect(await both).toEqual({ ok: false, code: 'INSUFFICIENT_FUNDS' });
    expect(ledger.stats.misses - before.misses).toBe(1);
    expect((await walletBalance(db, wallet)).availableCentiCredits).toBe(2_000);
    expect((await walletBalance(db, payer)).availableCentiCredits).toBe(6_000);
    expect((await checkLedger(db)).problems).toEqual([]);
  });

  it('answers a replay it did not look up with the stored result, and refuses the key with another body', async () => {
    requireTestDatabaseUrl();
    const wallet = await insertAccount(db, 'client');
    const key = randomUUID();
    const first = await ledger.submit(move('clearing', wallet, 700, key));
    const again = await ledger.submit(move('clearing', wallet, 700, key));
    expect(again.replayed).toBe(true);
    expect(again.result.operationId).toBe(first.result.operationId);
    expect(await settle(ledger.submit(move('clearing', wallet, 900, key)))).toEqual({
      ok: false,
      code: 'IDEMPOTENCY_KEY_REUSED',
    });
    expect((await walletBalance(db, wallet)).availableCentiCredits).toBe(700);
    expect((await checkLedger(db)).problems).toEqual([]);
  });
});
