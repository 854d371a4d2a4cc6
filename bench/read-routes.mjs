#!/usr/bin/env node
// Benchmark (issue 29.9): the main read routes of a real cloud under load, each compared in the same run with a bare
// Fastify route doing one trivial query (a primary-key lookup) on the same database, served by the same process.
// Routes: wallet balance (GET /v1/wallet), wallet history (GET /v1/wallet/history), catalog search
// (GET /v1/shop/products?text=...), invoice list (GET /v1/invoices), each with a signed-in partner's bearer token.
//
// The cloud is started as production starts it (startCloud: migrations, rates, jobs, HTTP on a port) in a child
// process of its own, with the bare route beside it; this process only drives the load (autocannon, real HTTP) so the
// load generator's CPU is not the server's event loop. Before measuring, the child seeds through the cloud's own
// services and API: thousands of ledger rows (mobile-money top-ups, then transfers to and from the partner), a few
// hundred products (POST /v1/shop/products), a few hundred issued invoices (POST /v1/invoices, then .../issue), and
// the partner signs in over HTTP (POST /v1/auth/sign-in).
//
// Figures per route: requests/s, p50 and p99 latency, and the ratio of requests/s to the bare route's, measured right
// before it (the load of a shared machine drifts).
// The cloud's periodic jobs run meanwhile, as in production: the notifications feed is still working through the
// seed's thousands of movements during the first minute of measurement, on the same 2 cores.
// Target (issue 29): >= 0.5x the bare route and p99 <= 20 ms at that load; each line says met or NOT met.
// Exits non-zero only on errors (a non-2xx answer, a socket error or timeout, a failed seed), never on a missed target.
//
// Usage: npm run build && node bench/read-routes.mjs [secondsPerRoute=10] [connections=10]
//   short (CI): node bench/read-routes.mjs 2
// On the PostgreSQL server, as the other database benches (a fresh database on ISMAIL_BENCH_DATABASE_URL, else
// ISMAIL_TEST_DATABASE_URL, else a throwaway server: bench/support/fresh-database.mjs); ISMAIL_BENCH_EMBEDDED=1: the
// embedded PGlite in a temporary folder, as `npm start` runs. ISMAIL_BENCH_CPU_PROF=<folder> runs the cloud under
// `node --cpu-prof` and writes its profile there (to see where a slow route's time goes).
import { spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const targetRatio = 0.5;
const targetP99Ms = 20;
// A signed-in partner's access token lives 15 minutes (identity/tokens.ts): the whole run (4 routes, each beside a
// bare run) must fit in it.
const maxSecondsPerRoute = 90;
/** Seeding thousands of ledger rows on the embedded database takes a while: bound the wait for the cloud. */
const readyTimeoutMs = 10 * 60_000;
const seed = { clients: 50, transfersIn: 4_000, transfersOut: 500, products: 300, invoices: 300 };

if (process.argv[2] === '--serve') await serve();
else await drive();

// ---------------------------------------------------------------------------------------------------------------
// The driver: starts the cloud process, loads each route, prints the table.

async function drive() {
  const seconds = Number(process.argv[2] ?? '10');
  const connections = Number(process.argv[3] ?? '10');
  if (!Number.isInteger(seconds) || seconds < 1 || seconds > maxSecondsPerRoute) {
    console.error(`usage: node bench/read-routes.mjs [secondsPerRoute 1..${maxSecondsPerRoute}] [connections]`);
    process.exit(2);
  }
  if (!Number.isInteger(connections) || connections < 1 || connections > 1000) {
    console.error('read-routes bench: connections must be 1..1000');
    process.exit(2);
  }
  // Loaded late: a missing devDependency is reported as such, not as a stack.
  const { default: autocannon } = await import('autocannon');
  let fresh;
  if (process.env.ISMAIL_BENCH_EMBEDDED !== '1') {
    const { freshDatabase } = await import('./support/fresh-database.mjs');
    fresh = await freshDatabase('read-routes bench', 1);
  }
  const dir = mkdtempSync(path.join(tmpdir(), 'ismail-bench-read-'));
  let child;
  let failed = false;
  try {
    const profileDir = process.env.ISMAIL_BENCH_CPU_PROF;
    child = spawn(
      process.execPath,
      [
        ...(profileDir ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(profileDir)}`] : []),
        fileURLToPath(import.meta.url),
        '--serve',
      ],
      {
        env: {
          ...process.env,
          ISMAIL_BENCH_READ_DIR: dir,
          ...(fresh === undefined
            ? { ISMAIL_BENCH_READ_DATABASE_URL: '' }
            : { ISMAIL_BENCH_READ_DATABASE_URL: fresh.url }),
        },
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      },
    );
    const started = performance.now();
    const ready = await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('the cloud was not ready in time')), readyTimeoutMs);
      child.once('message', (message) => {
        clearTimeout(timer);
        if (message.error !== undefined) reject(new Error(message.error));
        else resolve(message);
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`the cloud process exited (${String(code)}) before it was ready`));
      });
    });
    const load = loadavg()
      .map((l) => l.toFixed(2))
      .join(' ');
    console.log(
      `read-routes bench: ${ready.database}; seeded in ${((performance.now() - started) / 1000).toFixed(1)} s: ` +
        `${ready.seeded.ledgerTransfers} ledger transfers (${ready.seeded.historyRows} in the partner's history), ` +
        `${ready.seeded.products} products, ${ready.seeded.invoices} issued invoices ` +
        `(s: ${Object.entries(ready.phases)
          .map(([name, s]) => `${name} ${s}`)
          .join(', ')})`,
    );
    console.log(
      `load: ${connections} connections, ${seconds} s a route after a 1 s warm-up; node ${process.version}; load average before: ${load}`,
    );

    const headers = { authorization: `Bearer ${ready.token}` };
    const bareRoute = {
      name: 'bare (1 query)',
      url: `${ready.bareUrl}/bare`,
      headers: {},
      check: (b) => b.id === ready.partnerId,
    };
    const routes = [
      {
        name: 'wallet balance',
        url: `${ready.cloudUrl}/v1/wallet`,
        headers,
        check: (b) => b.availableCentiCredits > 0,
      },
      {
        name: 'wallet history',
        url: `${ready.cloudUrl}/v1/wallet/history?limit=20`,
        headers,
        check: (b) => b.entries.length === 20,
      },
      {
        name: 'catalog search',
        url: `${ready.cloudUrl}/v1/shop/products?text=riz&limit=20`,
        headers,
        check: (b) => b.products.length === 20,
      },
      {
        name: 'invoice list',
        url: `${ready.cloudUrl}/v1/invoices?limit=20`,
        headers,
        check: (b) => b.invoices.length === 20,
      },
    ];
    /** A route under load: a checked answer, a 1 s warm-up, then the measured run; undefined on a bad answer. */
    const measure = async (route) => {
      // A route that answers 200 with nothing in it would measure nothing: one answer is read and checked first.
      const probe = await fetch(route.url, { headers: route.headers });
      const body = await probe.json().catch(() => undefined);
      if (probe.status !== 200 || body === undefined || !route.check(body)) {
        console.error(`${route.name}: unexpected answer ${probe.status}: ${JSON.stringify(body).slice(0, 300)}`);
        failed = true;
        return undefined;
      }
      const run = (duration) =>
        autocannon({ url: route.url, headers: route.headers, connections, duration, timeout: 10 });
      await run(1);
      const result = await run(seconds);
      const errors = result.non2xx + result.errors + result.timeouts;
      if (errors > 0) {
        console.error(
          `${route.name}: ${result.non2xx} non-2xx answers, ${result.errors} errors, ${result.timeouts} timeouts`,
        );
        failed = true;
      }
      return { requestsPerS: result.requests.average, p50Ms: result.latency.p50, p99Ms: result.latency.p99 };
    };
    console.log('');
    console.log(
      `${'route'.padEnd(16)} ${'req/s'.padStart(8)} ${'p50 ms'.padStart(7)} ${'p99 ms'.padStart(7)} ${'bare/s'.padStart(8)} ${'x bare'.padStart(7)}  target (>= ${targetRatio}x bare, p99 <= ${targetP99Ms} ms)`,
    );
    for (const route of routes) {
      // The bare route is measured again right before each route: on a shared machine the load drifts within a run,
      // and a ratio to a reference taken a minute earlier would measure the drift.
      const bare = await measure(bareRoute);
      const r = await measure(route);
      if (bare === undefined || r === undefined) continue;
      const ratio = r.requestsPerS / bare.requestsPerS;
      const met = ratio >= targetRatio && r.p99Ms <= targetP99Ms;
      console.log(
        `${route.name.padEnd(16)} ${r.requestsPerS.toFixed(0).padStart(8)} ${String(r.p50Ms).padStart(7)} ${String(r.p99Ms).padStart(7)} ${bare.requestsPerS.toFixed(0).padStart(8)} ${ratio.toFixed(2).padStart(7)}  ${met ? 'met' : 'NOT met'} (bare p99 ${bare.p99Ms} ms)`,
      );
    }
    console.log(
      `load average after: ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')} (2 cores shared by the load generator, the cloud and PostgreSQL)`,
    );
  } catch (error) {
    console.error(`read-routes bench: ${error.message}`);
    failed = true;
  } finally {
    if (child !== undefined && child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    await fresh?.drop();
    rmSync(dir, { recursive: true, force: true });
  }
  process.exit(failed ? 1 : 0);
}

// ---------------------------------------------------------------------------------------------------------------
// The cloud process: starts the cloud, seeds it through its own services and API, serves the bare route beside it.

async function serve() {
  const { parseCloudConfig } = await import('../cloud/dist/src/config-rules.js');
  const { startCloud } = await import('../cloud/dist/src/server.js');
  const { hashPassword } = await import('../cloud/dist/src/modules/identity/password.js');
  const { default: Fastify } = await import('fastify');
  const { default: webpush } = await import('web-push');
  const report = (message) => process.send?.(message);
  let cloud;
  let bare;
  // Stopping in order (pool closed after the app), but never hanging the driver: a slow close is reported, not waited.
  const timed = async (name, close) => {
    const started = performance.now();
    try {
      await close();
    } catch (error) {
      const afterS = ((performance.now() - started) / 1000).toFixed(1);
      throw new Error(`${name} failed after ${afterS} s: ${error.message}`);
    }
  };
  const stop = async () => {
    setTimeout(() => {
      console.error('read-routes bench: the cloud took over 30 s to stop; exiting');
      process.exit(1);
    }, 30_000).unref();
    await timed('closing the bare route', async () => bare?.close());
    await timed("stopping the cloud (startCloud's stop)", async () => cloud?.stop());
    process.exit(0);
  };
  process.on('SIGTERM', () => {
    stop().catch((error) => {
      console.error(`read-routes bench: ${error.message}`);
      process.exit(1);
    });
  });
  try {
    const databaseUrl = process.env.ISMAIL_BENCH_READ_DATABASE_URL || undefined;
    // The secrets a production cloud (DATABASE_URL) takes from its environment, fresh for this run.
    const vapid = webpush.generateVAPIDKeys();
    const parsed = parseCloudConfig({
      ...process.env,
      ...(databaseUrl === undefined ? {} : { DATABASE_URL: databaseUrl }),
      CLOUD_HOST: '127.0.0.1',
      CLOUD_PORT: String(await freePort()),
      ISMAIL_DATA_DIR: process.env.ISMAIL_BENCH_READ_DIR,
      ISMAIL_MASTER_KEY: randomBytes(32).toString('base64url'),
      ISMAIL_OPERATOR_TOKEN: randomBytes(32).toString('base64url'),
      VAPID_PUBLIC_KEY: vapid.publicKey,
      VAPID_PRIVATE_KEY: vapid.privateKey,
      ISMAIL_DEMO: 'false',
      LOG_LEVEL: 'error',
    });
    if (!parsed.ok) throw new Error(parsed.problems.map((p) => p.message).join('; '));
    cloud = await startCloud(parsed.values);
    const { app, db } = cloud;
    const seeded = await seedCloud(app, db, cloud.url, hashPassword);

    // The reference: the same process, the same pool, one indexed query and a small JSON answer.
    bare = Fastify({ logger: false });
    bare.get('/bare', async () => {
      const { rows } = await db.pool.query('SELECT id, display_name FROM accounts WHERE id = $1', [seeded.partnerId]);
      return rows[0];
    });
    const bareUrl = await bare.listen({ host: '127.0.0.1', port: 0 });
    report({
      database: databaseUrl === undefined ? 'embedded PGlite' : 'PostgreSQL server',
      cloudUrl: cloud.url,
      bareUrl,
      token: seeded.token,
      partnerId: seeded.partnerId,
      seeded: seeded.counts,
      phases: seeded.phases,
    });
  } catch (error) {
    report({ error: `could not start or seed the cloud: ${error.stack ?? error.message}` });
    await bare?.close().catch(() => undefined);
    await cloud?.stop().catch(() => undefined);
    process.exit(1);
  }
}

function freePort() {
  return new Promise((resolve) => {
    const probe = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

async function seedCloud(app, db, cloudUrl, hashPassword) {
  const password = 'bench read routes';
  const partnerId = randomUUID();
  const email = `partner-${partnerId.slice(0, 8)}@bench.ismail.ci`;
  const clients = Array.from({ length: seed.clients }, () => randomUUID());
  // Accounts come from sign-up and KYC in production; the rows they leave, as the API tests make them.
  await db.pool.query(
    `INSERT INTO accounts (id, profile, display_name, first_name, last_name, email, password_hash, status, tax_id, tax_regime)
     VALUES ($1, 'partner', 'Boutique Bench', 'Awa', 'Koné', $2, $3, 'active', '1234567A', 'RNI')`,
    [partnerId, email, await hashPassword(password)],
  );
  await db.pool.query(
    `INSERT INTO accounts (id, profile, display_name, first_name, last_name, email, password_hash, status)
     SELECT id, 'client', 'Client Bench', 'Client', 'Bench', id::text || '@bench.ismail.ci', 'x', 'active'
     FROM unnest($1::uuid[]) AS id`,
    [clients],
  );

  // The partner signs in over real HTTP, as the portal does.
  const signIn = await fetch(`${cloudUrl}/v1/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (signIn.status !== 200) throw new Error(`sign-in failed: ${signIn.status} ${await signIn.text()}`);
  const { accessToken: token } = await signIn.json();

  // Ledger rows through WalletOperations (the wallet routes' own path): everyone tops up by mobile money, the clients
  // pay the partner, the partner sends some back. Submitted many at a time, as concurrent requests would.
  const phases = {};
  let phaseStarted = performance.now();
  const phaseDone = (name) => {
    phases[name] = ((performance.now() - phaseStarted) / 1000).toFixed(1);
    phaseStarted = performance.now();
  };
  const ops = app.wallet.operations;
  const inParallel = async (count, width, fn) => {
    for (let start = 0; start < count; start += width) {
      const batch = [];
      for (let i = start; i < Math.min(count, start + width); i++) batch.push(fn(i));
      for (const outcome of await Promise.allSettled(batch)) if (outcome.status === 'rejected') throw outcome.reason;
    }
  };
  await inParallel(clients.length + 1, 64, (i) => {
    const accountId = i === clients.length ? partnerId : clients[i];
    return ops.grantMobileMoney(
      {
        provider: 'wave',
        providerRef: `bench-${accountId}`,
        accountId,
        amountXof: 5_000_000,
        centiCredits: 50_000_000,
      },
      undefined,
    );
  });
  const ctxOf = (accountId, key) => ({ actor: { accountId, label: 'bench' }, scope: accountId, idempotencyKey: key });
  await inParallel(seed.transfersIn, 128, (i) => {
    const from = clients[i % clients.length];
    return ops.transfer(ctxOf(from, `bench-in-${i}`), {
      fromId: from,
      toId: partnerId,
      amountCentiCredits: 100 + ((i * 7919) % 90_000),
    });
  });
  await inParallel(seed.transfersOut, 64, (i) =>
    ops.transfer(ctxOf(partnerId, `bench-out-${i}`), {
      fromId: partnerId,
      toId: clients[i % clients.length],
      amountCentiCredits: 50 + ((i * 104_729) % 20_000),
    }),
  );

  phaseDone('ledger');
  // Products and invoices through the HTTP API (injected: the same routes, schemas and checks, without sockets).
  const call = async (method, url, payload, expected) => {
    const response = await app.inject({ method, url, headers: { authorization: `Bearer ${token}` }, payload });
    if (response.statusCode !== expected) throw new Error(`${method} ${url}: ${response.statusCode} ${response.body}`);
    return response.json();
  };
  const names = ['Riz parfumé', 'Huile de palme', 'Savon', 'Sucre', 'Lait', 'Attiéké', 'Farine', 'Sardines', 'Café'];
  const sizes = ['250 g', '500 g', '1 kg', '5 kg', '25 kg', '1 L', '5 L'];
  const products = [];
  for (let i = 0; i < seed.products; i++) {
    const name = `${names[i % names.length]} ${sizes[i % sizes.length]} n°${i}`;
    products.push(
      await call(
        'POST',
        '/v1/shop/products',
        {
          name,
          category: ['epicerie', 'boissons', 'hygiene'][i % 3],
          kind: 'physical',
          barcode: String(6_000_000_000_000 + i),
          priceXof: 100 + ((i * 7919) % 50_000),
          taxGroup: 'CI-TVA-18',
        },
        201,
      ),
    );
  }
  phaseDone('products');
  for (let i = 0; i < seed.invoices; i++) {
    const product = products[i % products.length];
    const quantity = 1 + (i % 5);
    const draft = await call(
      'POST',
      '/v1/invoices',
      {
        document: {
          kind: 'invoice',
          currency: 'XOF',
          priceMode: 'tax_included',
          buyer: { kind: 'B2C' },
          lines: [
            {
              sku: product.id,
              label: product.name,
              quantityMilli: quantity * 1000,
              unitPriceXof: product.priceXof,
              taxGroup: 'CI-TVA-18',
              discountXof: 0,
            },
          ],
          payments: [{ method: 'mobile_money', amountXof: quantity * product.priceXof }],
        },
      },
      201,
    );
    await call('POST', `/v1/invoices/${draft.id}/issue`, undefined, 200);
  }
  phaseDone('invoices');
  // What autovacuum does soon after a bulk load in production: the planner then sees the real row counts.
  await db.pool.query('ANALYZE');

  const { rows } = await db.pool.query(
    `SELECT (SELECT count(*) FROM ledger_transfers)::int AS transfers,
            (SELECT count(*) FROM ledger_transfers t JOIN ledger_accounts a ON a.id IN (t.debit_account_id, t.credit_account_id)
             WHERE a.code = $1)::int AS history,
            (SELECT count(*) FROM shop_products)::int AS products,
            (SELECT count(*) FROM invoices WHERE status = 'issued')::int AS invoices`,
    [`wallet:${partnerId}`],
  );
  return {
    partnerId,
    token,
    counts: {
      ledgerTransfers: rows[0].transfers,
      historyRows: rows[0].history,
      products: rows[0].products,
      invoices: rows[0].invoices,
    },
    phases,
  };
}
