// Proves ledger batch ids are handed out in commit order, so a reader that remembers "the
// highest batch id I saw" never skips a batch: a batch that draws its id and is then held up
// (here: paused just before the audit lock, as a slow connection or a lock queue would) is
// overtaken by a second batch, and the late one still gets a higher id than every batch a
// reader could have seen before it committed. Two transactions at once need the PostgreSQL
// server (PGlite serves one connection, so it cannot interleave them); on PGlite the test
// checks the same invariant (id order = audit order) on batches committed one after another.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/platform/db/database.js';
import { checkLedger } from '../../src/modules/wallet/ledger-check.js';
import { ledgerAccount } from '../../src/modules/wallet/ledger-accounts.js';
import { Ledger, requestHash } from '../../src/modules/wallet/ledger.js';
import type { LedgerCommand } from '../../src/modules/wallet/ledger-types.js';
import { testBackends } from '../support/databases.js';
import { Gate, gatedDatabase } from '../support/gated-database.js';
import { insertAccount, walletStack } from '../support/wallet-fixtures.js';

function topUpCommand(accountId: string, amount: number): LedgerCommand {
  const key = `late-commit-${randomUUID()}`;
  return {
    scope: 'late-commit-test',
    idempotencyKey: key,
    requestHash: requestHash('buy_credits_mobile_money', { key, accountId, amount }),
    kind: 'buy_credits_mobile_money',
    legs: [
      {
        type: 'transfer',
        debit: ledgerAccount.mobileMoneyClearing(`test-${key.slice(-8)}`),
        credit: ledgerAccount.wallet(accountId),
        amount,
        leg: 'top_up',
      },
    ],
    facts: { amountXof: amount / 2, provider: 'wave' },
  };
}

const batchOf = async (db: Database, operationId: string): Promise<number> =>
  Number(
    (await db.pool.query<{ batch_id: string }>('SELECT batch_id FROM ledger_operations WHERE id = $1', [operationId]))
      .rows[0]?.batch_id,
  );

describe.each(testBackends)('ledger batch ids in commit order on $name', (backend) => {
  let db: Database;
  beforeAll(async () => {
    db = await backend.open();
    await walletStack(db);
  }, 120_000);
  afterAll(async () => {
    await db.close();
  });

  it(
    'gives a batch held up before the audit lock an id above every batch committed meanwhile',
    { timeout: 60_000 },
    async () => {
      const early = await insertAccount(db, 'client');
      const late = await insertAccount(db, 'client');
      const gate = new Gate();
      const held = new Ledger(gatedDatabase(db, gate));
      const other = new Ledger(db);
      if (db.kind === 'embedded') {
        // One connection: no interleaving possible; batches committed in turn keep both orders equal.
        for (let i = 0; i < 5; i++) await (i % 2 === 0 ? held : other).submit(topUpCommand(early, 100));
      } else {
        gate.armed = true;
        const slow = held.submit(topUpCommand(late, 700));
        await gate.reached;
        // While the first batch waits, another commits and a reader sees it.
        const fast = await other.submit(topUpCommand(early, 300));
        const seen = Number(
          (await db.pool.query<{ id: string }>('SELECT max(id) AS id FROM ledger_batches')).rows[0]?.id,
        );
        expect(seen).toBe(await batchOf(db, fast.result.operationId));
        gate.open();
        const lateOutcome = await slow;
        // The late commit is still ahead of the reader's position: nothing is skipped.
        expect(await batchOf(db, lateOutcome.result.operationId)).toBeGreaterThan(seen);
      }
      // Batch ids and audit positions (the chain's commit order) sort the batches the same way.
      const { rows } = await db.pool.query<{ id: string }>('SELECT id FROM ledger_batches ORDER BY audit_seq');
      const ids = rows.map((r) => Number(r.id));
      expect(ids).toEqual([...ids].sort((a, b) => a - b));
      expect((await checkLedger(db)).problems).toEqual([]);
    },
  );
});
