// Proves the cloud side of the hub sync contract (SPEC 3.8) over HTTP: an admin registers a
// hub and gets a one-time pairing code; the hub pairs once (a reused, wrong or expired code
// is refused alike); its pushed operations are applied exactly once and in its own order
// (replayed and reordered batches change nothing, a gap waits, a business refusal is
// recorded and does not block the next); the same id with other content is refused; a
// revoked hub can no longer push; and the ledger check passes.
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  computeTotals,
  invoiceContentHash,
  invoiceNumber,
  verifyHubPolicy,
  verifyRevocationList,
  zReport,
  type HubOperation,
  type JSONWebKeySet,
  type InvoiceDraft,
  type PushResponse,
} from '@ismail/shared';
import type { Database } from '../src/platform/db/database.js';
import { migrate } from '../src/platform/db/migrate.js';
import { buildCloudApp } from '../src/app.js';
import { walletBalance } from '../src/modules/wallet/history.js';
import { activateAccount } from '../src/modules/identity/accounts.js';
import { withTransaction } from '../src/platform/db/transaction.js';
import { checkLedger } from '../src/modules/wallet/ledger-check.js';
import { sha256Hex } from '../src/modules/invoicing/invoices.js';
import { seedDefaultRates } from '../src/modules/wallet/rates.js';
import { everyTestBackend, testSecrets } from './support/databases.js';
import { bearer, createPeople, password, type Person, type Signed } from './support/people.js';
import { hubKeyPair, testHub, type TestHub } from './support/test-hub.js';

const keys = hubKeyPair();

describe.each(everyTestBackend)('hub sync (cloud side) on $name', (backend) => {
  let db: Database;
  let app: FastifyInstance;
  let people: Record<Person, Signed>;
  let hubId: string;
  let token: string;
  let hub: TestHub;
  let productId: string;
  let seq = 0;

  beforeAll(async () => {
    db = await backend.open();
    await migrate(db.pool);
    await seedDefaultRates(db.pool);
    // Every write of an invoice row, in order, to show how a hub's invoice is recorded.
    await db.pool
      .query(`CREATE TABLE test_invoice_writes (seq bigserial PRIMARY KEY, invoice_id uuid NOT NULL, op text NOT NULL, status text NOT NULL);
      CREATE FUNCTION test_log_invoice_write() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN INSERT INTO test_invoice_writes (invoice_id, op, status) VALUES (NEW.id, TG_OP, NEW.status); RETURN NEW; END $$;
      CREATE TRIGGER test_invoice_writes AFTER INSERT OR UPDATE ON invoices FOR EACH ROW EXECUTE FUNCTION test_log_invoice_write();`);
    const secrets = testSecrets();
    app = await buildCloudApp({ schemaCompilation: 'on-first-use', db, logLevel: 'error', ...secrets });
    people = await createPeople(db, app, secrets.masterKey);
    productId = (
      await app.shop.createProduct(people.partnerA.id, {
        name: 'Garba',
        category: 'plats',
        kind: 'physical',
        priceXof: 1_000,
        taxGroup: 'CI-TVA-9',
      })
    ).id;
  });
  afterAll(async () => {
    await app.close();
    await db.close();
  });

  const push = (operations: HubOperation[], auth?: string) =>
    hub.inject(app, {
      method: 'POST',
      url: '/v1/hubs/sync/push',
      headers: { 'x-hub-time': new Date().toISOString(), ...(auth === undefined ? {} : { authorization: auth }) },
      payload: { operations },
    });
  const topUp = (amountXof: number, accountId = people.clientA.id): HubOperation => ({
    id: randomUUID(),
    seq: ++seq,
    type: 'wallet.cash_top_up',
    at: new Date().toISOString(),
    payload: { accountId, amountXof },
  });

  it('registers a hub with a one-time code that pairs once', async () => {
    expect(
      (
        await app.inject({
          method: 'POST',
          url: '/v1/admin/hubs',
          headers: bearer(people.partnerA),
          payload: { partnerId: people.partnerA.id, name: 'Caisse 1' },
        })
      ).statusCode,
    ).toBe(403);
    const registered = await app.inject({
      method: 'POST',
      url: '/v1/admin/hubs',
      headers: bearer(people.admin),
      payload: { partnerId: people.partnerA.id, name: 'Caisse 1' },
    });
    expect(registered.statusCode).toBe(201);
    const { hub: pending, pairingCode } = registered.json<{
      hub: { id: string; status: string };
      pairingCode: string;
    }>();
    expect(pending.status).toBe('pending');
    hubId = pending.id;
    const pair = (code: string) =>
      app.inject({
        method: 'POST',
        url: '/v1/hubs/pair',
        payload: { hubId, pairingCode: code, publicKey: keys.publicKey },
      });
    expect((await pair('AAAAAAAAAA')).statusCode).toBe(401);
    const paired = await pair(pairingCode);
    expect(paired.statusCode).toBe(200);
    token = paired.json<{ token: string }>().token;
    hub = testHub(hubId, token, keys);
    expect(token.length).toBeGreaterThanOrEqual(40);
    expect((await pair(pairingCode)).statusCode).toBe(401); // spent
    const stored = await db.pool.query<{ token_hash: string }>('SELECT token_hash FROM hubs WHERE id = $1', [hubId]);
    expect(stored.rows[0]?.token_hash).not.toContain(token);
  });

  it("gives the hub its signed policy and a presented card's wallet balance, nothing without its token", async () => {
    // The partner's identity is the seller its hub's invoices name (the cloud refuses any other, issue 20.5).
    await db.pool.query(
      "UPDATE accounts SET tax_id = '1234567A', tax_regime = 'RNI', display_name = 'Maquis Chez Tantie' WHERE id = $1",
      [people.partnerA.id],
    );
    const response = await hub.inject(app, { method: 'GET', url: '/v1/hubs/policy' });
    expect(response.statusCode, response.body).toBe(200);
    const jwks = (await app.inject({ method: 'GET', url: '/.well-known/jwks.json' })).json<JSONWebKeySet>();
    const policy = await verifyHubPolicy(response.json<{ policy: string }>().policy, jwks, hubId);
    expect(policy).toMatchObject({
      hub: hubId,
      partner: people.partnerA.id,
      register: expect.stringMatching(/^H[0-9A-F]{8}$/) as unknown,
      seller: { taxId: '1234567A', country: 'CI' },
      xofPerCredit: 50,
      offline: { perTransactionCentiCredits: 50_000, perWalletPerDayCentiCredits: 100_000 },
    });
    // Signed for this hub only, and never mistaken for a card or a revocation list.
    await expect(verifyHubPolicy(response.json<{ policy: string }>().policy, jwks, randomUUID())).rejects.toThrow(
      /another hub/,
    );
    expect((await app.inject({ method: 'GET', url: '/v1/hubs/policy' })).statusCode).toBe(401);
    const balance = (cardId: string, ismailId = 'CI000000-0000-CL') =>
      hub.inject(app, { method: 'POST', url: '/v1/hubs/wallet-balance', payload: { ismailId, cardId } });
    expect((await balance(randomUUID())).statusCode).toBe(404);
  });

  it('applies operations once and in order: replays are duplicates, a gap waits, refusals do not block', async () => {
    const before = (await walletBalance(db, people.clientA.id)).availableCentiCredits;
    const a = topUp(1_000);
    const b = topUp(2_000);
    const first = (await push([b, a])).json<PushResponse>();
    expect(first.outcomes.map((o) => [o.seq, o.status])).toEqual([
      [a.seq, 'applied'],
      [b.seq, 'applied'],
    ]);
    expect(first.expectedSeq).toBe(b.seq + 1);
    // The same batch again (the answer was lost): nothing is applied twice.
    const again = (await push([a, b])).json<PushResponse>();
    expect(again.outcomes.map((o) => o.status)).toEqual(['duplicate', 'duplicate']);
    expect((await walletBalance(db, people.clientA.id)).availableCentiCredits - before).toBe(6_000);
    // A gap: operation 4 arrives before 3.
    const c = topUp(500);
    const d = topUp(500);
    const gapped = (await push([d])).json<PushResponse>();
    expect(gapped).toMatchObject({ outcomes: [{ seq: d.seq, status: 'not_applied' }], expectedSeq: c.seq });
    // A refusal (an unknown account) is recorded with its reason and the sequence moves on.
    const bad = { ...c, payload: { accountId: randomUUID(), amountXof: 500 } };
    const filled = (await push([bad, d])).json<PushResponse>();
    expect(filled.outcomes.map((o) => o.status)).toEqual(['rejected', 'applied']);
    expect(filled.outcomes[0]?.reason).toMatch(/^NOT_FOUND/);
    // The same id with other content is refused, never applied.
    const forged = (
      await push([{ ...a, payload: { accountId: people.clientA.id, amountXof: 999_999 } }])
    ).json<PushResponse>();
    expect(forged.outcomes[0]).toMatchObject({
      status: 'rejected',
      reason: expect.stringMatching(/another operation/) as unknown,
    });
    expect((await walletBalance(db, people.clientA.id)).availableCentiCredits - before).toBe(7_000);
  });

  it('drains a run of top-ups together, in order, with a refusal in the middle, and replays effects whose outcome was lost', async () => {
    const before = (await walletBalance(db, people.clientA.id)).availableCentiCredits;
    const run = [
      topUp(100),
      topUp(200),
      { ...topUp(300), payload: { accountId: randomUUID(), amountXof: 300 } },
      topUp(400),
      topUp(500),
    ];
    const answer = (await push(run)).json<PushResponse>();
    expect(answer.outcomes.map((o) => o.status)).toEqual(['applied', 'applied', 'rejected', 'applied', 'applied']);
    expect(answer.expectedSeq).toBe(seq + 1);
    expect((await walletBalance(db, people.clientA.id)).availableCentiCredits - before).toBe(
      2 * (100 + 200 + 400 + 500),
    );
    // A crash after the ledger committed but before the outcomes were recorded: the effects are replayed, not repeated.
    const lost = [topUp(1_000), topUp(2_000)];
    expect((await push(lost)).json<PushResponse>().outcomes.map((o) => o.status)).toEqual(['applied', 'applied']);
    await db.pool.query('DELETE FROM hub_operations WHERE hub_id = $1 AND seq >= $2', [hubId, lost[0]?.seq]);
    await db.pool.query('UPDATE hubs SET last_applied_seq = $2 WHERE id = $1', [hubId, (lost[0]?.seq ?? 0) - 1]);
    const replayed = (await push(lost)).json<PushResponse>();
    expect(replayed.outcomes.map((o) => o.status)).toEqual(['applied', 'applied']);
    expect(replayed.expectedSeq).toBe(seq + 1);
    expect((await walletBalance(db, people.clientA.id)).availableCentiCredits - before).toBe(
      2 * (100 + 200 + 400 + 500 + 1_000 + 2_000),
    );
  });

  it('credits the holder of a card scanned at the counter by ISMAIL ID, and refuses an unknown ISMAIL ID in its place', async () => {
    const ismailId = await withTransaction(db.pool, (client) =>
      activateAccount(client, people.clientA.id, { label: 'test', place: 'test' }),
    );
    const before = (await walletBalance(db, people.clientA.id)).availableCentiCredits;
    const byCard: HubOperation = {
      id: randomUUID(),
      seq: ++seq,
      type: 'wallet.cash_top_up',
      at: new Date().toISOString(),
      payload: { ismailId, amountXof: 1_000 },
    };
    const unknown: HubOperation = {
      id: randomUUID(),
      seq: ++seq,
      type: 'wallet.cash_top_up',
      at: new Date().toISOString(),
      payload: { ismailId: 'CI999999-9999-ZZ', amountXof: 1_000 },
    };
    const answer = (await push([byCard, unknown, topUp(100)])).json<PushResponse>();
    expect(answer.outcomes.map((o) => o.status)).toEqual(['applied', 'rejected', 'applied']);
    // Refused without saying whether the ISMAIL ID exists.
    expect(answer.outcomes[1]?.reason).toMatch(/^CARD_NOT_ACCEPTED/);
    expect((await walletBalance(db, people.clientA.id)).availableCentiCredits - before).toBe(2_000 + 200);
  });

  /**
   * A hub's invoice is inserted once, already issued (never a draft row first), and its content
   * hash is the one the hub computes with the shared function over what it pushed. (The
   * clearance job may write the row later, always issued.)
   */
  const expectRecordedAsHubIssued = async (sale: HubOperation): Promise<void> => {
    const issued = (sale.payload as { invoice: { number: string; issuedAt: string; document: InvoiceDraft } }).invoice;
    const writes = await db.pool.query<{ op: string; status: string }>(
      'SELECT w.op, w.status FROM test_invoice_writes w JOIN invoices i ON i.id = w.invoice_id WHERE i.number = $1 ORDER BY w.seq',
      [issued.number],
    );
    expect(writes.rows[0]).toEqual({ op: 'INSERT', status: 'issued' });
    expect(writes.rows.filter((w) => w.status !== 'issued')).toEqual([]);
    const hubHash = invoiceContentHash(
      {
        issuerAccountId: people.partnerA.id,
        kind: 'invoice',
        number: issued.number,
        issuedAt: issued.issuedAt,
        document: issued.document,
        totals: computeTotals(issued.document),
      },
      sha256Hex,
    );
    const stored = await db.pool.query<{ content_hash: string }>(
      'SELECT content_hash FROM invoices WHERE number = $1',
      [issued.number],
    );
    expect(stored.rows[0]?.content_hash).toBe(hubHash);
    // Audited once, as the hub's issue.
    const audit = await db.pool.query<{
      actor_account_id: string | null;
      actor_label: string;
      place: string;
      detail: Record<string, unknown>;
    }>(
      "SELECT a.actor_account_id, a.actor_label, a.place, a.detail FROM audit_log a JOIN invoices i ON a.subject_id = i.id::text WHERE a.action = 'invoice.issued' AND i.number = $1",
      [issued.number],
    );
    const totals = computeTotals(issued.document);
    expect(audit.rows).toEqual([
      {
        actor_account_id: null,
        actor_label: `hub:${hubId}`,
        place: `hub:${hubId}`,
        detail: {
          number: issued.number,
          grossXof: totals.grossXof,
          taxXof: totals.taxXof,
          contentHash: hubHash,
          issuedOffline: true,
        },
      },
    ]);
  };

  // A sale as the hub sends it: its own invoice, numbered in its register.
  const seller = {
    legalName: 'Maquis Chez Tantie',
    taxId: '1234567A',
    taxRegime: 'RNI',
    address: 'Cocody, Abidjan',
    country: 'CI',
  };
  const hubSale = (
    saleId: string,
    sequence: number,
    quantity: number,
    payment: Record<string, unknown>,
    register: string,
  ): HubOperation => {
    const issuedAt = new Date().toISOString();
    const lines = [
      {
        sku: productId,
        label: 'Garba',
        quantityMilli: quantity * 1000,
        unitPriceXof: 1_000,
        taxGroup: 'CI-TVA-9',
        discountXof: 0,
      },
    ];
    return {
      id: randomUUID(),
      seq: ++seq,
      type: 'shop.sale',
      at: issuedAt,
      payload: {
        saleId,
        items: [{ productId, quantity }],
        invoice: {
          sequence,
          number: invoiceNumber('invoice', register, new Date(issuedAt).getUTCFullYear(), sequence),
          issuedAt,
          document: {
            kind: 'invoice',
            currency: 'XOF',
            priceMode: 'tax_included',
            seller,
            buyer: { kind: 'B2C' },
            lines,
            payments: [{ method: payment.method === 'wallet' ? 'wallet' : 'cash', amountXof: quantity * 1_000 }],
          },
        },
        payment,
      },
    };
  };

  it('records a hub sale with the invoice the hub numbered, takes stock below zero as a fact, and refuses a gap in its numbers', async () => {
    const register =
      (await db.pool.query<{ register: string }>('SELECT register FROM hubs WHERE id = $1', [hubId])).rows[0]
        ?.register ?? '';
    expect(register).toMatch(/^H[0-9A-F]{8}$/);
    const sale = hubSale('T-0001', 1, 2, { method: 'cash' }, register);
    const out = (await push([sale])).json<PushResponse>();
    const number = invoiceNumber('invoice', register, new Date().getUTCFullYear(), 1);
    expect(out.outcomes[0]).toMatchObject({
      status: 'applied',
      result: { invoiceNumber: number, flagged: [{ productId, quantity: -2 }] },
    });
    expect(await app.shop.stock(productId, `hub:${hubId}`)).toBe(-2);
    const invoice = await db.pool.query<{
      status: string;
      register: string;
      totals: { grossXof: number };
      created_by: string;
    }>('SELECT status, register, totals, created_by FROM invoices WHERE number = $1', [number]);
    expect(invoice.rows[0]).toMatchObject({
      status: 'issued',
      register,
      totals: { grossXof: 2_000 },
      created_by: `hub:${hubId}`,
    });
    await expectRecordedAsHubIssued(sale);
    // Number 3 when 2 was never recorded: refused with the number expected, nothing moved.
    const gap = (await push([hubSale('T-0003', 3, 1, { method: 'cash' }, register)])).json<PushResponse>();
    expect(gap.outcomes[0]).toMatchObject({
      status: 'rejected',
      reason: expect.stringMatching(/expected number 2/) as unknown,
    });
    expect(await app.shop.stock(productId, `hub:${hubId}`)).toBe(-2);
    // Cash sales pushed together share one transaction; a refused one in the middle is rolled back alone.
    const together = (
      await push([
        hubSale('T-0002', 2, 1, { method: 'cash' }, register),
        hubSale('T-0009', 9, 5, { method: 'cash' }, register),
        hubSale('T-0005', 3, 1, { method: 'cash' }, register),
      ])
    ).json<PushResponse>();
    expect(together.outcomes.map((o) => o.status)).toEqual(['applied', 'rejected', 'applied']);
    expect(await app.shop.stock(productId, `hub:${hubId}`)).toBe(-4);
    expect(together.expectedSeq).toBe(seq + 1);
  });

  it('takes an offline wallet payment the wallet no longer covers as a fact: an overdraft, a debt file, repaid from the next top-up', async () => {
    const register =
      (await db.pool.query<{ register: string }>('SELECT register FROM hubs WHERE id = $1', [hubId])).rows[0]
        ?.register ?? '';
    const client = people.clientB.id;
    // The client's ISMAIL ID, as their card carries it (given here when the fixture has none yet).
    await db.pool.query("UPDATE accounts SET ismail_id = 'CI261124-7K3M-CL' WHERE id = $1 AND ismail_id IS NULL", [
      client,
    ]);
    const ismailId =
      (await db.pool.query<{ ismail_id: string }>('SELECT ismail_id FROM accounts WHERE id = $1', [client])).rows[0]
        ?.ismail_id ?? '';
    expect((await push([topUp(1_000, client)])).json<PushResponse>().outcomes[0]?.status).toBe('applied'); // 20 credits
    const partnerBefore = (await walletBalance(db, people.partnerA.id)).availableCentiCredits;
    // 3 garbas = 3,000 FCFA = 60 credits, against the 20 the hub last saw.
    // The card the hub scanned and verified offline, against the revocation list it held.
    const card = await withTransaction(db.pool, (c) => app.cards.issue(c, client, { label: 'test', place: 'test' }));
    const jwks = (await app.inject({ method: 'GET', url: '/.well-known/jwks.json' })).json<JSONWebKeySet>();
    const list = await verifyRevocationList(
      (await app.inject({ method: 'GET', url: '/v1/cards/revocations' })).json<{ list: string }>().list,
      jwks,
    );
    const payment = {
      method: 'wallet',
      ismailId,
      cardId: card.cardId,
      credential: card.token,
      amountCentiCredits: 6_000,
      authorisation: 'offline',
      availableCentiCredits: 2_000,
      revocationListIat: list.iat,
    };
    const sale = hubSale('T-0006', 4, 3, payment, register);
    const out = (await push([sale])).json<PushResponse>();
    expect(out.outcomes[0]).toMatchObject({ status: 'applied', result: { overdraftCentiCredits: 4_000 } });
    expect((await walletBalance(db, client)).availableCentiCredits).toBe(0);
    const files = (
      await app.inject({ method: 'GET', url: `/v1/admin/debt-files?debtor=${client}`, headers: bearer(people.admin) })
    ).json<{ debtFiles: { id: string; outstandingCentiCredits: number; status: string; source: string }[] }>();
    expect(files.debtFiles).toEqual([
      expect.objectContaining({ outstandingCentiCredits: 4_000, status: 'open', source: 'hub_sale' }),
    ]);
    expect(
      (await app.inject({ method: 'GET', url: '/v1/admin/debt-files', headers: bearer(people.clientB) })).statusCode,
    ).toBe(403);
    // The partner got paid in full (less the shop commission); the invoice names the wallet.
    expect((await walletBalance(db, people.partnerA.id)).availableCentiCredits - partnerBefore).toBe(6_000 - 360);
    expect((await checkLedger(db)).ok).toBe(true);
    await expectRecordedAsHubIssued(sale);
    // Pushed again (the answer was lost): the same overdraft, not a second one.
    expect((await push([sale])).json<PushResponse>().outcomes[0]?.status).toBe('duplicate');
    expect((await app.wallet.debts.list({ debtorAccountId: client })).length).toBe(1);
    // Credits bought later pay the overdraft back first.
    expect((await push([topUp(3_000, client)])).json<PushResponse>().outcomes[0]?.status).toBe('applied'); // 60 credits
    expect(await app.wallet.debts.reconcile()).toEqual({ repayments: 1, centiCredits: 4_000 });
    expect(await app.wallet.debts.reconcile()).toEqual({ repayments: 0, centiCredits: 0 });
    expect((await walletBalance(db, client)).availableCentiCredits).toBe(2_000);
    const file = (
      await app.inject({
        method: 'GET',
        url: `/v1/admin/debt-files/${files.debtFiles[0]?.id ?? ''}`,
        headers: bearer(people.admin),
      })
    ).json<{ status: string; events: { kind: string }[] }>();
    expect(file).toMatchObject({
      status: 'settled',
      events: [{ kind: 'opened' }, { kind: 'payment' }, { kind: 'settled' }],
    });
    expect((await checkLedger(db)).ok).toBe(true);
  });

  it("refuses a hub invoice whose content hash is not the cloud's (its printed QR would not verify), and takes one that matches", async () => {
    const register =
      (await db.pool.query<{ register: string }>('SELECT register FROM hubs WHERE id = $1', [hubId])).rows[0]
        ?.register ?? '';
    const stockBefore = await app.shop.stock(productId, `hub:${hubId}`);
    const withHash = (sale: HubOperation, contentHash: string): HubOperation => {
      const payload = sale.payload as { invoice: Record<string, unknown> };
      return { ...sale, payload: { ...payload, invoice: { ...payload.invoice, contentHash } } };
    };
    const forged = withHash(hubSale('T-0010', 5, 1, { method: 'cash' }, register), 'f'.repeat(64));
    const refused = (await push([forged])).json<PushResponse>();
    expect(refused.outcomes[0]).toMatchObject({ status: 'rejected', code: 'INVOICE_HASH_MISMATCH' });
    expect(await app.shop.stock(productId, `hub:${hubId}`)).toBe(stockBefore);
    // The same number again, hashed by the hub with the shared function: recorded, with that hash.
    const sale = hubSale('T-0011', 5, 1, { method: 'cash' }, register);
    const issued = (sale.payload as { invoice: { number: string; issuedAt: string; document: InvoiceDraft } }).invoice;
    const hubHash = invoiceContentHash(
      {
        issuerAccountId: people.partnerA.id,
        kind: 'invoice',
        number: issued.number,
        issuedAt: issued.issuedAt,
        document: issued.document,
        totals: computeTotals(issued.document),
      },
      sha256Hex,
    );
    expect((await push([withHash(sale, hubHash)])).json<PushResponse>().outcomes[0]).toMatchObject({
      status: 'applied',
      result: { invoiceNumber: issued.number },
    });
    await expectRecordedAsHubIssued(sale);
  });

  it('signs in the owner and selling staff at the hub (audited), refuses anyone else, and forgets a removed cashier', async () => {
    const signIn = (email: string, secret = password, auth?: string) =>
      hub.inject(app, {
        method: 'POST',
        url: '/v1/hubs/staff/sign-in',
        ...(auth === undefined ? {} : { headers: { authorization: auth } }),
        payload: { email, password: secret },
      });
    const added = await app.inject({
      method: 'POST',
      url: `/v1/accounts/${people.partnerA.id}/staff`,
      headers: bearer(people.partnerA),
      payload: {
        email: 'caisse-2@test.ismail.ci',
        firstName: 'Awa',
        lastName: 'Caisse',
        password: 'caisse-password-2026',
        delegatedActions: ['read', 'write'],
      },
    });
    expect(added.statusCode, added.body).toBe(201);
    const cashierId = added.json<{ id: string }>().id;
    const owner = await signIn(people.partnerA.email);
    expect(owner.statusCode, owner.body).toBe(200);
    expect(owner.json()).toMatchObject({ accountId: people.partnerA.id, role: 'manager' });
    expect((await signIn('caisse-2@test.ismail.ci', 'caisse-password-2026')).json()).toMatchObject({
      accountId: cashierId,
      role: 'cashier',
    });
    // Wrong password, a client, read-only staff, another partner, no hub token: all refused alike.
    expect((await signIn('caisse-2@test.ismail.ci', 'wrong-password')).statusCode).toBe(401);
    expect((await signIn(people.clientA.email)).statusCode).toBe(401);
    expect((await signIn(people.staffA.email)).statusCode).toBe(401);
    expect((await signIn(people.partnerB.email)).statusCode).toBe(401);
    expect((await signIn(people.partnerA.email, password, 'Hub nope-nope-nope-nope-nope')).statusCode).toBe(401);
    const audit = await db.pool.query<{ action: string; n: string }>(
      "SELECT action, count(*) AS n FROM audit_log WHERE action LIKE 'hub.staff_%' GROUP BY action ORDER BY action",
    );
    expect(audit.rows.map((r) => [r.action, Number(r.n)])).toEqual([
      ['hub.staff_sign_in_refused', 4],
      ['hub.staff_signed_in', 2],
    ]);
    const jwks = (await app.inject({ method: 'GET', url: '/.well-known/jwks.json' })).json<JSONWebKeySet>();
    const policy = async () =>
      verifyHubPolicy(
        (await hub.inject(app, { method: 'GET', url: '/v1/hubs/policy' })).json<{ policy: string }>().policy,
        jwks,
        hubId,
      );
    expect((await policy()).staff.sort()).toEqual([people.partnerA.id, cashierId].sort());
    // The cashier leaves: another partner cannot remove them, the owner can; then they are out of the policy and
    // refused.
    expect(
      (
        await app.inject({
          method: 'DELETE',
          url: `/v1/accounts/${people.partnerA.id}/staff/${cashierId}`,
          headers: bearer(people.partnerB),
        })
      ).statusCode,
    ).toBe(404);
    expect(
      (
        await app.inject({
          method: 'DELETE',
          url: `/v1/accounts/${people.partnerA.id}/staff/${cashierId}`,
          headers: bearer(people.partnerA),
        })
      ).statusCode,
    ).toBe(200);
    expect((await policy()).staff).toEqual([people.partnerA.id]);
    expect((await signIn('caisse-2@test.ismail.ci', 'caisse-password-2026')).statusCode).toBe(401);
  });

  it('files a closed cash session’s Z report once, audited, and rejects a malformed one', async () => {
    const report = zReport({
      session: {
        id: randomUUID(),
        number: 1,
        openedAt: '2026-11-24T07:00:00.000Z',
        openedBy: { id: people.partnerA.id, name: 'Owner' },
        floatXof: 10_000,
      },
      closedAt: '2026-11-24T19:00:00.000Z',
      closedBy: { id: people.partnerA.id, name: 'Owner' },
      countedXof: 9_500,
      sales: [],
      creditNotes: [],
      cashTopUps: [],
    });
    const closing: HubOperation = {
      id: randomUUID(),
      seq: ++seq,
      type: 'cash.session_closed',
      at: new Date().toISOString(),
      payload: report,
    };
    const first = (await push([closing])).json<PushResponse>();
    expect(first.outcomes[0]).toMatchObject({ status: 'applied', result: { sessionNumber: 1, differenceXof: -500 } });
    expect((await push([closing])).json<PushResponse>().outcomes[0]?.status).toBe('duplicate');
    const filed = await db.pool.query<{ n: string }>('SELECT count(*) AS n FROM hub_cash_sessions WHERE hub_id = $1', [
      hubId,
    ]);
    expect(Number(filed.rows[0]?.n)).toBe(1);
    const audited = await db.pool.query<{ detail: { differenceXof: number } }>(
      "SELECT detail FROM audit_log WHERE action = 'hub.cash_session_closed'",
    );
    expect(audited.rows.map((r) => r.detail.differenceXof)).toEqual([-500]);
    const bad: HubOperation = {
      id: randomUUID(),
      seq: ++seq,
      type: 'cash.session_closed',
      at: new Date().toISOString(),
      payload: { ...report, countedXof: -1 },
    };
    expect((await push([bad])).json<PushResponse>().outcomes[0]).toMatchObject({
      status: 'rejected',
      code: 'VALIDATION_FAILED',
      reason: expect.stringContaining('not a Z report') as unknown,
    });
  });

  it('refuses a push without the token, with a malformed batch, and from a revoked hub', async () => {
    expect((await push([topUp(100)], 'Hub nope-not-a-token-at-all')).statusCode).toBe(401);
    seq--;
    expect((await push([])).statusCode).toBe(400);
    const revoked = await app.inject({
      method: 'POST',
      url: `/v1/admin/hubs/${hubId}/revoke`,
      headers: bearer(people.admin),
      payload: { reason: 'volée' },
    });
    expect(revoked.json()).toMatchObject({ status: 'revoked' });
    expect((await push([topUp(100)])).statusCode).toBe(401);
    const audit = await db.pool.query<{ action: string }>(
      "SELECT action FROM audit_log WHERE subject_id = $1 AND action IN ('hub.registered', 'hub.paired', 'hub.revoked') ORDER BY seq",
      [hubId],
    );
    expect(audit.rows.map((r) => r.action)).toEqual(['hub.registered', 'hub.paired', 'hub.revoked']);
    expect((await checkLedger(db)).ok).toBe(true);
  });
});
