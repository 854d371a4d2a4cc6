// Proves the downstream feed speaks Electric's shape protocol well enough for the real
// `@electric-sql/client` (ShapeStream + Shape) to consume it: the hub's partner's catalog
// arrives as an initial snapshot, then a product added and a price changed in the cloud
// reach the client through live long-polling; another partner's products never appear; an
// unknown handle gets "must-refetch" (409); no hub signature, no feed.
import { randomUUID } from 'node:crypto';
import { Shape, ShapeStream } from '@electric-sql/client';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/platform/db/database.js';
import { everyTestBackend } from './support/databases.js';
import { openTestCloud } from './support/test-cloud.js';
import { type Person, type Signed } from './support/people.js';
import { pairTestHub, type TestHub } from './support/test-hub.js';

interface ProductRow {
  [key: string]: unknown;
  id: string;
  name: string;
  price_xof: number;
  active: boolean;
}

async function until<T>(read: () => T, done: (value: T) => boolean, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe.each(everyTestBackend)('hub shape feed on $name', (backend) => {
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

  it('feeds the partner catalog to @electric-sql/client: snapshot, then live changes, and nothing of another partner', async () => {
    const shop = app.shop;
    const pagne = await shop.createProduct(people.partnerA.id, {
      name: 'Pagne wax',
      category: 'textile',
      kind: 'physical',
      priceXof: 12_500,
      taxGroup: 'CI-TVA-18',
    });
    await shop.createProduct(people.partnerB.id, {
      name: 'Produit du voisin',
      category: 'textile',
      kind: 'physical',
      priceXof: 999,
      taxGroup: 'CI-TVA-18',
    });
    const stream = new ShapeStream<ProductRow>({
      url: `${url}/v1/hubs/shape`,
      params: { table: 'shop_products' },
      fetchClient: hub.fetch,
    });
    // The library's own types disagree under exactOptionalPropertyTypes (ShapeStream.shapeHandle
    // may be undefined, ShapeStreamInterface says string); at run time they are the same object.
    const shape = new Shape<ProductRow>(stream as unknown as ConstructorParameters<typeof Shape<ProductRow>>[0]);
    try {
      const first = await shape.rows;
      expect(first.map((r) => [r.name, r.price_xof, r.active])).toEqual([['Pagne wax', 12_500, true]]);
      const savon = await shop.createProduct(people.partnerA.id, {
        name: 'Savon noir',
        category: 'beaute',
        kind: 'physical',
        priceXof: 1_500,
        taxGroup: 'CI-TVA-18',
      });
      await db.pool.query('UPDATE shop_products SET price_xof = 11000 WHERE id = $1', [pagne.id]);
      const live = await until(
        () => shape.currentRows,
        (rows) => rows.length === 2 && rows.some((r) => r.id === pagne.id && r.price_xof === 11_000),
      );
      expect(live.map((r) => [r.name, r.price_xof]).sort()).toEqual([
        ['Pagne wax', 11_000],
        ['Savon noir', 1_500],
      ]);
      expect(live.find((r) => r.id === savon.id)).toBeDefined();
      expect(live.some((r) => r.name === 'Produit du voisin')).toBe(false);
    } finally {
      stream.unsubscribeAll();
    }
  });

  it('serves a large catalog in bounded snapshot pages that @electric-sql/client follows to every row, once', async () => {
    const hubB = await pairTestHub(app, people.admin, people.partnerB.id, 'Caisse B');
    await db.pool.query(
      `INSERT INTO shop_products (id, partner_id, name, category, kind, price_xof, tax_group)
       SELECT gen_random_uuid(), $1, 'Article ' || g, 'epicerie', 'physical', 100 + g, 'CI-TVA-18' FROM generate_series(1, 10050) AS g`,
      [people.partnerB.id],
    );
    const expected = Number(
      (
        await db.pool.query<{ n: string }>('SELECT count(*) AS n FROM shop_products WHERE partner_id = $1', [
          people.partnerB.id,
        ])
      ).rows[0]?.n,
    );
    // The raw first page: bounded, not up to date, and an offset to continue from.
    const first = await hubB.fetch(`${url}/v1/hubs/shape?table=shop_products&offset=-1`);
    expect(((await first.json()) as unknown[]).length).toBe(10_000);
    expect(first.headers.has('electric-up-to-date')).toBe(false);
    expect(first.headers.get('electric-offset')).toMatch(/^\d+_[1-9]\d*$/);
    const stream = new ShapeStream<ProductRow>({
      url: `${url}/v1/hubs/shape`,
      params: { table: 'shop_products' },
      fetchClient: hubB.fetch,
    });
    const shape = new Shape<ProductRow>(stream as unknown as ConstructorParameters<typeof Shape<ProductRow>>[0]);
    try {
      const rows = await shape.rows;
      expect(rows).toHaveLength(expected);
      expect(new Set(rows.map((r) => r.id)).size).toBe(expected);
    } finally {
      stream.unsubscribeAll();
    }
  });

  it('feeds the partner’s bookable units and reservations (guest by ISMAIL ID, no amounts), nothing of another partner', async () => {
    const booking = app.booking;
    const room = await booking.createUnit(people.partnerA.id, {
      kind: 'room',
      typeName: 'Chambre',
      name: 'Chambre 7',
      place: 'Assinie',
      capacity: 2,
      basePriceXof: 20_000,
      taxGroup: 'CI-TVA-18',
    });
    await booking.createUnit(people.partnerB.id, {
      kind: 'room',
      typeName: 'Chambre',
      name: 'Chambre du voisin',
      place: 'Assinie',
      capacity: 2,
      basePriceXof: 20_000,
      taxGroup: 'CI-TVA-18',
    });
    const read = async (table: string) => {
      const response = await hub.fetch(`${url}/v1/hubs/shape?table=${table}&offset=-1`);
      return ((await response.json()) as { value?: Record<string, string> }[]).flatMap((m) =>
        m.value === undefined ? [] : [m.value],
      );
    };
    expect((await read('booking_units')).map((u) => u.name)).toEqual(['Chambre 7']);
    const stream = new ShapeStream<{ id: string; unit_id: string; status: string; check_in: string }>({
      url: `${url}/v1/hubs/shape`,
      params: { table: 'booking_reservations' },
      fetchClient: hub.fetch,
    });
    const shape = new Shape<{ id: string; unit_id: string; status: string; check_in: string }>(
      stream as unknown as ConstructorParameters<
        typeof Shape<{ id: string; unit_id: string; status: string; check_in: string }>
      >[0],
    );
    try {
      expect(await shape.rows).toEqual([]);
      // A stay is held, then confirmed: the hub's replica follows live.
      const checkIn = new Date(Date.now() + 5 * 86_400_000).toISOString().slice(0, 10);
      const checkOut = new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10);
      await db.pool.query(
        `INSERT INTO booking_reservations (id, client_id, partner_id, unit_id, check_in, check_out, guests, status, amount_xof, amount_centi, hold_id, hold_expires_at, cancellation, idempotency_key)
         VALUES (gen_random_uuid(), $1, $2, $3, $4, $5, 2, 'held', 40000, 80000, gen_random_uuid(), now() + interval '15 minutes', '{}', 'shape-test')`,
        [people.clientA.id, people.partnerA.id, room.id, checkIn, checkOut],
      );
      await db.pool.query("UPDATE booking_reservations SET status = 'confirmed' WHERE idempotency_key = 'shape-test'");
      const live = await until(
        () => shape.currentRows,
        (rows) => rows.length === 1 && rows[0]?.status === 'confirmed',
      );
      expect(live[0]).toMatchObject({ unit_id: room.id, status: 'confirmed' });
      expect(Object.keys(live[0] ?? {}).sort()).toEqual([
        'check_in',
        'check_out',
        'guest_ismail_id',
        'guests',
        'id',
        'status',
        'unit_id',
      ]);
    } finally {
      stream.unsubscribeAll();
    }
  });

  it('answers must-refetch to an unknown handle, and refuses a request the hub did not sign', async () => {
    const stale = await hub.fetch(`${url}/v1/hubs/shape?table=shop_products&offset=3_0&handle=${randomUUID()}`);
    expect(stale.status).toBe(409);
    expect(await stale.json()).toEqual([{ headers: { control: 'must-refetch' } }]);
    expect(stale.headers.get('electric-handle')).toBe(`shop_products-${people.partnerA.id}`);
    expect((await fetch(`${url}/v1/hubs/shape?table=shop_products&offset=-1`)).status).toBe(401);
    expect((await hub.fetch(`${url}/v1/hubs/shape?table=accounts&offset=-1`)).status).toBe(400);
  });
});
