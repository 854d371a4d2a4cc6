#!/usr/bin/env node
// Benchmark (issue 8): a new hub's first pull of its establishment's catalog. N products are
// written to a real PostgreSQL (through the shape-change triggers, as the shop does); the
// cloud, in its own process as in production, serves the shape feed in pages; a fresh hub pulls it with its CatalogSync
// (HTTP, JSON, one SQLite transaction per page with its position) until it is up to date.
// Figures: rows per second pulled, and, in the same run, a plain batched INSERT of the same
// rows into SQLite (the floor of the hub's side). Target: >= 50,000 rows/s.
//
// Usage: npm run build && ISMAIL_BENCH_DATABASE_URL=postgres://... node bench/catalog-pull.mjs [rows]
// (falls back to ISMAIL_TEST_DATABASE_URL, which .ci/run sets). A fresh database is created and dropped.
import { randomUUID } from 'node:crypto';
import { productionSecretsEnv } from '../tools/dist/test-support/cloud-secrets.js';
import { freshDatabase } from './support/fresh-database.mjs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import net from 'node:net';
import { pairHub, registerHub } from '../cloud/dist/src/modules/hubs/registry.js';
import { openHubDatabase } from '../hub/dist/src/store/open.js';
import { migrateHubDatabase } from '../hub/dist/src/store/migrate.js';
import { CredentialStore } from '../hub/dist/src/sync/credentials.js';
import { CatalogSync } from '../hub/dist/src/sync/catalog-sync.js';

const rows = Number(process.argv[2] ?? '100000');
const { db, url, drop } = await freshDatabase('catalog pull bench', 8);
const dir = mkdtempSync(path.join(tmpdir(), 'ismail-bench-catalog-'));
let cloud;
const freePort = () =>
  new Promise((resolve) => {
    const probe = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
try {
  const partner = randomUUID();
  await db.pool.query(
    "INSERT INTO accounts (id, profile, display_name, first_name, last_name, email, password_hash, status) VALUES ($1, 'partner', 'Bench', 'Bench', 'Partner', 'bench-partner@bench.ismail.ci', 'x', 'active')",
    [partner],
  );
  await db.pool.query(
    `INSERT INTO shop_products (id, partner_id, name, category, kind, barcode, price_xof, tax_group)
     SELECT gen_random_uuid(), $1, 'Produit ' || g, 'epicerie', 'physical', lpad(g::text, 13, '0'), 100 + g % 50000, 'CI-TVA-18' FROM generate_series(1, $2) AS g`,
    [partner, rows],
  );
  // What autovacuum does soon after a bulk load in production: the planner then uses the snapshot index.
  await db.pool.query('ANALYZE shop_products');
  const port = await freePort();
  const cloudUrl = `http://127.0.0.1:${port}`;
  cloud = spawn(process.execPath, [path.resolve(import.meta.dirname, '..', 'cloud', 'dist', 'src', 'main.js')], {
    env: {
      ...process.env,
      DATABASE_URL: url,
      ...productionSecretsEnv(),
      CLOUD_PORT: String(port),
      ISMAIL_DATA_DIR: path.join(dir, 'cloud'),
      LOG_LEVEL: 'silent',
      ISMAIL_DEMO: 'false',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  for (let i = 0; ; i++) {
    const ok = await fetch(`${cloudUrl}/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    if (i > 600) throw new Error('the cloud did not start');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  // A new hub: empty SQLite file, paired with its own key pair (the cloud checks each request's signature), pulling.
  const hubDb = openHubDatabase(path.join(dir, 'hub', 'hub.sqlite'));
  migrateHubDatabase(hubDb);
  const credentials = new CredentialStore(path.join(dir, 'hub'));
  const { hub, pairingCode } = await registerHub(db, { partnerId: partner, name: 'Bench', adminId: partner });
  const { token } = await pairHub(db, { hubId: hub.id, pairingCode, publicKey: credentials.publicKey() });
  credentials.save({ hubId: hub.id, partnerId: partner, token, cloudUrl });
  const sync = new CatalogSync(hubDb, credentials, 200);
  const upToDate = () =>
    hubDb
      .prepare("SELECT offset_value FROM shape_positions WHERE shape = 'shop_products'")
      .get()
      ?.offset_value?.endsWith('_0') === true;
  let started = performance.now();
  sync.start();
  // A pull that stops making progress fails the bench with what the hub last saw, instead of hanging CI.
  const stallMs = 60_000;
  let lastProducts = -1;
  let lastProgress = performance.now();
  while (!upToDate() || sync.state().products < rows) {
    const { products } = sync.state();
    if (products !== lastProducts) [lastProducts, lastProgress] = [products, performance.now()];
    if (performance.now() - lastProgress > stallMs)
      throw new Error(`the pull made no progress for ${stallMs / 1000} s: ${JSON.stringify(sync.state())}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  const pullS = (performance.now() - started) / 1000;
  sync.stop();
  const pulled = sync.state().products;

  // The floor: the same rows, batched plainly into SQLite (10,000 per transaction, like the pages).
  const products = hubDb
    .prepare('SELECT id, name, category, kind, barcode, price_xof, tax_group, active FROM catalog_products')
    .all();
  hubDb.exec('CREATE TABLE bench_floor AS SELECT * FROM catalog_products WHERE 0');
  const insert = hubDb.prepare(
    'INSERT INTO bench_floor (id, name, category, kind, barcode, price_xof, tax_group, active) VALUES (@id, @name, @category, @kind, @barcode, @price_xof, @tax_group, @active)',
  );
  started = performance.now();
  for (let from = 0; from < products.length; from += 10_000) {
    hubDb.transaction(() => {
      for (const product of products.slice(from, from + 10_000)) insert.run(product);
    })();
  }
  const floorS = (performance.now() - started) / 1000;
  hubDb.close();

  const pullRate = pulled / pullS;
  console.log(`catalog pull bench: ${rows} products of one establishment, a new hub, pages of 10,000 over HTTP`);
  console.log(
    `initial pull into the hub (shape feed → SQLite, up to date)   ${Math.round(pullRate).toString().padStart(8)} rows/s   (target >= 50,000)`,
  );
  console.log(
    `floor: plain batched INSERT of the same rows into SQLite       ${Math.round(products.length / floorS)
      .toString()
      .padStart(8)} rows/s`,
  );
  console.log(`ratio pull / floor: ${(pullRate / (products.length / floorS)).toFixed(3)}; rows at the hub: ${pulled}`);
  if (pulled !== rows) process.exitCode = 1;
} finally {
  cloud?.kill('SIGTERM');
  await drop();
  rmSync(dir, { recursive: true, force: true });
}
