/**
 * The hub shape feed at scale (issue 29.6).
 *
 * On both databases: every answer has an etag, the same for the same request until the shape
 * changes, and If-None-Match with it gets 304 without rows; cache-control by kind of answer
 * (Electric's lifetimes, `private`: see shape-cache.ts); one hub never gets another's rows,
 * not through an etag either; a live request returns the row written meanwhile through another
 * connection.
 *
 * On the PostgreSQL server only (several connections and instances; PGlite is one session in
 * one process): 20 waiting live requests make no feed query in 3 s idle, then all wake on one
 * write (LISTEN/NOTIFY, not a 250 ms poll); offsets follow commit order when the writer that
 * started first commits last; a live request at instance B sees every change written through
 * instance A, in order; a killed listening connection loses nothing. Without
 * ISMAIL_TEST_DATABASE_URL those tests fail saying so, they never pass silently.
 */
import pg from 'pg';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireTestDatabaseUrl } from '../../tools/test-support/system-tools.js';
import { serverName } from '../../tools/test-support/test-databases.js';
import { buildCloudApp } from '../src/app.js';
import type { Database } from '../src/platform/db/database.js';
import { testBackends } from './support/databases.js';
import { openTestCloud, type TestCloud } from './support/test-cloud.js';
import { pairTestHub, type TestHub } from './support/test-hub.js';

interface Message {
  key?: string;
  value?: { id: string; name: string };
  headers: { operation?: string; control?: string };
}

const rowsOf = (response: LightMyRequestResponse): Message[] =>
  response.statusCode === 200 ? response.json<Message[]>().filter((m) => m.value !== undefined) : [];
const namesOf = (response: LightMyRequestResponse): string[] => rowsOf(response).map((m) => m.value?.name ?? '');
const header = (response: LightMyRequestResponse, name: string): string => String(response.headers[name] ?? '');

async function get(
  app: FastifyInstance,
  hub: TestHub,
  query: string,
  headers: Record<string, string> = {},
): Promise<LightMyRequestResponse> {
  return hub.inject(app, { method: 'GET', url: `/v1/hubs/shape?${query}`, headers });
}

async function addProduct(app: FastifyInstance, partnerId: string, name: string): Promise<string> {
  const product = await app.shop.createProduct(partnerId, {
    name,
    category: 'epicerie',
    kind: 'physical',
    priceXof: 12_500,
    taxGroup: 'CI-TVA-18',
  });
  return product.id;
}

describe.each(testBackends)('shape feed caching and live wake-ups on $name', (backend) => {
  let cloud: TestCloud;
  let app: FastifyInstance;
  let hubA: TestHub;
  let hubA2: TestHub;
  let hubB: TestHub;
  let partnerA: string;
  let partnerB: string;

  beforeAll(async () => {
    cloud = await openTestCloud(backend);
    app = cloud.app;
    partnerA = cloud.people.partnerA.id;
    partnerB = cloud.people.partnerB.id;
    hubA = await pairTestHub(app, cloud.people.admin, partnerA, 'Caisse A');
    hubA2 = await pairTestHub(app, cloud.people.admin, partnerA, 'Caisse A2');
    hubB = await pairTestHub(app, cloud.people.admin, partnerB, 'Caisse B');
    await addProduct(app, partnerA, 'Pagne wax');
    await addProduct(app, partnerB, 'Produit du voisin');
  }, 180_000);
  afterAll(async () => {
    await cloud?.close();
  });

  it('gives the same etag to the same request, 304 without rows to If-None-Match with it, and a new etag once the shape changed', async () => {
    const first = await get(app, hubA, 'table=shop_products&offset=-1');
    const again = await get(app, hubA, 'table=shop_products&offset=-1');
    const etag = header(first, 'etag');
    expect(etag).toMatch(/^"shop_products-[0-9a-f-]{36}:-1:\d+_0"$/);
    expect(header(again, 'etag')).toBe(etag);

    const notModified = await get(app, hubA, 'table=shop_products&offset=-1', { 'if-none-match': etag });
    expect(notModified.statusCode).toBe(304);
    expect(notModified.body).toBe('');
    expect(header(notModified, 'etag')).toBe(etag);
    // A list, and the weak form, name it too; another etag does not.
    expect(
      (await get(app, hubA, 'table=shop_products&offset=-1', { 'if-none-match': `"x", W/${etag}` })).statusCode,
    ).toBe(304);
    expect((await get(app, hubA, 'table=shop_products&offset=-1', { 'if-none-match': '"x"' })).statusCode).toBe(200);

    // The log after the snapshot: same etag for the same offsets, 304 on it.
    const offset = header(first, 'electric-offset');
    const log = await get(app, hubA, `table=shop_products&offset=${offset}`);
    expect(log.statusCode).toBe(200);
    const logEtag = header(log, 'etag');
    expect(logEtag).toBe(`"shop_products-${partnerA}:${offset}:${offset}"`);
    expect(
      (await get(app, hubA, `table=shop_products&offset=${offset}`, { 'if-none-match': logEtag })).statusCode,
    ).toBe(304);

    // A change: the old etags no longer match, the rows come.
    await addProduct(app, partnerA, 'Savon noir');
    const changed = await get(app, hubA, 'table=shop_products&offset=-1', { 'if-none-match': etag });
    expect(changed.statusCode).toBe(200);
    expect(header(changed, 'etag')).not.toBe(etag);
    expect(namesOf(changed).sort()).toEqual(['Pagne wax', 'Savon noir']);
    const moreLog = await get(app, hubA, `table=shop_products&offset=${offset}`, { 'if-none-match': logEtag });
    expect(moreLog.statusCode).toBe(200);
    expect(namesOf(moreLog)).toEqual(['Savon noir']);
  });

  it('says how long each kind of answer may be kept: Electric’s lifetimes, private to the hub', async () => {
    const snapshot = await get(app, hubA, 'table=shop_products&offset=-1');
    expect(header(snapshot, 'cache-control')).toBe('private, max-age=604800, stale-while-revalidate=2629746');
    const offset = header(snapshot, 'electric-offset');
    const log = await get(app, hubA, `table=shop_products&offset=${offset}&handle=shop_products-${partnerA}`);
    expect(header(log, 'cache-control')).toBe('private, max-age=60, stale-while-revalidate=300');
    await addProduct(app, partnerA, 'Attiéké');
    const live = await get(
      app,
      hubA,
      `table=shop_products&offset=${offset}&handle=shop_products-${partnerA}&live=true`,
    );
    expect(namesOf(live)).toEqual(['Attiéké']);
    expect(header(live, 'cache-control')).toBe('private, max-age=5, stale-while-revalidate=5');
    // The live etag carries the cursor: a cache never keeps a live answer past its window.
    expect(header(live, 'etag')).toBe(
      `"shop_products-${partnerA}:${offset}:${header(live, 'electric-offset')}:${header(live, 'electric-cursor')}"`,
    );
    const refused = await get(app, hubA, `table=shop_products&offset=${offset}&handle=shop_products-${partnerB}`);
    expect(refused.statusCode).toBe(409);
    expect(header(refused, 'cache-control')).toBe('no-store');
    expect(refused.headers.etag).toBeUndefined();
  });

  it('never answers one hub with another’s rows: an etag of A sent by B gets B’s own rows, A’s handle gets 409', async () => {
    const ofA = await get(app, hubA, 'table=shop_products&offset=-1');
    const etagA = header(ofA, 'etag');
    const ofB = await get(app, hubB, 'table=shop_products&offset=-1', { 'if-none-match': etagA });
    expect(ofB.statusCode).toBe(200);
    expect(namesOf(ofB)).toEqual(['Produit du voisin']);
    expect(header(ofB, 'etag')).not.toBe(etagA);
    expect(header(ofB, 'etag')).toContain(partnerB);
    // The same offsets, A's etag spelt for B's log: still B's own answer, never a 304 on A's.
    const offsetA = header(ofA, 'electric-offset');
    const logB = await get(app, hubB, `table=shop_products&offset=${offsetA}`, {
      'if-none-match': `"shop_products-${partnerA}:${offsetA}:${offsetA}"`,
    });
    expect(logB.statusCode).toBe(200);
    expect(namesOf(logB).some((name) => name !== 'Produit du voisin')).toBe(false);
    const withHandleOfA = await get(
      app,
      hubB,
      `table=shop_products&offset=${offsetA}&handle=shop_products-${partnerA}`,
    );
    expect(withHandleOfA.statusCode).toBe(409);

    // The hub-scoped shape: two counters of one partner hold different handles, so different etags.
    const clearancesA = await get(app, hubA, 'table=hub_invoice_clearances&offset=-1');
    const clearancesA2 = await get(app, hubA2, 'table=hub_invoice_clearances&offset=-1', {
      'if-none-match': header(clearancesA, 'etag'),
    });
    expect(clearancesA2.statusCode).toBe(200);
    expect(header(clearancesA2, 'etag')).toContain(hubA2.id);
    expect(header(clearancesA, 'etag')).toContain(hubA.id);
  });

  it('returns a live request with the row written meanwhile through another connection', async () => {
    const start = await get(app, hubB, 'table=shop_products&offset=-1');
    const offset = header(start, 'electric-offset');
    const waiting = get(app, hubB, `table=shop_products&offset=${offset}&handle=shop_products-${partnerB}&live=true`);
    await new Promise((resolve) => setTimeout(resolve, 300));
    // Another connection than the feed's pool where there can be one (PGlite: one session anyway).
    const other =
      cloud.db.kind === 'server'
        ? new pg.Client({ ...cloud.db.pool.options, application_name: 'another-writer' })
        : undefined;
    await other?.connect();
    try {
      await (other ?? cloud.db.pool).query(
        `INSERT INTO shop_products (id, partner_id, name, category, kind, price_xof, tax_group)
         VALUES (gen_random_uuid(), $1, 'Riz parfumé', 'epicerie', 'physical', 9000, 'CI-TVA-18')`,
        [partnerB],
      );
    } finally {
      await other?.end();
    }
    const answer = await waiting;
    expect(answer.statusCode).toBe(200);
    expect(namesOf(answer)).toEqual(['Riz parfumé']);
    expect(rowsOf(answer)[0]?.headers.operation).toBe('insert');
  });
});

describe('shape feed over one PostgreSQL server: several connections and instances (needs ISMAIL_TEST_DATABASE_URL: PGlite is one session in one process)', () => {
  const backend = testBackends.find((b) => b.name === serverName);
  let cloud: TestCloud;
  let second: { db: Database; app: FastifyInstance };
  let hub: TestHub;
  let partner: string;
  /** Queries of the feed (the change log or its placers) made through the first instance's pool. */
  let feedQueries = 0;

  beforeAll(async () => {
    if (backend === undefined) return;
    cloud = await openTestCloud(backend);
    partner = cloud.people.partnerA.id;
    hub = await pairTestHub(cloud.app, cloud.people.admin, partner, 'Caisse');
    const pool = cloud.db.pool;
    const query = pool.query.bind(pool) as (...args: unknown[]) => unknown;
    (pool as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
      const text = typeof args[0] === 'string' ? args[0] : ((args[0] as { text?: string } | undefined)?.text ?? '');
      if (text.includes('shape_changes')) feedQueries++;
      return query(...args);
    };
    // A second instance on the same database, as another process: its own pool, the same secrets.
    const secondPool = new pg.Pool({ ...cloud.db.pool.options, max: 10 });
    secondPool.on('error', () => undefined);
    const db: Database = {
      pool: secondPool,
      kind: 'server',
      direct: cloud.db.direct,
      description: 'second instance',
      close: () => secondPool.end(),
    };
    second = { db, app: await buildCloudApp({ db, logLevel: 'error', ...cloud.secrets }) };
  }, 180_000);
  afterAll(async () => {
    await second?.app.close();
    await second?.db.close();
    await cloud?.close();
  });

  const tip = async (app: FastifyInstance): Promise<string> =>
    header(await get(app, hub, 'table=shop_products&offset=-1'), 'electric-offset');
  const live = (app: FastifyInstance, offset: string): Promise<LightMyRequestResponse> =>
    get(app, hub, `table=shop_products&offset=${offset}&handle=shop_products-${partner}&live=true`);
  /** Resolves once no feed query was made for `quietMs` (bounded). */
  async function quiet(quietMs: number, boundMs = 10_000): Promise<void> {
    const deadline = Date.now() + boundMs;
    for (;;) {
      const before = feedQueries;
      await new Promise((resolve) => setTimeout(resolve, quietMs));
      if (feedQueries === before || Date.now() > deadline) return;
    }
  }

  it('keeps 20 waiting live requests without a feed query for 3 s idle, then wakes them all on one write', async () => {
    requireTestDatabaseUrl();
    const offset = await tip(cloud.app);
    let settled = 0;
    const waiting = Array.from({ length: 20 }, () =>
      live(cloud.app, offset).finally(() => {
        settled++;
      }),
    );
    await quiet(500);
    const before = feedQueries;
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    const idleQueries = feedQueries - before;
    // The figure the issue asks for, printed on every run.
    // eslint-disable-next-line no-console
    console.info(
      `feed queries while 20 live requests waited 3 s idle: ${String(idleQueries)} (a 250 ms poll made 480)`,
    );
    expect(settled).toBe(0);
    expect(idleQueries).toBe(0);
    await addProduct(cloud.app, partner, 'Huile rouge');
    const answers = await Promise.all(waiting);
    for (const answer of answers) expect(namesOf(answer)).toEqual(['Huile rouge']);
  });

  it('gives offsets in commit order: the writer that started first and commits last gets an offset above those served', async () => {
    requireTestDatabaseUrl();
    const offset = await tip(cloud.app);
    const first = new pg.Client(cloud.db.pool.options);
    const later = new pg.Client(cloud.db.pool.options);
    await first.connect();
    await later.connect();
    const insert = `INSERT INTO shop_products (id, partner_id, name, category, kind, price_xof, tax_group)
      VALUES (gen_random_uuid(), $1, $2, 'epicerie', 'physical', 500, 'CI-TVA-18') RETURNING id`;
    try {
      await first.query('BEGIN');
      const early = (await first.query<{ id: string }>(insert, [partner, 'Commencé en premier'])).rows[0]?.id;
      await later.query('BEGIN');
      const late = (await later.query<{ id: string }>(insert, [partner, 'Validé en premier'])).rows[0]?.id;
      await later.query('COMMIT');
      // The hub reads now (live: as soon as it is placed): the change committed is served, the one still open is not.
      const served = await live(cloud.app, offset);
      expect(namesOf(served)).toEqual(['Validé en premier']);
      const servedOffset = header(served, 'electric-offset');
      await first.query('COMMIT');
      // The late commit comes after what was served, from the offset the hub holds.
      const next = await live(cloud.app, servedOffset);
      expect(namesOf(next)).toEqual(['Commencé en premier']);
      expect(Number(header(next, 'electric-offset').split('_')[0])).toBeGreaterThan(Number(servedOffset.split('_')[0]));
      // It was the race asked for: the first writer drew the lower provisional number.
      const { rows } = await cloud.db.pool.query<{ row_key: string; seq: string; log_position: string }>(
        'SELECT row_key, seq, log_position FROM shape_changes WHERE row_key = ANY($1) ORDER BY seq',
        [[early, late]],
      );
      expect(rows.map((r) => r.row_key)).toEqual([early, late]);
      expect(Number(rows[0]?.log_position)).toBeGreaterThan(Number(rows[1]?.log_position));
    } finally {
      await first.end();
      await later.end();
    }
  });

  it('shows a live request at instance B every change written through instance A, in order', async () => {
    requireTestDatabaseUrl();
    let offset = await tip(second.app);
    const written = ['Lait caillé', 'Pain sucré', 'Bissap', 'Gingembre'];
    const writes = (async () => {
      for (const name of written) {
        await addProduct(cloud.app, partner, name);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    })();
    const seen: string[] = [];
    const deadline = Date.now() + 15_000;
    while (seen.length < written.length && Date.now() < deadline) {
      const answer = await live(second.app, offset);
      expect(answer.statusCode).toBe(200);
      seen.push(...namesOf(answer));
      offset = header(answer, 'electric-offset');
    }
    await writes;
    expect(seen).toEqual(written);
  });

  it('loses no change when the listening connections are killed: they reconnect and the waiting request reads again', async () => {
    requireTestDatabaseUrl();
    const listeners = async (): Promise<number> =>
      (
        await cloud.db.pool.query(
          `SELECT pid FROM pg_stat_activity WHERE application_name = 'ismail-cloud-shape-listener' AND datname = current_database()`,
        )
      ).rowCount ?? 0;
    const offset = await tip(second.app);
    const startedMs = Date.now();
    const waiting = live(second.app, offset);
    await new Promise((resolve) => setTimeout(resolve, 500));
    // Both instances listen (earlier live requests opened them): cut both, and write while no one listens.
    expect(await listeners()).toBe(2);
    await cloud.db.pool.query(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
       WHERE application_name = 'ismail-cloud-shape-listener' AND datname = current_database()`,
    );
    for (let i = 0; i < 100 && (await listeners()) > 0; i++) await new Promise((resolve) => setTimeout(resolve, 10));
    const writer = new pg.Client(cloud.db.pool.options);
    await writer.connect();
    await writer.query(
      `INSERT INTO shop_products (id, partner_id, name, category, kind, price_xof, tax_group)
       VALUES (gen_random_uuid(), $1, 'Écrit pendant la coupure', 'epicerie', 'physical', 700, 'CI-TVA-18')`,
      [partner],
    );
    await writer.end();
    const answer = await waiting;
    expect(namesOf(answer)).toEqual(['Écrit pendant la coupure']);
    // Woken once its instance listened again, not by the 20 s safety read.
    expect(Date.now() - startedMs).toBeLessThan(15_000);
    for (let i = 0; i < 100 && (await listeners()) < 2; i++) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await listeners()).toBe(2);
  });
});
