// Proves the partner's catalog edit and delete (issue 23): refusals first (another partner's product is not found,
// a client and read-only staff are refused, malformed bodies and a missing If-Match are 400, a stale version is 409,
// two edits raced from the same version: one wins, the other is 409), then an edit and a soft delete that an order
// keeps pointing at, each audited, both reaching the partner's hub at its next pull of the shape feed.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/platform/db/database.js';
import { testBackends } from './support/databases.js';
import { openTestCloud } from './support/test-cloud.js';
import { bearer, type Person, type Signed } from './support/people.js';
import { pairTestHub, type TestHub } from './support/test-hub.js';

describe.each(testBackends)('catalog edit and delete on $name', (backend) => {
  let db: Database;
  let app: FastifyInstance;
  let url: string;
  let people: Record<Person, Signed>;
  let hub: TestHub;
  beforeAll(async () => {
    ({ db, app, people } = await openTestCloud(backend));
    url = await app.listen({ host: '127.0.0.1', port: 0 });
    hub = await pairTestHub(app, people.admin, people.partnerA.id, 'Caisse');
  });
  afterAll(async () => {
    await app.close();
    await db.close();
  });
  const call = (person: Person, method: 'GET' | 'PATCH' | 'DELETE', path: string, payload?: object, ifMatch?: string) =>
    app.inject({
      method,
      url: path,
      headers: { ...bearer(people[person]), ...(ifMatch === undefined ? {} : { 'if-match': ifMatch }) },
      ...(payload === undefined ? {} : { payload }),
    });
  const newProduct = (name: string) =>
    app.shop.createProduct(people.partnerA.id, {
      name,
      category: 'epicerie',
      kind: 'physical',
      priceXof: 1_000,
      taxGroup: 'CI-TVA-9',
    });
  const pull = async (offset: string, handle?: string) => {
    const query = `table=shop_products&offset=${offset}${handle === undefined ? '' : `&handle=${handle}`}`;
    const response = await hub.fetch(`${url}/v1/hubs/shape?${query}`);
    expect(response.status).toBe(200);
    const messages = (await response.json()) as { key?: string; value?: Record<string, unknown> }[];
    return {
      offset: response.headers.get('electric-offset') ?? '',
      handle: response.headers.get('electric-handle') ?? '',
      rows: messages.filter((m) => m.key !== undefined).map((m) => m.value ?? {}),
    };
  };

  it('refuses what it must: other partner, client, read-only staff, malformed, no If-Match, stale and raced', async () => {
    const { id } = await newProduct('Riz parfumé 5 kg');
    const path = `/v1/shop/catalog/${id}`;
    expect((await call('partnerB', 'PATCH', path, { priceXof: 1 }, '1')).statusCode).toBe(404);
    expect((await call('partnerB', 'DELETE', path, undefined, '1')).statusCode).toBe(404);
    expect((await call('partnerB', 'GET', path)).statusCode).toBe(404);
    expect((await call('clientA', 'PATCH', path, { priceXof: 1 }, '1')).statusCode).toBe(403);
    expect((await call('staffA', 'PATCH', path, { priceXof: 1 }, '1')).statusCode).toBe(403);
    expect((await call('staffA', 'DELETE', path, undefined, '1')).statusCode).toBe(403);
    expect((await call('partnerA', 'PATCH', path, { priceXof: 0 }, '1')).statusCode).toBe(400);
    expect((await call('partnerA', 'PATCH', path, { priceXof: 1.5 }, '1')).statusCode).toBe(400);
    expect((await call('partnerA', 'PATCH', path, { priceXof: 100_000_001 }, '1')).statusCode).toBe(400);
    expect((await call('partnerA', 'PATCH', path, { partnerId: people.partnerB.id }, '1')).statusCode).toBe(400);
    expect((await call('partnerA', 'PATCH', path, {}, '1')).statusCode).toBe(400);
    expect((await call('partnerA', 'PATCH', path, { priceXof: 900 })).statusCode).toBe(400);
    expect((await call('partnerA', 'DELETE', path)).statusCode).toBe(400);
    expect((await call('partnerA', 'PATCH', path, { priceXof: 900 }, '7')).statusCode).toBe(409);
    expect((await call('partnerA', 'DELETE', path, undefined, '"7"')).statusCode).toBe(409);
    // Two staff save from the same version at once: one edit lands, the other is told to reload.
    const raced = await Promise.all([
      call('partnerA', 'PATCH', path, { priceXof: 1_100 }, '1'),
      call('partnerA', 'PATCH', path, { priceXof: 1_200 }, '1'),
    ]);
    expect(raced.map((r) => r.statusCode).sort()).toEqual([200, 409]);
    const read = await call('partnerA', 'GET', path);
    expect(read.json()).toMatchObject({ version: 2 });
    expect(read.headers.etag).toBe('"2"');
    expect(raced.find((r) => r.statusCode === 409)?.json<{ error: { code: string } }>().error.code).toBe('CONFLICT');
  });

  it('a count set from the form that falls to the low-stock threshold alerts the merchant, once, like a sale would', async () => {
    const { id } = await newProduct('Huile rouge 1 L');
    const path = `/v1/shop/catalog/${id}`;
    const lowAlerts = async () =>
      (
        await db.pool.query<{ n: number }>(
          "SELECT count(*)::int AS n FROM audit_log WHERE action = 'shop.stock_low' AND subject_id = $1",
          [id],
        )
      ).rows[0]?.n;
    const setOnline = async (quantity: number, version: number) => {
      const edited = await call('partnerA', 'PATCH', path, { stock: [{ place: 'online', quantity }] }, String(version));
      expect(edited.statusCode).toBe(200);
    };
    await setOnline(10, 1);
    expect(await lowAlerts()).toBe(0);
    await setOnline(2, 2); // 10 → 2: at or below the threshold of 3.
    expect(await lowAlerts()).toBe(1);
    await setOnline(1, 3); // Already low: no second alert for the same fall.
    await setOnline(3, 4); // Going up is never an alert.
    expect(await lowAlerts()).toBe(1);
  });

  it('edits a price and stock, deletes softly (the row stays for orders and invoices); the hub sees both at its next pull', async () => {
    const kept = await newProduct('Attiéké 1 kg');
    const gone = await newProduct('Garba');
    const first = await pull('-1');
    expect(first.rows.map((r) => r['id'])).toEqual(expect.arrayContaining([kept.id, gone.id]));
    const edited = await call(
      'partnerA',
      'PATCH',
      `/v1/shop/catalog/${kept.id}`,
      { priceXof: 1_250, stock: [{ place: 'online', quantity: 12 }] },
      '"1"',
    );
    expect(edited.statusCode).toBe(200);
    expect(edited.json()).toMatchObject({ priceXof: 1_250, version: 2, stock: [{ place: 'online', quantity: 12 }] });
    expect((await call('partnerA', 'DELETE', `/v1/shop/catalog/${gone.id}`, undefined, '1')).statusCode).toBe(204);
    expect((await call('partnerA', 'GET', `/v1/shop/catalog/${gone.id}`)).statusCode).toBe(404);
    const list = await call('partnerA', 'GET', '/v1/shop/catalog?text=attieke');
    expect(list.json<{ products: { id: string }[] }>().products.map((p) => p.id)).toEqual([kept.id]);
    const { rows: still } = await db.pool.query<{ active: boolean; deleted: boolean }>(
      'SELECT active, deleted_at IS NOT NULL AS deleted FROM shop_products WHERE id = $1',
      [gone.id],
    );
    expect(still).toEqual([{ active: false, deleted: true }]);
    // The feed speaks Electric's protocol: values as Postgres text ('t'/'f', digits).
    const next = await pull(first.offset, first.handle);
    expect(next.rows).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ id: kept.id, price_xof: '1250', active: 't' }),
        expect.objectContaining({ id: gone.id, active: 'f' }),
      ]),
    );
    const { rows: audit } = await db.pool.query<{ action: string }>(
      "SELECT action FROM audit_log WHERE subject_id IN ($1, $2) AND action LIKE 'shop.product_%' ORDER BY seq",
      [kept.id, gone.id],
    );
    expect(audit.map((a) => a.action)).toEqual(['shop.product_edited', 'shop.product_deleted']);
    // Admins act on any partner's catalog; the list then names the partner.
    expect((await call('admin', 'GET', '/v1/shop/catalog')).statusCode).toBe(400);
    const asAdmin = await call('admin', 'GET', `/v1/shop/catalog?partnerId=${people.partnerA.id}&text=attieke`);
    expect(asAdmin.json<{ products: { id: string }[] }>().products.map((p) => p.id)).toEqual([kept.id]);
  });
});
