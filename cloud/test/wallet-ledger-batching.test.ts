// The ledger's throughput changes (issue 29.8) keep their guarantees: account names and kinds are
// still refused when wrong (a trigger since migration 0076, not CHECK constraints re-run on every
// balance update), a request hash that is not 64 hex digits never reaches the joined columns of
// a batch, and commands submitted in the same turn of the event loop share one group commit.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { AppError } from '@ismail/shared';
import type { Database } from '../src/platform/db/database.js';
import { Ledger, requestHash } from '../src/modules/wallet/ledger.js';
import { ledgerAccount } from '../src/modules/wallet/ledger-accounts.js';
import type { LedgerCommand } from '../src/modules/wallet/ledger-types.js';
import { checkLedger } from '../src/modules/wallet/ledger-check.js';
import { migrate } from '../src/platform/db/migrate.js';
import { everyTestBackend } from './support/databases.js';
import { insertAccount } from './support/wallet-fixtures.js';

async function sqlState(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    return String((error as { code?: unknown }).code);
  }
  return 'accepted';
}

const topUp = (walletOf: string, amount: number, key: string = randomUUID()): LedgerCommand => ({
  scope: 'system',
  idempotencyKey: key,
  requestHash: requestHash('bench_fund', { walletOf, amount, key }),
  kind: 'top_up',
  legs: [
    {
      type: 'transfer',
      debit: ledgerAccount.mobileMoneyClearing('wave'),
      credit: ledgerAccount.wallet(walletOf),
      amount,
      leg: 'top_up',
    },
  ],
});

describe.each(everyTestBackend)('ledger batching and account names on $name', (backend) => {
  let db: Database;

  beforeAll(async () => {
    db = await backend.open();
    await migrate(db.pool);
  });
  afterAll(async () => {
    await db.close();
  });

  it('refuses a malformed account name or an unknown kind, on insert and on renaming', async () => {
    const insert = (code: string, kind: string) =>
      db.pool.query('INSERT INTO ledger_accounts (code, kind, debits_must_not_exceed_credits) VALUES ($1, $2, false)', [
        code,
        kind,
      ]);
    expect(await sqlState(insert('Revenue:shop', 'revenue'))).toBe('23514');
    expect(await sqlState(insert('revenue:shop;drop', 'revenue'))).toBe('23514');
    expect(await sqlState(insert(`revenue:${'x'.repeat(65)}`, 'revenue'))).toBe('23514');
    expect(await sqlState(insert('revenue:test_names', 'treasure'))).toBe('23514');
    expect(await sqlState(insert('revenue:test_names', 'revenue'))).toBe('accepted');
    expect(
      await sqlState(db.pool.query("UPDATE ledger_accounts SET code = 'Bad name' WHERE code = 'revenue:test_names'")),
    ).toBe('23514');
    expect(
      await sqlState(db.pool.query("UPDATE ledger_accounts SET kind = 'treasure' WHERE code = 'revenue:test_names'")),
    ).toBe('23514');
    // A balance update does not touch the name: accepted, and the overdraft rule still holds.
    await db.pool.query(
      "UPDATE ledger_accounts SET credits_posted = credits_posted + 5 WHERE code = 'revenue:test_names'",
    );
    const wallet = await db.pool.query<{ id: string }>(
      `INSERT INTO ledger_accounts (code, kind, debits_must_not_exceed_credits)
       VALUES ('wallet:names-test', 'wallet', true) RETURNING id`,
    );
    expect(
      await sqlState(db.pool.query('UPDATE ledger_accounts SET debits_posted = 1 WHERE id = $1', [wallet.rows[0]?.id])),
    ).toBe('23514');
    // These hand-made totals have no transfers behind them: removed, so the ledger check below holds.
    await db.pool.query("DELETE FROM ledger_accounts WHERE code IN ('revenue:test_names', 'wallet:names-test')");
  });

  it('refuses a request hash that is not 64 lowercase hex digits, before any batch', async () => {
    const ledger = new Ledger(db);
    const command = topUp(await insertAccount(db, 'client'), 100);
    for (const bad of [
      '',
      'a'.repeat(63),
      `${'a'.repeat(63)},`,
      'A'.repeat(64),
      `${'a'.repeat(32)},${'b'.repeat(31)}`,
    ]) {
      const refused = await ledger.submit({ ...command, requestHash: bad }).catch((error: unknown) => error);
      expect(refused).toBeInstanceOf(AppError);
      expect((refused as AppError).code).toBe('VALIDATION_FAILED');
    }
    expect(ledger.stats.batches).toBe(0);
  });

  it('stores free texts exactly as given in one batch, and refuses one that holds the unit separator', async () => {
    const ledger = new Ledger(db);
    const owner = await insertAccount(db, 'client');
    // Characters an array literal would have to quote or escape, and one key per command of one batch.
    const awkward = ['a,b', 'quo"te', '{brace}', 'back\\slash', 'NULL', ' spaced ', 'é€😀', "it's"];
    const facts = { note: 'line\nbreak, "quoted", control \u0001 and \u001f', n: 1 };
    const commands = awkward.map((key, i) => ({
      ...topUp(owner, 10, key),
      scope: `scope ${key}`,
      kind: i % 2 === 0 ? 'top_up' : `top,up ${key}`.slice(0, 40),
      facts,
    }));
    const outcomes = await Promise.all(commands.map((c) => ledger.submit(c)));
    expect(ledger.stats.batches).toBe(1);
    const stored = await db.pool.query<{
      id: string;
      scope: string;
      idempotency_key: string;
      kind: string;
      facts: unknown;
    }>('SELECT id, scope, idempotency_key, kind, facts FROM ledger_operations WHERE id = ANY($1::uuid[])', [
      outcomes.map((o) => o.result.operationId),
    ]);
    const byId = new Map(stored.rows.map((r) => [r.id, r]));
    commands.forEach((c, i) => {
      const row = byId.get(outcomes[i]?.result.operationId ?? '');
      expect(row).toMatchObject({ scope: c.scope, idempotency_key: c.idempotencyKey, kind: c.kind, facts });
    });
    const legs = await db.pool.query<{ leg: string }>(
      'SELECT DISTINCT leg FROM ledger_transfers WHERE operation_id = ANY($1::uuid[])',
      [outcomes.map((o) => o.result.operationId)],
    );
    expect(legs.rows).toEqual([{ leg: 'top_up' }]);

    const command = topUp(owner, 10);
    const [leg] = command.legs;
    if (leg?.type !== 'transfer') throw new Error('fixture');
    for (const bad of [
      { ...command, idempotencyKey: 'a\u001fb' },
      { ...command, scope: 'system\u001f' },
      { ...command, kind: '\u001f' },
      { ...command, legs: [{ ...leg, leg: 'top\u001fup' }] },
      { ...command, idempotencyKey: '' },
      { ...command, legs: [{ ...leg, leg: '' }] },
    ]) {
      const refused = await ledger.submit(bad).catch((error: unknown) => error);
      expect((refused as AppError).code).toBe('VALIDATION_FAILED');
    }
    expect(ledger.stats.batches).toBe(1);
  });

  it('puts the commands of one turn of the event loop into one group commit; the books stay balanced', async () => {
    const ledger = new Ledger(db);
    const owner = await insertAccount(db, 'client');
    const commands = Array.from({ length: 40 }, () => topUp(owner, 25));
    const outcomes = await Promise.all(commands.map((c) => ledger.submit(c)));
    expect(outcomes.every((o) => !o.replayed)).toBe(true);
    expect(ledger.stats).toMatchObject({ batches: 1, commands: 40 });
    // The same commands again in one turn: one more commit, every one a replay of its first result.
    const replays = await Promise.all(commands.map((c) => ledger.submit(c)));
    expect(ledger.stats).toMatchObject({ batches: 2, commands: 80 });
    replays.forEach((r, i) => {
      expect(r.replayed).toBe(true);
      expect(r.result.operationId).toBe(outcomes[i]?.result.operationId);
    });
    const balance = await db.pool.query<{ credits: string }>(
      'SELECT credits_posted AS credits FROM ledger_accounts WHERE code = $1',
      [ledgerAccount.wallet(owner).code],
    );
    expect(Number(balance.rows[0]?.credits)).toBe(40 * 25);
    expect((await checkLedger(db)).ok).toBe(true);
  });
});
