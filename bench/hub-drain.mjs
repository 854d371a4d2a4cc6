#!/usr/bin/env node
// Benchmark (issue 8): draining a hub's outbox after a long offline spell. N cash top-ups are
// recorded at the counter (real SQLite file, one transaction each with its outbox entry, as
// the hub does), then pushed to the cloud's apply path in batches of 500 (HubSync.push:
// order and exactly-once checks, a ledger operation per top-up submitted in order and group-
// committed, the outcomes recorded in one transaction per run) on a
// real PostgreSQL, and each answer settled in SQLite. Figures: operations per second drained,
// and, in the same run, a plain batched INSERT of the same rows into SQLite (the floor of what
// the hub's side costs). Target: >= 2,000 operations/s. With `sales`, also the ceiling: the same invoice rows
// written by a plain multi-row INSERT into PostgreSQL (500 a transaction), and the drain's ratio to it.
// The push is called in-process (no HTTP): the HTTP layer adds one request per 500 operations.
//
// Usage: npm run build && ISMAIL_BENCH_DATABASE_URL=postgres://... node bench/hub-drain.mjs [operations] [top-ups|sales]
// (falls back to ISMAIL_TEST_DATABASE_URL, which .ci/run sets). A fresh database is created and dropped.
import { randomUUID } from 'node:crypto';
import { freshDatabase } from './support/fresh-database.mjs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Ledger } from '../cloud/dist/src/modules/wallet/ledger.js';
import { checkLedger } from '../cloud/dist/src/modules/wallet/ledger-check.js';
import { WalletOperations } from '../cloud/dist/src/modules/wallet/operations.js';
import { seedDefaultRates } from '../cloud/dist/src/modules/wallet/rates.js';
import { ShopService } from '../cloud/dist/src/modules/shop/shop.js';
import { HubSync } from '../cloud/dist/src/modules/hubs/sync-push.js';
import { HubOperationRegistry } from '../cloud/dist/src/modules/hubs/operation-registry.js';
import { walletHubOperations } from '../cloud/dist/src/modules/wallet/hub-operations.js';
import { shopHubOperations } from '../cloud/dist/src/modules/shop/hub-operations.js';
import { openHubDatabase } from '../hub/dist/src/store/open.js';
import { migrateHubDatabase } from '../hub/dist/src/store/migrate.js';
import { CounterOperations, Outbox } from '../hub/dist/src/sync/outbox.js';
import { CashDesk } from '../hub/dist/src/cash/cash-desk.js';
import { invoiceNumber } from '../shared/dist/src/index.js';

const operations = Number(process.argv[2] ?? '10000');
// `top-ups` (cash for credits: ledger operations) or `sales` (cash sales: invoices and stock moves).
const mode = process.argv[3] ?? 'top-ups';
if (mode !== 'top-ups' && mode !== 'sales') {
  console.error('usage: node bench/hub-drain.mjs [operations] [top-ups|sales]');
  process.exit(2);
}
const wallets = 200;
const { db, drop } = await freshDatabase('hub drain bench', 8);
const dir = mkdtempSync(path.join(tmpdir(), 'ismail-bench-hub-'));

try {
  await seedDefaultRates(db.pool);
  const partner = randomUUID();
  const ids = Array.from({ length: wallets }, () => randomUUID());
  await db.pool.query(
    `INSERT INTO accounts (id, profile, display_name, first_name, last_name, email, password_hash, status)
     SELECT id, CASE WHEN id = $2 THEN 'partner' ELSE 'client' END, 'Bench', 'Bench', 'Client', id::text || '@bench.ismail.ci', 'x', 'active' FROM unnest($1::uuid[]) AS id`,
    [[partner, ...ids], partner],
  );
  const hubId = randomUUID();
  const { rows } = await db.pool.query(
    // The drawer's daily cash ceiling (issue 20) raised above the run's total: the bench measures draining, not
    // refusals.
    "INSERT INTO hubs (id, partner_id, name, status, created_by, cash_top_up_per_day_xof) VALUES ($1, $2, 'Bench', 'active', $2, 1000000000000) RETURNING register, offline_per_transaction_centi_credits, offline_per_wallet_per_day_centi_credits",
    [hubId, partner],
  );
  const hub = {
    id: hubId,
    partnerId: partner,
    name: 'Bench',
    status: 'active',
    lastAppliedSeq: 0,
    lastSeenAt: null,
    register: rows[0].register,
    offlinePerTransactionCentiCredits: 0,
    offlinePerWalletPerDayCentiCredits: 0,
    offlinePerHubPerDayCentiCredits: 0,
    cashTopUpPerDayXof: 1_000_000_000_000,
    ceilingsVersion: 1,
  };
  const ops = new WalletOperations(db, new Ledger(db));
  // The registry as the cloud builds it for these operation types (cash top-ups, counter sales).
  const registry = new HubOperationRegistry();
  registry.register(walletHubOperations({ db, ops }));
  for (const handler of shopHubOperations({ db, ops, shop: new ShopService(db, ops) })) registry.register(handler);
  const sync = new HubSync(db, registry);

  // The counter, offline: each top-up its own durable transaction with its outbox entry.
  const hubDb = openHubDatabase(path.join(dir, 'hub.sqlite'));
  migrateHubDatabase(hubDb);
  const outbox = new Outbox(hubDb);
  const cash = new CashDesk(hubDb, outbox);
  const counter = new CounterOperations(hubDb, outbox, cash);
  const cashier = { kind: 'admin', accountId: 'hub-admin', name: 'Bench', role: 'manager' };
  cash.open({ floatXof: 0 }, cashier);
  let started = performance.now();
  if (mode === 'top-ups') {
    for (let i = 0; i < operations; i++)
      counter.sellCreditsForCash(
        { id: randomUUID(), payload: { accountId: ids[i % wallets], amountXof: 500 } },
        cashier,
      );
  } else {
    // Sales as the hub numbers them (F-<register>-<year>-<n>), recorded straight into its outbox.
    // The hub's invoices name its partner as seller (the cloud refuses any other).
    await db.pool.query(
      "UPDATE accounts SET tax_id = '1234567A', tax_regime = 'RNI', display_name = 'Maquis Bench' WHERE id = $1",
      [partner],
    );
    const shop = new ShopService(db, ops);
    const product = await shop.createProduct(partner, {
      name: 'Garba',
      category: 'plats',
      kind: 'physical',
      priceXof: 1_000,
      taxGroup: 'CI-TVA-9',
    });
    const seller = {
      legalName: 'Maquis Bench',
      taxId: '1234567A',
      taxRegime: 'RNI',
      address: 'Abidjan',
      country: 'CI',
    };
    const year = new Date().getUTCFullYear();
    hubDb.transaction(() => {
      for (let i = 0; i < operations; i++) {
        const issuedAt = new Date().toISOString();
        const lines = [
          {
            sku: product.id,
            label: 'Garba',
            quantityMilli: 1000,
            unitPriceXof: 1_000,
            taxGroup: 'CI-TVA-9',
            discountXof: 0,
          },
        ];
        const invoice = {
          sequence: i + 1,
          number: invoiceNumber('invoice', hub.register, year, i + 1),
          issuedAt,
          document: {
            kind: 'invoice',
            currency: 'XOF',
            priceMode: 'tax_included',
            seller,
            buyer: { kind: 'B2C' },
            lines,
            payments: [{ method: 'cash', amountXof: 1_000 }],
          },
        };
        outbox.append('shop.sale', {
          saleId: `S-${String(i)}`,
          items: [{ productId: product.id, quantity: 1 }],
          invoice,
          payment: { method: 'cash' },
        });
      }
    })();
  }
  const recordS = (performance.now() - started) / 1000;

  // The drain: what the sync client does once the line is back.
  started = performance.now();
  let pushes = 0;
  for (;;) {
    const batch = outbox.pending();
    if (batch.length === 0) break;
    const answer = await sync.push(hub, batch, new Date());
    outbox.settle(answer.outcomes);
    pushes++;
    if (answer.outcomes.some((o) => o.status !== 'applied'))
      throw new Error(`unexpected outcome: ${JSON.stringify(answer.outcomes.find((o) => o.status !== 'applied'))}`);
  }
  const drainS = (performance.now() - started) / 1000;

  // The floor: the same rows, batched plainly into SQLite.
  hubDb.exec(
    'CREATE TABLE bench_floor (seq INTEGER PRIMARY KEY, id TEXT NOT NULL, type TEXT NOT NULL, payload TEXT NOT NULL, at TEXT NOT NULL, status TEXT NOT NULL) STRICT',
  );
  const insert = hubDb.prepare(
    'INSERT INTO bench_floor (seq, id, type, payload, at, status) VALUES (?, ?, ?, ?, ?, ?)',
  );
  started = performance.now();
  for (let from = 0; from < operations; from += 500) {
    hubDb.transaction(() => {
      for (let i = from; i < Math.min(operations, from + 500); i++)
        insert.run(
          i + 1,
          randomUUID(),
          'wallet.cash_top_up',
          JSON.stringify({ accountId: ids[i % wallets], amountXof: 500 }),
          new Date().toISOString(),
          'applied',
        );
    })();
  }
  const floorS = (performance.now() - started) / 1000;
  hubDb.close();

  // The ceiling (sales): the same invoice rows, read back, written again by a plain multi-row INSERT into PostgreSQL,
  // 500 a transaction as the pushes commit them, into a copy of the table with its constraints and indexes.
  let ceilingS = null;
  if (mode === 'sales') {
    const { rows: invoices } = await db.pool.query(
      "SELECT issuer_account_id, register, kind, document::text AS document, source, source_ref, created_by, series, sequence, number, issued_at, totals::text AS totals, content_hash FROM invoices WHERE source = 'hub_sale' ORDER BY sequence",
    );
    if (invoices.length !== operations)
      throw new Error(`${String(invoices.length)} invoices for ${String(operations)} sales`);
    await db.pool.query(
      'CREATE TABLE bench_ceiling (LIKE invoices INCLUDING DEFAULTS INCLUDING IDENTITY INCLUDING GENERATED INCLUDING CONSTRAINTS INCLUDING INDEXES)',
    );
    const column = (batch, name) => batch.map((r) => r[name]);
    started = performance.now();
    for (let from = 0; from < operations; from += 500) {
      const batch = invoices.slice(from, from + 500);
      await db.pool.query(
        `INSERT INTO bench_ceiling (id, issuer_account_id, register, kind, status, document, source, source_ref, created_by, series, sequence, number, issued_at, totals, content_hash)
         SELECT gen_random_uuid(), u.issuer, u.register, u.kind, 'issued', u.document::jsonb, u.source, u.source_ref, u.created_by, u.series, u.sequence, u.number, u.issued_at, u.totals::jsonb, u.content_hash
         FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::bigint[], $10::text[], $11::timestamptz[], $12::text[], $13::text[])
           AS u(issuer, register, kind, document, source, source_ref, created_by, series, sequence, number, issued_at, totals, content_hash)`,
        [
          column(batch, 'issuer_account_id'),
          column(batch, 'register'),
          column(batch, 'kind'),
          column(batch, 'document'),
          column(batch, 'source'),
          column(batch, 'source_ref'),
          column(batch, 'created_by'),
          column(batch, 'series'),
          column(batch, 'sequence'),
          column(batch, 'number'),
          column(batch, 'issued_at'),
          column(batch, 'totals'),
          column(batch, 'content_hash'),
        ],
      );
    }
    ceilingS = (performance.now() - started) / 1000;
    const { rows: moved } = await db.pool.query(
      "SELECT count(*)::int AS moves, (SELECT count(*)::int FROM audit_log WHERE action = 'invoice.issued') AS audited FROM shop_stock_movements WHERE reason = 'hub_sale'",
    );
    if (moved[0].moves !== operations || moved[0].audited !== operations)
      throw new Error(`expected ${String(operations)} stock moves and audit entries, got ${JSON.stringify(moved[0])}`);
  }

  const drainRate = operations / drainS;
  const check = await checkLedger(db);
  const settings = await db.pool.query(
    "SELECT current_setting('fsync') AS fsync, current_setting('synchronous_commit') AS sc",
  );
  console.log(
    `hub drain bench: ${operations} offline ${mode === 'top-ups' ? `cash top-ups, ${wallets} wallets` : 'cash sales with their invoices'}; fsync=${settings.rows[0].fsync} synchronous_commit=${settings.rows[0].sc}`,
  );
  if (mode === 'top-ups')
    console.log(
      `record at the counter (one durable SQLite transaction each)  ${Math.round(operations / recordS)
        .toString()
        .padStart(8)} ops/s`,
    );
  console.log(
    `drain to the cloud (${pushes} pushes of <= 500, applied once each)     ${Math.round(drainRate).toString().padStart(8)} ops/s   (target >= 2,000)`,
  );
  console.log(
    `floor: plain batched INSERT of the same rows into SQLite     ${Math.round(operations / floorS)
      .toString()
      .padStart(8)} rows/s`,
  );
  if (ceilingS !== null)
    console.log(
      `ceiling: plain multi-row INSERT of the same invoices into PostgreSQL ${Math.round(operations / ceilingS)
        .toString()
        .padStart(8)} rows/s   ratio drain / ceiling: ${(drainRate / (operations / ceilingS)).toFixed(3)}`,
    );
  console.log(
    `ratio drain / floor: ${(drainRate / (operations / floorS)).toFixed(3)}; ledger check: ${check.ok ? 'ok' : 'FAILED'}`,
  );
  if (!check.ok) process.exitCode = 1;
} finally {
  await drop();
  rmSync(dir, { recursive: true, force: true });
}
