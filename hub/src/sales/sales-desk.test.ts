// The counter refuses, before the customer leaves, what the cloud would refuse (issue 20.1), on
// a real SQLite file with the cloud out of reach: an offline wallet payment over the signed
// ceilings (per payment, per wallet per day, per hub per day) or relying on a revocation list
// older than 3 days, and cash sold over the daily cash ceiling; a payment it takes carries
// the card credential, the list's issue time and the policy's ceilings version for the cloud.
import { mkdtempSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { exportJWK, generateKeyPair, type JSONWebKeySet } from 'jose';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  AppError,
  invoiceContentHash,
  signCardToken,
  signHubPolicy,
  type CardSigningKey,
  type HubPolicy,
  type LayoutBlock,
} from '@ismail/shared';
import { CardTrust } from '../cards/card-trust.js';
import { CashDesk } from '../cash/cash-desk.js';
import { Scheduler } from '../platform/scheduler.js';
import { PrintQueue } from '../printing/print-queue.js';
import { printerStore } from '../store/printers.js';
import type { HubPrincipal } from '../http/hub-auth.js';
import { migrateHubDatabase } from '../store/migrate.js';
import { openHubDatabase, type HubDatabase } from '../store/open.js';
import { clearanceReplica } from '../sync/clearance-sync.js';
import { CredentialStore } from '../sync/credentials.js';
import { CounterOperations, Outbox } from '../sync/outbox.js';
import { PolicyStore } from '../sync/policy-store.js';
import { SalesDesk } from './sales-desk.js';

const hubId = '00000000-0000-4000-8000-0000000000a1';
const partnerId = '00000000-0000-4000-8000-0000000000b2';
const productId = '00000000-0000-4000-8000-0000000000c3';
const cashier: HubPrincipal = { kind: 'admin', accountId: 'hub-admin', name: 'Gérant', role: 'manager' };
// 10,000 FCFA an article: 200 credits (20,000 centi-credits) at 50 FCFA a credit.
const priceXof = 10_000;

async function refusal(promise: Promise<unknown> | (() => unknown)): Promise<AppError> {
  try {
    await (typeof promise === 'function' ? promise() : promise);
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('offline ceilings at the counter', () => {
  let db: HubDatabase;
  let key: CardSigningKey;
  let sales: SalesDesk;
  let counter: CounterOperations;
  let outbox: Outbox;
  const nowS = () => Math.floor(Date.now() / 1000);

  const card = async (sub: string) =>
    signCardToken(
      {
        v: 1,
        typ: 'card',
        cid: randomUUID(),
        sub,
        gn: 'Awa',
        fn: 'Koné',
        role: 'client',
        st: 'active',
        iat: nowS() - 60,
        exp: nowS() + 86_400,
        jti: randomBytes(12).toString('base64url'),
      },
      key,
    );
  // The stored list is kept as verified (its body); only its issue time matters here.
  const putList = (iat: number) => {
    db.prepare("UPDATE card_trust SET body = ?, issued_at_s = ? WHERE name = 'revocations'").run(
      JSON.stringify({ v: 1, iat, entries: [] }),
      iat,
    );
  };
  const sell = (token: string, quantity: number) =>
    sales.sell(
      {
        saleId: `S-${randomUUID().slice(0, 8)}`,
        items: [{ productId, quantity }],
        payment: { method: 'wallet', token },
      },
      cashier,
    );

  beforeEach(async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ismail-ceilings-'));
    db = openHubDatabase(path.join(dir, 'hub.sqlite'));
    migrateHubDatabase(db);
    const pair = await generateKeyPair('ES256', { extractable: true });
    key = { kid: 'k1', privateKey: pair.privateKey };
    const jwks: JSONWebKeySet = {
      keys: [{ ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'ES256', use: 'sig' }],
    };
    const now = new Date().toISOString();
    db.prepare('INSERT INTO card_trust (name, body, issued_at_s, fetched_at) VALUES (?, ?, ?, ?)').run(
      'jwks',
      JSON.stringify(jwks),
      null,
      now,
    );
    db.prepare('INSERT INTO card_trust (name, body, issued_at_s, fetched_at) VALUES (?, ?, ?, ?)').run(
      'revocations',
      JSON.stringify({ v: 1, iat: nowS(), entries: [] }),
      nowS(),
      now,
    );
    // Paired with a cloud that does not answer: every sale here is offline.
    const credentials = new CredentialStore(dir);
    credentials.save({ hubId, partnerId, token: 't'.repeat(40), cloudUrl: 'http://127.0.0.1:9' });
    const policy: HubPolicy = {
      v: 1,
      hub: hubId,
      partner: partnerId,
      iat: nowS(),
      exp: nowS() + 86_400,
      register: 'HTEST0001',
      seller: {
        legalName: 'Boutique Chez Adjoua',
        taxId: '2600042A',
        taxRegime: 'RSI',
        address: 'Cocody',
        country: 'CI',
      },
      xofPerCredit: 50,
      staff: [],
      offline: {
        perTransactionCentiCredits: 30_000,
        perWalletPerDayCentiCredits: 50_000,
        perHubPerDayCentiCredits: 70_000,
        cashTopUpPerDayXof: 25_000,
        version: 3,
      },
    };
    db.prepare('INSERT INTO hub_policy (id, token, issued_at_s, fetched_at) VALUES (1, ?, ?, ?)').run(
      await signHubPolicy(policy, key),
      policy.iat,
      now,
    );
    db.prepare(
      "INSERT INTO catalog_products (id, name, category, kind, barcode, price_xof, tax_group, active) VALUES (?, 'Pagne wax', 'textile', 'physical', NULL, ?, 'CI-TVA-18', 1)",
    ).run(productId, priceXof);
    for (const ismailId of ['CI261124-7K3M-CL', 'CI261124-7K3N-CL']) {
      db.prepare(
        'INSERT INTO wallet_snapshots (ismail_id, account_id, available_centi_credits, fetched_at) VALUES (?, ?, ?, ?)',
      ).run(ismailId, randomUUID(), 1_000_000, now);
    }
    outbox = new Outbox(db);
    const cash = new CashDesk(db, outbox);
    cash.open({ floatXof: 0 }, cashier);
    const trust = new CardTrust(db, 'http://127.0.0.1:9');
    sales = new SalesDesk(db, outbox, new PolicyStore(db, credentials, trust), trust, credentials, cash, 200);
    counter = new CounterOperations(db, outbox, cash);
  });
  afterEach(() => {
    db.close();
  });

  it('takes an offline payment within the ceilings, with what the cloud verifies', async () => {
    const token = await card('CI261124-7K3M-CL');
    const sale = await sell(token, 1);
    expect(sale.payment).toMatchObject({
      method: 'wallet',
      authorisation: 'offline',
      credential: token,
      amountCentiCredits: 20_000,
      policyVersion: 3,
      revocationListIat: expect.any(Number) as unknown,
    });
    expect('balanceCheckId' in sale.payment).toBe(false);
  });

  it('refuses over each ceiling, in French, before anything is recorded', async () => {
    const awa = await card('CI261124-7K3M-CL');
    const ali = await card('CI261124-7K3N-CL');
    // Two articles: 40,000 centi-credits in one payment, above 30,000.
    const perPayment = await refusal(sell(awa, 2));
    expect([perPayment.code, perPayment.message]).toEqual([
      'OFFLINE_LIMIT_EXCEEDED',
      expect.stringContaining('un paiement par portefeuille est limité à 300 crédits') as unknown,
    ]);
    await sell(awa, 1);
    await sell(awa, 1);
    // A third for Awa: 60,000 in her day, above 50,000.
    const perWallet = await refusal(sell(awa, 1));
    expect([perWallet.code, perWallet.message]).toEqual([
      'OFFLINE_LIMIT_EXCEEDED',
      expect.stringContaining('ce portefeuille peut payer au plus 500 crédits par jour') as unknown,
    ]);
    await sell(ali, 1);
    // Ali is within his own day, but the hub's would be 80,000, above 70,000.
    const perHub = await refusal(sell(ali, 1));
    expect([perHub.code, perHub.message]).toEqual([
      'OFFLINE_LIMIT_EXCEEDED',
      expect.stringContaining('ce guichet peut encaisser au plus 700 crédits par jour') as unknown,
    ]);
    expect(outbox.pending().filter((op) => op.type === 'shop.sale')).toHaveLength(3);
  });

  it('pays with the app’s dynamic code once after showing its balance, and refuses the same code a second time', async () => {
    // The counter looks the code up first (the balance on screen), then sells with it: the look-up must not spend its
    // single use.
    const dynamic = await signCardToken(
      {
        v: 1,
        typ: 'dyn',
        cid: randomUUID(),
        sub: 'CI261124-7K3M-CL',
        gn: 'Awa',
        fn: 'Koné',
        role: 'client',
        st: 'active',
        iat: nowS(),
        exp: nowS() + 120,
        jti: randomBytes(12).toString('base64url'),
      },
      key,
    );
    expect((await sales.wallet(dynamic)).ismailId).toBe('CI261124-7K3M-CL');
    expect((await sales.wallet(dynamic)).ismailId).toBe('CI261124-7K3M-CL');
    const sale = await sell(dynamic, 1);
    expect(sale.payment).toMatchObject({ method: 'wallet', credential: dynamic, amountCentiCredits: 20_000 });
    const again = await refusal(sell(dynamic, 1));
    expect([again.code, again.details?.[0]?.problem]).toEqual(['CARD_REFUSED', 'REPLAYED']);
    expect(outbox.pending().filter((op) => op.type === 'shop.sale')).toHaveLength(1);
  });

  it('refuses an offline wallet payment on a revocation list older than 3 days', async () => {
    putList(nowS() - 4 * 86_400);
    const stale = await refusal(sell(await card('CI261124-7K3M-CL'), 1));
    expect(stale.code).toBe('HUB_POLICY_OUTDATED');
    expect(outbox.pending()).toHaveLength(0);
  });

  it('refuses cash over the daily cash ceiling', async () => {
    const policy = 25_000;
    counter.sellCreditsForCash(
      { id: randomUUID(), payload: { accountId: randomUUID(), amountXof: 20_000 } },
      cashier,
      policy,
    );
    const over = await refusal(() =>
      counter.sellCreditsForCash(
        { id: randomUUID(), payload: { accountId: randomUUID(), amountXof: 10_000 } },
        cashier,
        policy,
      ),
    );
    expect([over.code, over.message]).toEqual([
      'CASH_TOP_UP_LIMIT_EXCEEDED',
      expect.stringContaining('au plus 25000 FCFA') as unknown,
    ]);
    counter.sellCreditsForCash(
      { id: randomUUID(), payload: { accountId: randomUUID(), amountXof: 5_000 } },
      cashier,
      policy,
    );
    expect(outbox.pending().filter((op) => op.type === 'wallet.cash_top_up')).toHaveLength(2);
  });
});

// Issue 21.5: one online wallet sale is one card check and one balance call (the look-up's, kept
// as a presentation), and one sale request that records the sale and queues its ticket.
describe('a straight online wallet sale', () => {
  let db: HubDatabase;
  let key: CardSigningKey;
  let sales: SalesDesk;
  let queue: PrintQueue;
  let outbox: Outbox;
  let cloud: Server;
  const balanceCalls: string[] = [];
  let cardInForce = true;
  const printerId = '6f1c1f9e-6a51-4a3e-9a53-3b1f3c1f0a01';
  const nowS = () => Math.floor(Date.now() / 1000);
  const jobs = () => db.prepare<[], { n: number }>('SELECT count(*) AS n FROM print_jobs').get()?.n;
  const dynamicCode = () =>
    signCardToken(
      {
        v: 1,
        typ: 'dyn',
        cid: randomUUID(),
        sub: 'CI261124-7K3M-CL',
        gn: 'Awa',
        fn: 'Koné',
        role: 'client',
        st: 'active',
        iat: nowS(),
        exp: nowS() + 120,
        jti: randomBytes(12).toString('base64url'),
      },
      key,
    );
  const staticCard = () =>
    signCardToken(
      {
        v: 1,
        typ: 'card',
        cid: randomUUID(),
        sub: 'CI261124-7K3M-CL',
        gn: 'Awa',
        fn: 'Koné',
        role: 'client',
        st: 'active',
        iat: nowS() - 60,
        exp: nowS() + 86_400,
        jti: randomBytes(12).toString('base64url'),
      },
      key,
    );

  beforeEach(async () => {
    balanceCalls.length = 0;
    cardInForce = true;
    // The cloud, stubbed: it answers every balance question with a fresh check id, and counts them.
    cloud = createServer((request, response) => {
      request.resume();
      request.on('end', () => {
        if (request.url === '/v1/hubs/wallet-balance' && !cardInForce) {
          response
            .writeHead(404, { 'content-type': 'application/json' })
            .end(JSON.stringify({ error: { code: 'NOT_FOUND', message: 'no card', details: [] } }));
        } else if (request.url === '/v1/hubs/wallet-balance') {
          const checkId = randomUUID();
          balanceCalls.push(checkId);
          response
            .writeHead(200, { 'content-type': 'application/json' })
            .end(JSON.stringify({ accountId: randomUUID(), availableCentiCredits: 1_000_000, checkId }));
        } else response.writeHead(404).end();
      });
    });
    await new Promise<void>((resolve) => cloud.listen(0, '127.0.0.1', resolve));
    const dir = mkdtempSync(path.join(tmpdir(), 'ismail-straight-'));
    db = openHubDatabase(path.join(dir, 'hub.sqlite'));
    migrateHubDatabase(db);
    const pair = await generateKeyPair('ES256', { extractable: true });
    key = { kid: 'k1', privateKey: pair.privateKey };
    const jwks: JSONWebKeySet = {
      keys: [{ ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'ES256', use: 'sig' }],
    };
    const now = new Date().toISOString();
    db.prepare('INSERT INTO card_trust (name, body, issued_at_s, fetched_at) VALUES (?, ?, ?, ?)').run(
      'jwks',
      JSON.stringify(jwks),
      null,
      now,
    );
    db.prepare('INSERT INTO card_trust (name, body, issued_at_s, fetched_at) VALUES (?, ?, ?, ?)').run(
      'revocations',
      JSON.stringify({ v: 1, iat: nowS(), entries: [] }),
      nowS(),
      now,
    );
    const credentials = new CredentialStore(dir);
    credentials.publicKey();
    credentials.save({
      hubId,
      partnerId,
      token: 't'.repeat(40),
      cloudUrl: `http://127.0.0.1:${String((cloud.address() as AddressInfo).port)}`,
    });
    const policy: HubPolicy = {
      v: 1,
      hub: hubId,
      partner: partnerId,
      iat: nowS(),
      exp: nowS() + 86_400,
      register: 'HTEST0001',
      seller: {
        legalName: 'Boutique Chez Adjoua',
        taxId: '2600042A',
        taxRegime: 'RSI',
        address: 'Cocody',
        country: 'CI',
      },
      xofPerCredit: 50,
      staff: [],
      offline: {
        perTransactionCentiCredits: 30_000,
        perWalletPerDayCentiCredits: 50_000,
        perHubPerDayCentiCredits: 70_000,
        cashTopUpPerDayXof: 25_000,
        version: 3,
      },
    };
    db.prepare('INSERT INTO hub_policy (id, token, issued_at_s, fetched_at) VALUES (1, ?, ?, ?)').run(
      await signHubPolicy(policy, key),
      policy.iat,
      now,
    );
    db.prepare(
      "INSERT INTO catalog_products (id, name, category, kind, barcode, price_xof, tax_group, active) VALUES (?, 'Pagne wax', 'textile', 'physical', NULL, ?, 'CI-TVA-18', 1)",
    ).run(productId, priceXof);
    const printers = printerStore(db);
    printers.add({ id: printerId, name: 'Caisse 1', transport: 'tcp', host: '192.168.1.50', port: 9100, widthMm: 80 });
    // Never started: jobs stay queued, nothing is sent.
    queue = new PrintQueue({
      db,
      printers,
      scheduler: new Scheduler({ warn: () => undefined }),
      transportFor: () => {
        throw new Error('no printer in this test');
      },
    });
    outbox = new Outbox(db);
    const cash = new CashDesk(db, outbox);
    cash.open({ floatXof: 0 }, cashier);
    const trust = new CardTrust(db, 'http://127.0.0.1:9');
    sales = new SalesDesk(db, outbox, new PolicyStore(db, credentials, trust), trust, credentials, cash);
    // As the sales routes wire them.
    queue.relayWith((documentKey) => sales.relaid(documentKey));
  });
  afterEach(async () => {
    db.close();
    await new Promise((resolve) => cloud.close(resolve));
  });

  it('looks up once and sells once: one balance call, one print job, the look-up’s check id on the payment', async () => {
    const token = await staticCard();
    const view = await sales.wallet(token);
    expect(view).toMatchObject({ source: 'cloud', presentationId: expect.any(String) as unknown });
    const saleId = `S-${randomUUID().slice(0, 8)}`;
    const request = {
      saleId,
      items: [{ productId, quantity: 1 }],
      payment: { method: 'wallet' as const, presentationId: view.presentationId ?? '' },
      print: { printerId },
    };
    const sale = await sales.sell(request, cashier, queue);
    expect(sale.payment).toMatchObject({
      method: 'wallet',
      authorisation: 'online',
      balanceCheckId: balanceCalls[0],
      credential: token,
      amountCentiCredits: 20_000,
    });
    expect(balanceCalls).toHaveLength(1);
    expect(sale.printJob).toMatchObject({
      printerId,
      documentKey: `invoice:${sale.invoice.number}`,
      copy: 0,
      status: 'queued',
    });
    expect(jobs()).toBe(1);
    // The answer lost, the counter retries: the same sale and the same job, nothing more.
    const again = await sales.sell(request, cashier, queue);
    expect([again.created, again.invoice.number, again.printJob?.id]).toEqual([
      false,
      sale.invoice.number,
      sale.printJob?.id,
    ]);
    expect([balanceCalls.length, jobs(), outbox.pending().filter((op) => op.type === 'shop.sale').length]).toEqual([
      1, 1, 1,
    ]);
  });

  it('pays once with a dynamic code through its presentation, never twice', async () => {
    const dynamic = await dynamicCode();
    const view = await sales.wallet(dynamic);
    const pay = (payment: { method: 'wallet'; presentationId: string } | { method: 'wallet'; token: string }) =>
      sales.sell(
        { saleId: `S-${randomUUID().slice(0, 8)}`, items: [{ productId, quantity: 1 }], payment },
        cashier,
        queue,
      );
    const sale = await pay({ method: 'wallet', presentationId: view.presentationId ?? '' });
    expect(sale.payment).toMatchObject({ method: 'wallet', credential: dynamic, authorisation: 'online' });
    // The presentation paid once; the code itself is spent.
    expect((await refusal(pay({ method: 'wallet', presentationId: view.presentationId ?? '' }))).code).toBe(
      'CARD_PRESENTATION_EXPIRED',
    );
    const replayed = await refusal(pay({ method: 'wallet', token: dynamic }));
    expect([replayed.code, replayed.details?.[0]?.problem]).toEqual(['CARD_REFUSED', 'REPLAYED']);
    // Two look-ups of one code, two presentations: only one of them pays.
    const other = await dynamicCode();
    const first = await sales.wallet(other);
    const second = await sales.wallet(other);
    await pay({ method: 'wallet', presentationId: first.presentationId ?? '' });
    const twice = await refusal(pay({ method: 'wallet', presentationId: second.presentationId ?? '' }));
    expect([twice.code, twice.details?.[0]?.problem]).toEqual(['CARD_REFUSED', 'REPLAYED']);
    expect(outbox.pending().filter((op) => op.type === 'shop.sale')).toHaveLength(2);
  });

  it('stores the totals and the content hash once, with the invoice, and the ticket reads them (older rows are totalled when read)', async () => {
    const sale = await sales.sell(
      {
        saleId: 'S-stored',
        items: [{ productId, quantity: 2 }],
        payment: { method: 'cash' },
        print: { printerId, openDrawer: true },
      },
      cashier,
      queue,
    );
    const row = db
      .prepare<[string], { totals: string | null; content_hash: string | null }>(
        'SELECT totals, content_hash FROM hub_invoices WHERE number = ?',
      )
      .get(sale.invoice.number);
    expect(JSON.parse(row?.totals ?? 'null')).toEqual(sale.invoice.totals);
    const { invoice } = sale;
    const hash = invoiceContentHash(
      {
        issuerAccountId: partnerId,
        kind: invoice.kind,
        number: invoice.number,
        issuedAt: invoice.issuedAt,
        document: invoice.document,
        totals: invoice.totals,
      },
      (text) => createHash('sha256').update(text).digest('hex'),
    );
    expect(row?.content_hash).toBe(hash);
    // The push carries it: the cloud refuses an invoice whose printed QR would not verify (INVOICE_HASH_MISMATCH).
    const pushed = outbox.pending().find((op) => op.type === 'shop.sale')?.payload as
      { invoice?: { contentHash?: string } } | undefined;
    expect(pushed?.invoice?.contentHash).toBe(hash);
    expect((await sales.ticket(invoice.number))?.verificationUrl).toContain(`hash=${hash}`);
    // A row written before the columns: the same totals and hash, computed when read (the frozen-invoice trigger lifted
    // to fake one).
    db.exec('DROP TRIGGER hub_invoices_frozen');
    db.prepare('UPDATE hub_invoices SET totals = NULL, content_hash = NULL WHERE number = ?').run(invoice.number);
    expect(sales.invoiceByNumber(invoice.number)?.totals).toEqual(invoice.totals);
    expect((await sales.ticket(invoice.number))?.verificationUrl).toContain(`hash=${hash}`);
  });

  it('lays out the certification the feed brought (reference and QR) on the ticket and on a reprint, the next copy', async () => {
    const sale = await sales.sell(
      { saleId: 'S-certified', items: [{ productId, quantity: 1 }], payment: { method: 'cash' }, print: { printerId } },
      cashier,
      queue,
    );
    const number = sale.invoice.number;
    const qrOf = (blocks: readonly LayoutBlock[] | undefined) =>
      blocks?.filter((b) => b.type === 'qr').map((b) => (b.type === 'qr' ? b.data : ''));
    const blocksOf = (jobId: string | undefined) =>
      JSON.parse(
        db.prepare<[string], { blocks: string }>('SELECT blocks FROM print_jobs WHERE id = ?').get(jobId ?? '')
          ?.blocks ?? '[]',
      ) as LayoutBlock[];
    // Provisional: the ticket's QR is the cloud's verification link.
    expect(qrOf(blocksOf(sale.printJob?.id))).toEqual([
      expect.stringContaining('/v1/invoices/verify?number=') as unknown,
    ]);
    // The cloud's feed, as the hub stores it.
    clearanceReplica.upsert(db, {
      id: randomUUID(),
      number,
      kind: 'invoice',
      clearance_status: 'certified',
      authority: 'fne',
      authority_reference: '2600042A26000000042',
      qr_data: 'https://fne.example/verify/2600042A26000000042',
      certified_at: new Date().toISOString(),
    });
    const ticket = await sales.ticket(number);
    expect(qrOf(ticket?.blocks)).toEqual(['https://fne.example/verify/2600042A26000000042']);
    expect(ticket?.blocks.some((b) => b.type === 'text' && b.text.includes('2600042A26000000042'))).toBe(true);
    // A reprint is the document laid out again, as copy 1: with the certification the first ticket did not have.
    const copy = queue.reprint(sale.printJob?.id ?? '');
    expect(copy.copy).toBe(1);
    expect(qrOf(blocksOf(copy.id))).toEqual(['https://fne.example/verify/2600042A26000000042']);
  });

  it('says CARD_NOT_ACCEPTED when the cloud knows no card in force with this id', async () => {
    cardInForce = false;
    expect((await refusal(sales.wallet(await staticCard()))).code).toBe('CARD_NOT_ACCEPTED');
  });

  it('refuses a presentation it does not hold (expired, or after a restart) and records nothing', async () => {
    const stale = await refusal(
      sales.sell(
        {
          saleId: 'S-stale',
          items: [{ productId, quantity: 1 }],
          payment: { method: 'wallet', presentationId: randomUUID() },
        },
        cashier,
        queue,
      ),
    );
    expect(stale.code).toBe('CARD_PRESENTATION_EXPIRED');
    expect([outbox.pending().length, balanceCalls.length]).toEqual([0, 0]);
  });
});
