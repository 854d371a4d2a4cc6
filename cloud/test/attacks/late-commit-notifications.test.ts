// Proves the notification feeder tells a wallet holder about a ledger batch that commits after
// a higher-numbered one it has already read: two writers on two connections draw batch ids
// 1 and 2 the way a writer that numbers before it serialises would, batch 2 commits and is
// announced, then batch 1 commits, and its top-up is still announced (once). The ledger
// itself now numbers in commit order (late-commit-ledger.test.ts); this is the feeder's own
// guarantee, whatever the writer does. Audit entries, the feeder's other source, are read by
// number: a second test shows why that is safe (the chain's lock makes a second writer wait
// for the first to commit before it numbers). Two transactions at once need the PostgreSQL server
// (PGlite serves one connection); on PGlite the same batches are written one after another.
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendAudit } from '../../src/platform/audit/audit-log.js';
import type { Database } from '../../src/platform/db/database.js';
import { migrate } from '../../src/platform/db/migrate.js';
import { withTransaction } from '../../src/platform/db/transaction.js';
import { buildCloudApp } from '../../src/app.js';
import { checkLedger } from '../../src/modules/wallet/ledger-check.js';
import { ledgerAccount } from '../../src/modules/wallet/ledger-accounts.js';
import { Ledger, requestHash } from '../../src/modules/wallet/ledger.js';
import { batchDigest } from '../../src/modules/wallet/ledger-digest.js';
import { seedDefaultRates } from '../../src/modules/wallet/rates.js';
import { testBackends, testSecrets } from '../support/databases.js';
import { insertAccount } from '../support/wallet-fixtures.js';

/** Ledger accounts by code (created if missing, outside the writers' transactions). */
async function ledgerAccountId(db: Database, code: string, kind: string, owner: string | null): Promise<number> {
  await db.pool.query(
    'INSERT INTO ledger_accounts (code, kind, owner_account_id, debits_must_not_exceed_credits) VALUES ($1, $2, $3, $4) ON CONFLICT (code) DO NOTHING',
    [code, kind, owner, kind === 'wallet'],
  );
  return Number(
    (await db.pool.query<{ id: string }>('SELECT id FROM ledger_accounts WHERE code = $1', [code])).rows[0]?.id,
  );
}

/** Draws a batch id, as a writer that numbers before taking the audit lock did. */
async function drawBatchId(client: pg.PoolClient): Promise<number> {
  return Number((await client.query<{ id: string }>("SELECT nextval('ledger_batches_id_seq') AS id")).rows[0]?.id);
}

/** Writes a one-transfer top-up batch under `batchId` the way the ledger does (audit entry, digest, balances). */
async function writeTopUpBatch(
  client: pg.PoolClient,
  batchId: number,
  from: number,
  to: number,
  amount: number,
): Promise<string> {
  const operation = {
    id: randomUUID(),
    scope: 'late-commit-test',
    idempotencyKey: randomUUID(),
    requestHash: 'a'.repeat(64),
    kind: 'buy_credits_mobile_money',
  };
  const transfer = {
    id: randomUUID(),
    operationId: operation.id,
    debitCode: `mm_clearing:${String(from)}`,
    creditCode: `wallet:${String(to)}`,
    amount,
    leg: 'top_up',
    phase: 'single',
    pendingId: null,
  };
  const codes = await client.query<{ id: string; code: string }>(
    'SELECT id, code FROM ledger_accounts WHERE id = ANY($1::bigint[])',
    [[from, to]],
  );
  const code = (id: number): string => codes.rows.find((r) => Number(r.id) === id)?.code ?? '';
  const digest = batchDigest([operation], [{ ...transfer, debitCode: code(from), creditCode: code(to) }]);
  const audit = await appendAudit(client, {
    actor: { label: 'ledger' },
    action: 'ledger.batch',
    subject: { type: 'ledger_batch', id: String(batchId) },
    place: 'cloud',
    detail: { operations: 1, transfers: 1, digest, kinds: { [operation.kind]: 1 } },
  });
  await client.query(
    'INSERT INTO ledger_batches (id, operation_count, transfer_count, digest, audit_seq) VALUES ($1, 1, 1, $2, $3)',
    [batchId, digest, audit.seq],
  );
  await client.query(
    'INSERT INTO ledger_operations (id, batch_id, scope, idempotency_key, request_hash, kind, facts) VALUES ($1, $2, $3, $4, $5, $6, \'{"amountXof": 500, "provider": "wave"}\')',
    [operation.id, batchId, operation.scope, operation.idempotencyKey, operation.requestHash, operation.kind],
  );
  await client.query(
    "INSERT INTO ledger_transfers (id, operation_id, debit_account_id, credit_account_id, amount, leg, phase) VALUES ($1, $2, $3, $4, $5, 'top_up', 'single')",
    [transfer.id, operation.id, from, to, amount],
  );
  await client.query('UPDATE ledger_accounts SET debits_posted = debits_posted + $2 WHERE id = $1', [from, amount]);
  await client.query('UPDATE ledger_accounts SET credits_posted = credits_posted + $2 WHERE id = $1', [to, amount]);
  return transfer.id;
}

describe.each(testBackends)('notification feeder and late ledger commits on $name', (backend) => {
  let db: Database;
  let app: FastifyInstance;
  beforeAll(async () => {
    db = await backend.open();
    await migrate(db.pool);
    await seedDefaultRates(db.pool);
    app = await buildCloudApp({ schemaCompilation: 'on-first-use', db, logLevel: 'silent', ...testSecrets() });
    // A new installation starts from now: the first tick sets the cursors.
    await app.notifications.feeder.tick();
  }, 60_000);
  afterAll(async () => {
    await app.close();
    await db.close();
  });

  const announced = async (transferId: string): Promise<number> =>
    Number(
      (
        await db.pool.query<{ n: string }>(
          "SELECT count(*) AS n FROM notifications WHERE event_key = $1 AND event_type = 'wallet.credits_bought'",
          [`ledger:${transferId}`],
        )
      ).rows[0]?.n,
    );

  it('announces a top-up whose batch id is lower than one already announced', { timeout: 60_000 }, async () => {
    const [first, second] = [await insertAccount(db, 'client'), await insertAccount(db, 'client')];
    const clearing = await ledgerAccountId(db, `mm_clearing:late-${randomUUID()}`, 'mm_clearing', null);
    const walletFirst = await ledgerAccountId(db, `wallet:${first}`, 'wallet', first);
    const walletSecond = await ledgerAccountId(db, `wallet:${second}`, 'wallet', second);
    const clearingOther = await ledgerAccountId(db, `mm_clearing:late-${randomUUID()}`, 'mm_clearing', null);
    let lateTransfer: string;
    let overtakingTransfer: string;
    if (db.kind === 'embedded') {
      // One connection: the lower id commits first; the feeder must simply deliver both.
      lateTransfer = await withTransaction(db.pool, async (c) =>
        writeTopUpBatch(c, await drawBatchId(c), clearing, walletFirst, 1_000),
      );
      overtakingTransfer = await withTransaction(db.pool, async (c) =>
        writeTopUpBatch(c, await drawBatchId(c), clearingOther, walletSecond, 2_000),
      );
    } else {
      const early = await db.pool.connect();
      const overtaking = await db.pool.connect();
      try {
        await early.query('BEGIN');
        const lowId = await drawBatchId(early);
        await overtaking.query('BEGIN');
        const highId = await drawBatchId(overtaking);
        expect(highId).toBeGreaterThan(lowId);
        overtakingTransfer = await writeTopUpBatch(overtaking, highId, clearingOther, walletSecond, 2_000);
        await overtaking.query('COMMIT');
        // The feeder reads batch 2 while batch 1 is still open.
        await app.notifications.feeder.tick();
        expect(await announced(overtakingTransfer)).toBe(1);
        lateTransfer = await writeTopUpBatch(early, lowId, clearing, walletFirst, 1_000);
        await early.query('COMMIT');
      } finally {
        early.release();
        overtaking.release();
      }
    }
    await app.notifications.feeder.tick();
    await app.notifications.feeder.tick();
    expect(await announced(overtakingTransfer)).toBe(1);
    expect(await announced(lateTransfer)).toBe(1);
    expect((await checkLedger(db)).problems).toEqual([]);
  });

  it(
    'pages through a burst of more batches than one read takes, and still takes a batch committed mid-way, each once',
    { timeout: 120_000 },
    async () => {
      const holder = await insertAccount(db, 'client');
      const ledger = new Ledger(db);
      const clearing = ledgerAccount.mobileMoneyClearing(`burst-${randomUUID().slice(0, 8)}`);
      const topUp = (i: number) =>
        ledger.submit({
          scope: 'late-commit-test',
          idempotencyKey: `burst-${holder}-${String(i)}`,
          requestHash: requestHash('buy_credits_mobile_money', { holder, i }),
          kind: 'buy_credits_mobile_money',
          legs: [
            { type: 'transfer', debit: clearing, credit: ledgerAccount.wallet(holder), amount: 100, leg: 'top_up' },
          ],
          facts: { amountXof: 50, provider: 'wave' },
        });
      // One at a time: each its own batch (a read takes 200 batches at most).
      for (let i = 0; i < 260; i++) await topUp(i);
      const notices = async (): Promise<number> =>
        Number(
          (
            await db.pool.query<{ n: string }>(
              "SELECT count(*) AS n FROM notifications WHERE recipient_id = $1 AND event_type = 'wallet.credits_bought'",
              [holder],
            )
          ).rows[0]?.n,
        );
      await app.notifications.feeder.tick();
      expect(await notices()).toBe(200);
      await topUp(260);
      for (let i = 0; i < 3; i++) await app.notifications.feeder.tick();
      expect(await notices()).toBe(261);
    },
  );

  it(
    'reads audit entries by number safely: a second writer cannot number an entry until the first has committed',
    { timeout: 60_000 },
    async () => {
      const [first, second] = [await insertAccount(db, 'client'), await insertAccount(db, 'client')];
      const activation = (accountId: string) => ({
        actor: { label: 'test' },
        action: 'account.activated',
        subject: { type: 'account', id: accountId },
        place: 'cloud',
        detail: { ismailId: `CI-${accountId.slice(0, 8)}` },
      });
      const activatedNotices = async (accountId: string): Promise<number> =>
        Number(
          (
            await db.pool.query<{ n: string }>(
              "SELECT count(*) AS n FROM notifications WHERE recipient_id = $1 AND event_type = 'account.activated'",
              [accountId],
            )
          ).rows[0]?.n,
        );
      if (db.kind === 'embedded') {
        // One connection: entries are written in turn; both must be announced.
        await withTransaction(db.pool, (c) => appendAudit(c, activation(first)));
        await withTransaction(db.pool, (c) => appendAudit(c, activation(second)));
      } else {
        const early = await db.pool.connect();
        const later = await db.pool.connect();
        try {
          await early.query('BEGIN');
          const earlySeq = (await appendAudit(early, activation(first))).seq;
          await later.query('BEGIN');
          let laterSettled = false;
          const laterEntry = appendAudit(later, activation(second)).finally(() => (laterSettled = true));
          await new Promise((resolve) => setTimeout(resolve, 300));
          // The second writer waits on the chain's lock: it has no number yet, so none can be skipped.
          expect(laterSettled).toBe(false);
          await app.notifications.feeder.tick();
          await early.query('COMMIT');
          expect((await laterEntry).seq).toBe(earlySeq + 1);
          await later.query('COMMIT');
        } finally {
          early.release();
          later.release();
        }
      }
      await app.notifications.feeder.tick();
      expect(await activatedNotices(first)).toBe(1);
      expect(await activatedNotices(second)).toBe(1);
    },
  );
});
