// Proves offline overdrafts are Recouvrement files (issue 26 item 6): a wallet payment a hub pushes that the wallet no
// longer covers opens exactly one collection file owed to ISMAIL (creditor NULL, source overdraft, in FCFA at the
// day's rate) in the same transaction as the loan (a refused push and a replay open none), the debtor reads it and a
// stranger cannot; a top-up repays it and the collection file closes with the overdraft file; the ledger check holds.
// Migration 0057 back-fills the overdrafts opened before (open, part repaid, settled) once, however often it runs.
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HubOperation } from '@ismail/shared';
import { cloudMigrationsDir } from '../src/platform/db/migrate.js';
import { checkLedger } from '../src/modules/wallet/ledger-check.js';
import { overdraftLeftXof } from '../src/modules/debt-collection/overdraft-files.js';
import { testBackends } from './support/databases.js';
import { openCounter, type Counter, type Holder } from './support/hub-sales.js';
import { bearer } from './support/people.js';

interface CollectionRow {
  id: string;
  creditor_id: string | null;
  debtor_id: string;
  source_ref: string;
  principal_xof: string;
  paid_xof: string;
  status: string;
}

describe('overdraft FCFA rounding', () => {
  it('rounds what is left up and reaches exactly 0 and the principal', () => {
    expect(overdraftLeftXof(0, 4_001, 2_001)).toBe(0);
    expect(overdraftLeftXof(4_001, 4_001, 2_001)).toBe(2_001);
    expect(overdraftLeftXof(1, 4_001, 2_001)).toBe(1);
    expect(overdraftLeftXof(2_000, 4_000, 2_000)).toBe(1_000);
  });
});

describe.each(testBackends)('debt collection: overdraft files on $name', (backend) => {
  let counter: Counter;
  let holder: Holder;
  let refusedSale: HubOperation | undefined;
  const collectionFiles = async (debtor: string) =>
    (
      await counter.db.pool.query<CollectionRow>(
        `SELECT id, creditor_id, debtor_id, source_ref, principal_xof, paid_xof, status FROM collection_files
          WHERE source = 'overdraft' AND debtor_id = $1`,
        [debtor],
      )
    ).rows;

  beforeAll(async () => {
    counter = await openCounter(backend);
    holder = await counter.holder('clientA');
  });
  afterAll(async () => counter.close());

  it('opens no file for a push the cloud refuses (a stolen card credential)', async () => {
    const payment = await counter.walletPayment(holder, 2, { credential: 'not-a-credential' });
    const out = await counter.push([counter.sale({ quantity: 2, payment })]);
    expect(out.outcomes[0]?.status).toBe('rejected');
    expect(await collectionFiles(holder.accountId)).toEqual([]);
  });

  it('lends nothing when its collection file cannot be written: loan, overdraft file and collection file are one', async () => {
    const before = await counter.snapshot([holder.accountId]);
    await counter.db.pool.query(`CREATE FUNCTION test_refuse_overdraft_file() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW.source = 'overdraft' THEN RAISE EXCEPTION 'test: collection file refused'; END IF; RETURN NEW; END $$;
      CREATE TRIGGER test_refuse_overdraft_file BEFORE INSERT ON collection_files FOR EACH ROW
        EXECUTE FUNCTION test_refuse_overdraft_file();`);
    try {
      refusedSale = counter.sale({ quantity: 2, payment: await counter.walletPayment(holder, 2) });
      const response = await counter.hub.inject(counter.app, {
        method: 'POST',
        url: '/v1/hubs/sync/push',
        payload: { operations: [refusedSale] },
        headers: { 'x-hub-time': new Date().toISOString() },
      });
      expect(response.statusCode).not.toBe(200);
    } finally {
      await counter.db.pool.query(`DROP TRIGGER test_refuse_overdraft_file ON collection_files;
        DROP FUNCTION test_refuse_overdraft_file();`);
    }
    await counter.expectNothingMoved(before);
    expect(await collectionFiles(holder.accountId)).toEqual([]);
  });

  it('opens one ISMAIL file in the loan’s transaction, readable by the debtor only; a replay opens none', async () => {
    // 2 garbas = 4 000 centi-credits = 2 000 FCFA against an empty wallet: all of it lent. The hub pushes again the
    // sale the cloud failed on above (its sequence number is taken): it applies now.
    const sale = refusedSale ?? counter.sale({ quantity: 2, payment: await counter.walletPayment(holder, 2) });
    const out = await counter.push([sale]);
    expect(out.outcomes[0]).toMatchObject({ status: 'applied', result: { overdraftCentiCredits: 4_000 } });
    const debt = (
      await counter.db.pool.query<{ id: string }>('SELECT id FROM debt_files WHERE debtor_account_id = $1', [
        holder.accountId,
      ])
    ).rows;
    expect(debt).toHaveLength(1);
    const files = await collectionFiles(holder.accountId);
    expect(files).toEqual([
      expect.objectContaining({
        creditor_id: null,
        source_ref: debt[0]?.id,
        principal_xof: '2000',
        paid_xof: '0',
        status: 'open',
      }),
    ]);
    // The replay of a lost answer: the same loan, the same file.
    expect((await counter.push([sale])).outcomes[0]?.status).toBe('duplicate');
    expect(await collectionFiles(holder.accountId)).toHaveLength(1);
    const fileId = files[0]?.id ?? '';
    const asDebtor = await counter.app.inject({
      method: 'GET',
      url: `/v1/debt-files/${fileId}`,
      headers: bearer(counter.people.clientA),
    });
    expect(asDebtor.statusCode, asDebtor.body).toBe(200);
    expect(asDebtor.json()).toMatchObject({
      file: { creditorId: null, creditorName: 'ISMAIL', source: 'overdraft', leftXof: 2_000 },
      events: [{ kind: 'opened', amountXof: 2_000 }],
    });
    for (const other of [counter.people.clientB, counter.people.partnerA]) {
      const response = await counter.app.inject({
        method: 'GET',
        url: `/v1/debt-files/${fileId}`,
        headers: bearer(other),
      });
      expect(response.statusCode).toBe(404);
    }
    // ISMAIL's files are nobody's to change.
    const patch = await counter.app.inject({
      method: 'PATCH',
      url: `/v1/debt-files/${fileId}`,
      headers: bearer(counter.people.partnerA),
      payload: { status: 'written_off' },
    });
    expect(patch.statusCode).toBe(404);
    expect((await checkLedger(counter.db)).ok).toBe(true);
  });

  it('a top-up repays it: the overdraft file settles and the collection file closes, paid in FCFA', async () => {
    // 1 000 FCFA = 2 000 centi-credits: half repaid, then the rest.
    expect(
      (await counter.push([counter.topUp({ accountId: holder.accountId, amountXof: 1_000 })])).outcomes[0]?.status,
    ).toBe('applied');
    expect(await counter.app.wallet.debts.reconcile()).toEqual({ repayments: 1, centiCredits: 2_000 });
    expect(await collectionFiles(holder.accountId)).toEqual([
      expect.objectContaining({ paid_xof: '1000', status: 'open' }),
    ]);
    expect(
      (await counter.push([counter.topUp({ accountId: holder.accountId, amountXof: 3_000 })])).outcomes[0]?.status,
    ).toBe('applied');
    expect(await counter.app.wallet.debts.reconcile()).toEqual({ repayments: 1, centiCredits: 2_000 });
    expect(await counter.app.wallet.debts.reconcile()).toEqual({ repayments: 0, centiCredits: 0 });
    const [file] = await collectionFiles(holder.accountId);
    expect(file).toMatchObject({ paid_xof: '2000', status: 'paid' });
    const overdraft = await counter.db.pool.query<{ status: string }>(
      'SELECT status FROM debt_files WHERE debtor_account_id = $1',
      [holder.accountId],
    );
    expect(overdraft.rows.map((r) => r.status)).toEqual(['settled']);
    const events = await counter.db.pool.query<{ kind: string; amount_xof: string | null }>(
      'SELECT kind, amount_xof FROM collection_file_events WHERE file_id = $1 ORDER BY id',
      [file?.id],
    );
    expect(events.rows.filter((e) => e.kind === 'payment').map((e) => e.amount_xof)).toEqual(['1000', '1000']);
    expect((await checkLedger(counter.db)).ok).toBe(true);
  });

  it('migration 0057 back-fills older overdrafts once: FCFA rounded up, what was repaid, settled ones closed', async () => {
    const debtor = counter.people.clientB.id;
    const older = [randomUUID(), randomUUID()];
    await counter.db.pool.query(
      `INSERT INTO debt_files (id, debtor_account_id, kind, amount_centi_credits, outstanding_centi_credits, status,
         source, source_ref, due_at, settled_at)
       VALUES ($1::uuid, $3, 'overdraft', 3001, 1001, 'open', 'test', $1::text, '2026-12-31', NULL),
              ($2::uuid, $3, 'overdraft', 2000, 0, 'settled', 'test', $2::text, '2026-12-31', now())`,
      [...older, debtor],
    );
    const sql = await readFile(`${cloudMigrationsDir}/0057_overdraft_collection_files.sql`, 'utf8');
    await counter.db.pool.query(sql);
    await counter.db.pool.query(sql);
    const files = await counter.db.pool.query<{
      source_ref: string;
      principal_xof: string;
      paid_xof: string;
      status: string;
    }>(
      `SELECT source_ref, principal_xof, paid_xof, status FROM collection_files
        WHERE source = 'overdraft' AND debtor_id = $1 ORDER BY principal_xof DESC`,
      [debtor],
    );
    // 3 001 centi-credits at 50 FCFA = 1 500.5 FCFA, owed 1 501; 1 001 left = 500.67 of it, 501 left, 1 000 repaid.
    expect(files.rows).toEqual([
      { source_ref: older[0], principal_xof: '1501', paid_xof: '1000', status: 'open' },
      { source_ref: older[1], principal_xof: '1000', paid_xof: '1000', status: 'paid' },
    ]);
  });
});
