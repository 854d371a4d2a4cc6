// Proves the Electric proxy mode end to end on a PostgreSQL server: a cloud with ELECTRIC_URL pointing at the Electric
// STAND-IN (firmware-sim/src/electric, Electric's HTTP API over the same database; the real service cannot run here)
// serves each of the five hub shapes from one table with exactly the rows the native feed serves that hub; a change
// written in the cloud reaches @electric-sql/client live; Electric's headers come through (cache-control made
// private); a forged or unknown hub is refused before anything reaches Electric; the hub's own where, columns and
// replica change nothing; Electric down is a 503 in French and the cloud keeps serving.
// Server only: the stand-in reads the database on connections of its own, which the embedded PGlite cannot give.
import { randomUUID } from 'node:crypto';
import { Shape, ShapeStream } from '@electric-sql/client';
import { Value } from '@sinclair/typebox/value';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startElectricStandIn, type ElectricStandIn } from '@ismail/firmware-sim';
import { invoiceNumber, ShapeMessagesSchema, shapeNames, shapeRowSchemas, type ShapeName } from '@ismail/shared';
import { requireTestDatabaseUrl } from '../../tools/test-support/system-tools.js';
import { createServerDatabase, productionSecretsEnv, serverName } from '../../tools/test-support/test-databases.js';
import { buildCloudApp } from '../src/app.js';
import { parseCloudConfig } from '../src/config-rules.js';
import { openDatabase, type Database } from '../src/platform/db/database.js';
import { withTransaction } from '../src/platform/db/transaction.js';
import { pairHub, registerHub } from '../src/modules/hubs/registry.js';
import { checkHubDocument, recordHubDocument } from '../src/modules/invoicing/hub-documents.js';
import { awaSeller, cashSale } from './support/sale-draft.js';
import { openTestCloud, type TestCloud } from './support/test-cloud.js';
import { hubKeyPair, testHub, type TestHub } from './support/test-hub.js';

type Row = Record<string, string | null>;

/** A production-mode configuration with ELECTRIC_URL (its jobs are not started in tests, its secrets unused). */
function electricConfig(databaseUrl: string, electricUrl: string) {
  const parsed = parseCloudConfig({ DATABASE_URL: databaseUrl, ELECTRIC_URL: electricUrl, ...productionSecretsEnv() });
  if (!parsed.ok) throw new Error(parsed.problems.map((p) => p.message).join('; '));
  return parsed.values;
}

async function until<T>(read: () => T, done: (value: T) => boolean, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Timestamps come as PostgreSQL's text from Electric and as ISO from the native feed: compared as instants. */
const instantColumns = new Set(['starts_at', 'ends_at', 'certified_at']);
const comparable = (row: Row): Row =>
  Object.fromEntries(
    Object.entries(row).map(([k, v]) => [
      k,
      instantColumns.has(k) && v !== null ? new Date(Date.parse(v)).toISOString() : v,
    ]),
  );

describe(`the Electric proxy mode on ${serverName}`, () => {
  let database: { url: string; drop: () => Promise<void> };
  let cloud: TestCloud;
  let db: Database;
  let app: FastifyInstance;
  let native: FastifyInstance;
  let down: FastifyInstance;
  let standInPool: pg.Pool;
  let standIn: ElectricStandIn;
  const urls = { proxy: '', native: '', down: '' };
  let hubA: TestHub;
  let hubB: TestHub;

  beforeAll(async () => {
    database = await createServerDatabase(requireTestDatabaseUrl());
    // As Electric sends values: PostgreSQL's text output (no parsing), instants in UTC.
    standInPool = new pg.Pool({
      connectionString: database.url,
      max: 4,
      options: '-c TimeZone=UTC -c DateStyle=ISO',
      types: { getTypeParser: (() => (value: string) => value) as unknown as typeof pg.types.getTypeParser },
    });
    standIn = await startElectricStandIn({ sql: standInPool, liveTimeoutMs: 2_000, pollMs: 50 });
    const backend = {
      name: serverName,
      open: () => openDatabase({ url: database.url, poolMax: 10, embeddedDataDir: 'unused' }),
    };
    cloud = await openTestCloud(backend, { config: electricConfig(database.url, standIn.url) });
    ({ db, app } = cloud);
    const { people, secrets } = cloud;
    urls.proxy = await app.listen({ host: '127.0.0.1', port: 0 });
    // The same database served by the native feed, and by a cloud whose Electric is down (nothing listens on port 1).
    native = await buildCloudApp({ db, logLevel: 'error', ...secrets });
    urls.native = await native.listen({ host: '127.0.0.1', port: 0 });
    down = await buildCloudApp({
      db,
      logLevel: 'silent',
      ...secrets,
      config: electricConfig(database.url, 'http://127.0.0.1:1'),
    });
    urls.down = await down.listen({ host: '127.0.0.1', port: 0 });

    await db.pool.query(
      "UPDATE accounts SET display_name = 'Boutique Awa SARL', tax_id = '9999999X', tax_regime = 'RSI' WHERE id = $1",
      [people.partnerA.id],
    );
    const pairedHub = async (partnerId: string) => {
      const registered = await registerHub(db, { partnerId, name: 'Caisse', adminId: people.admin.id });
      const keys = hubKeyPair();
      const paired = await pairHub(db, {
        hubId: registered.hub.id,
        pairingCode: registered.pairingCode,
        publicKey: keys.publicKey,
      });
      return { hub: testHub(registered.hub.id, paired.token, keys), register: paired.hub.register };
    };
    const a = await pairedHub(people.partnerA.id);
    hubA = a.hub;
    hubB = (await pairedHub(people.partnerB.id)).hub;
    // Rows of every shape for partner A (and its hub's invoice), some for partner B.
    for (const [partner, name] of [
      [people.partnerA.id, 'Savon noir'],
      [people.partnerB.id, 'Produit du voisin'],
    ] as const) {
      await app.shop.createProduct(partner, {
        name,
        category: 'beaute',
        kind: 'physical',
        priceXof: 1_500,
        taxGroup: 'CI-TVA-18',
      });
    }
    const unit = {
      kind: 'room',
      typeName: 'Chambre',
      place: 'Assinie',
      capacity: 2,
      basePriceXof: 20_000,
      taxGroup: 'CI-TVA-18',
    } as const;
    const room = await app.booking.createUnit(people.partnerA.id, { ...unit, name: 'Chambre 3' });
    const roomB = await app.booking.createUnit(people.partnerB.id, { ...unit, name: 'Chambre du voisin' });
    const day = (inDays: number) => new Date(Date.now() + inDays * 86_400_000).toISOString().slice(0, 10);
    for (const [partner, unitId, client, key] of [
      [people.partnerA.id, room.id, people.clientA.id, 'proxy-a'],
      [people.partnerB.id, roomB.id, people.clientB.id, 'proxy-b'],
    ] as const)
      await db.pool.query(
        `INSERT INTO booking_reservations (id, client_id, partner_id, unit_id, check_in, check_out, guests, status, amount_xof, amount_centi, hold_id, hold_expires_at, cancellation, idempotency_key)
         VALUES (gen_random_uuid(), $1, $2, $3, $4, $5, 2, 'confirmed', 40000, 80000, gen_random_uuid(), now() + interval '15 minutes', '{}', $6)`,
        [client, partner, unitId, day(5), day(7), key],
      );
    const issuedAt = new Date();
    const number = invoiceNumber('invoice', a.register, issuedAt.getUTCFullYear(), 1);
    await withTransaction(db.pool, (client) =>
      recordHubDocument(client, {
        issuerAccountId: people.partnerA.id,
        register: a.register,
        hubId: hubA.id,
        checked: checkHubDocument({
          sequence: 1,
          number,
          issuedAt: issuedAt.toISOString(),
          document: cashSale(awaSeller('9999999X'), {
            label: 'Savon',
            quantityMilli: 1000,
            unitPriceXof: 1_500,
            taxGroup: 'CI-TVA-18',
          }),
        }),
        source: 'hub_sale',
        sourceRef: `test:${randomUUID()}`,
      }),
    );
    await db.pool.query(
      `UPDATE invoices SET clearance_status = 'certified', authority = 'fne', authority_reference = 'REF-1', certified_at = now() WHERE number = $1`,
      [number],
    );
    const [propertyId, listingId] = [randomUUID(), randomUUID()];
    await db.pool.query(
      `INSERT INTO real_estate_properties (id, owner_id, kind, title, commune, lat_e6, lng_e6, public_lat_e6, public_lng_e6, area_m2)
       VALUES ($1, $2, 'apartment', 'Appartement Riviera', 'Cocody', 5360000, -3980000, 5360000, -3980000, 80)`,
      [propertyId, people.partnerA.id],
    );
    await db.pool.query(
      `INSERT INTO real_estate_listings (id, property_id, owner_id, agent_id, deal, price_xof, status, plan_code, contact_phone, published_at, expires_at)
       VALUES ($1, $2, $3, $3, 'rent', 250000, 'published', 'month', '+2250701020304', now(), now() + interval '30 days')`,
      [listingId, propertyId, people.partnerA.id],
    );
    await db.pool.query(
      `INSERT INTO real_estate_visits (id, listing_id, property_id, visitor_id, agent_id, starts_at, ends_at, during, status, idempotency_key)
       VALUES (gen_random_uuid(), $1, $2, $3, $4, now() + interval '1 day', now() + interval '25 hours',
               tstzrange(now() + interval '1 day', now() + interval '25 hours'), 'confirmed', 'proxy-visit')`,
      [listingId, propertyId, people.clientA.id, people.partnerA.id],
    );
    // The guests get their ISMAIL IDs after booking, as an activation does: the copies on the shapes' tables follow.
    for (const [person, ismailId] of [
      [people.clientA.id, 'CI071226-A1B2-CL'],
      [people.clientB.id, 'CI071226-C3D4-CL'],
    ] as const)
      await db.pool.query('UPDATE accounts SET ismail_id = $2 WHERE id = $1', [person, ismailId]);
    // Three clouds and a migrated database: beside a CI run on two cores this took up to a minute.
  }, 180_000);
  afterAll(async () => {
    await Promise.all([app?.close(), native?.close(), down?.close()]);
    await standIn?.close();
    await standInPool?.end();
    await db?.close();
    await database?.drop();
  });

  /** A first request's rows by id, from one cloud, as a hub. */
  const snapshot = async (hub: TestHub, base: string, shape: ShapeName, extra = '') => {
    const response = await hub.fetch(`${base}/v1/hubs/shape?table=${shape}&offset=-1${extra}`);
    expect(response.status, `${shape} from ${base}`).toBe(200);
    const body: unknown = await response.json();
    // What the hub's shape sync checks a body against before it writes anything (hub/src/sync/shape-sync.ts).
    if (!Value.Check(ShapeMessagesSchema, body)) throw new Error(`${shape} from ${base}: not shape messages`);
    const rows = new Map(body.flatMap((m) => ('key' in m ? [[m.value.id ?? '', m.value] as const] : [])));
    return { response, rows };
  };

  it.each(shapeNames)(
    '%s: one table through Electric, exactly the rows the native feed gives this hub',
    async (shape) => {
      const proxied = await snapshot(hubA, urls.proxy, shape);
      const nativeRows = (await snapshot(hubA, urls.native, shape)).rows;
      expect(nativeRows.size).toBeGreaterThan(0);
      const copied = { booking_reservations: 'guest_ismail_id', real_estate_visits: 'visitor_ismail_id' } as const;
      if (shape in copied)
        expect([...proxied.rows.values()].map((r) => r[copied[shape as keyof typeof copied]])).toEqual([
          'CI071226-A1B2-CL',
        ]);
      expect([...proxied.rows.keys()].sort()).toEqual([...nativeRows.keys()].sort());
      for (const [id, row] of proxied.rows) {
        expect(comparable(row)).toEqual(comparable(nativeRows.get(id) ?? {}));
        // The hub writes only rows its shared schema accepts.
        expect(Value.Check(shapeRowSchemas[shape], row)).toBe(true);
      }
      const headers = proxied.response.headers;
      expect(headers.get('electric-handle')).toMatch(/^\d+-\d+$/);
      expect(headers.get('electric-offset')).toMatch(/^\d+_0$/);
      expect(Object.keys(JSON.parse(headers.get('electric-schema') ?? '{}') as object).sort()).toEqual(
        Object.keys(shapeRowSchemas[shape].properties).sort(),
      );
      expect(headers.has('electric-up-to-date')).toBe(true);
      expect(headers.get('etag')).toMatch(/^".+"$/);
      expect(headers.get('cache-control')).toBe('private, max-age=604800, stale-while-revalidate=2629746');
      // What the cloud asked Electric: the shape's one table, this hub's filter, full rows.
      const asked = standIn.requests().at(-1)?.params;
      expect(asked?.replica).toBe('full');
      expect(asked?.where).toContain(shape === 'hub_invoice_clearances' ? hubA.id : cloud.people.partnerA.id);
      // Unchanged since: the etag gets a 304 without rows, from Electric through the cloud.
      const again = await hubA.fetch(`${urls.proxy}/v1/hubs/shape?table=${shape}&offset=-1`, {
        headers: { 'if-none-match': headers.get('etag') ?? '' },
      });
      expect(again.status).toBe(304);
    },
  );

  it('brings a product added and a price changed in the cloud to @electric-sql/client live', async () => {
    type Product = { [key: string]: unknown; id: string; name: string; price_xof: number };
    // Aborted at the end: unsubscribing alone leaves the stream's requests running.
    const stop = new AbortController();
    const stream = new ShapeStream<Product>({
      url: `${urls.proxy}/v1/hubs/shape`,
      params: { table: 'shop_products' },
      fetchClient: hubA.fetch,
      signal: stop.signal,
    });
    const shape = new Shape<Product>(stream as unknown as ConstructorParameters<typeof Shape<Product>>[0]);
    try {
      expect((await shape.rows).map((r) => r.name)).toEqual(['Savon noir']);
      const pagne = await app.shop.createProduct(cloud.people.partnerA.id, {
        name: 'Pagne wax',
        category: 'textile',
        kind: 'physical',
        priceXof: 12_500,
        taxGroup: 'CI-TVA-18',
      });
      await db.pool.query('UPDATE shop_products SET price_xof = 11000 WHERE id = $1', [pagne.id]);
      const live = await until(
        () => shape.currentRows,
        (rows) => rows.some((r) => r.id === pagne.id && r.price_xof === 11_000),
      );
      expect(live.map((r) => [r.name, r.price_xof]).sort()).toEqual([
        ['Pagne wax', 11_000],
        ['Savon noir', 1_500],
      ]);
      expect(standIn.requests().some((r) => r.params.live === 'true')).toBe(true);
    } finally {
      stream.unsubscribeAll();
      stop.abort();
    }
  });

  it('sends a change as the whole row (replica=full), which the hub upserts as it is', async () => {
    const base = `${urls.proxy}/v1/hubs/shape?table=booking_reservations`;
    const first = await hubA.fetch(`${base}&offset=-1`);
    const position = `&offset=${first.headers.get('electric-offset') ?? ''}&handle=${first.headers.get('electric-handle') ?? ''}`;
    await db.pool.query("UPDATE booking_reservations SET guests = 1 WHERE idempotency_key = 'proxy-a'");
    const live = await hubA.fetch(`${base}${position}&live=true`);
    expect(live.status).toBe(200);
    expect(live.headers.get('electric-cursor')).toMatch(/^\d+$/);
    expect(live.headers.get('cache-control')).toBe('private, max-age=5, stale-while-revalidate=5');
    const changes = ((await live.json()) as { value?: Row; headers: { operation?: string } }[]).filter(
      (m) => m.value !== undefined,
    );
    expect(changes.map((m) => [m.headers.operation, m.value?.guests, m.value?.guest_ismail_id])).toEqual([
      ['update', '1', 'CI071226-A1B2-CL'],
    ]);
    expect(Value.Check(shapeRowSchemas.booking_reservations, changes[0]?.value)).toBe(true);
  });

  it('refuses a hub without a signature, with a forged token, or unknown, before anything reaches Electric', async () => {
    // A table no other test reads through the proxy meanwhile.
    const visits = () => standIn.requests().filter((r) => r.params.table === 'real_estate_visits').length;
    const before = visits();
    const path = '/v1/hubs/shape?table=real_estate_visits&offset=-1';
    expect((await fetch(`${urls.proxy}${path}`)).status).toBe(401);
    const forged = testHub(hubA.id, `${hubA.token.slice(0, -4)}AAAA`, hubKeyPair());
    expect((await forged.fetch(`${urls.proxy}${path}`)).status).toBe(401);
    const unknown = testHub(randomUUID(), hubA.token, hubKeyPair());
    expect((await unknown.fetch(`${urls.proxy}${path}`)).status).toBe(401);
    expect(visits()).toBe(before);
    // The same request, signed by the real hub, does reach Electric.
    expect((await hubA.fetch(`${urls.proxy}${path}`)).status).toBe(200);
    expect(visits()).toBe(before + 1);
  });

  it('ignores the hub’s own where, columns and replica: another partner’s id or 1=1 still gives only its rows', async () => {
    const partnerA = cloud.people.partnerA.id;
    for (const extra of [
      `&where=${encodeURIComponent('1=1')}&columns=id,partner_id&replica=default`,
      `&where=${encodeURIComponent(`partner_id = '${partnerA}'`)}`,
      `&subset__where=true&params%5B1%5D=x`,
    ]) {
      const { rows } = await snapshot(hubB, urls.proxy, 'shop_products', extra);
      expect([...rows.values()].map((r) => r.name)).toEqual(['Produit du voisin']);
      expect(Object.keys([...rows.values()][0] ?? {})).not.toContain('partner_id');
      const asked = standIn.requests().at(-1)?.params;
      expect(asked?.where).toBe(`partner_id = '${cloud.people.partnerB.id}'`);
      expect(asked?.replica).toBe('full');
      expect(Object.keys(asked ?? {}).filter((k) => k.startsWith('subset') || k.startsWith('params'))).toEqual([]);
    }
  });

  it('has a stand-in that refuses, as Electric would, what it cannot serve (never as SQL)', async () => {
    const ask = async (params: Record<string, string>) => {
      const response = await fetch(
        `${standIn.url}/v1/shape?${new URLSearchParams({ offset: '-1', ...params }).toString()}`,
      );
      return { status: response.status, body: (await response.json()) as { errors?: Record<string, string[]> } };
    };
    for (const where of ['1=1', "partner_id = 'x' OR true", "partner_id = ''; DROP TABLE accounts; --'"])
      expect((await ask({ table: 'shop_products', where })).body.errors).toHaveProperty('where');
    expect((await ask({ table: 'shop_products', where: "partner_id = 'not-a-uuid'" })).status).toBe(400);
    expect((await ask({ table: 'shop_products', columns: 'name' })).body.errors).toHaveProperty('columns');
    expect((await ask({ table: 'no_such_table' })).body.errors).toHaveProperty('table');
    // Nothing was run: the accounts are all there.
    const { rows } = await db.pool.query<{ n: string }>('SELECT count(*) AS n FROM accounts');
    expect(Number(rows[0]?.n)).toBeGreaterThan(5);
  });

  it('relays Electric’s 409 must-refetch with its handle, and answers 503 in French when Electric is down', async () => {
    const stale = await hubA.fetch(`${urls.proxy}/v1/hubs/shape?table=shop_products&offset=1_0&handle=1-1`);
    expect(stale.status).toBe(409);
    expect(stale.headers.get('electric-handle')).toMatch(/^\d+-\d+$/);
    expect(await stale.json()).toEqual([{ headers: { control: 'must-refetch' } }]);
    const unreachable = await hubA.fetch(`${urls.down}/v1/hubs/shape?table=shop_products&offset=-1`);
    expect(unreachable.status).toBe(503);
    const body = (await unreachable.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('SYNC_SERVICE_UNAVAILABLE');
    expect(body.error.message).toContain('Le service de synchronisation (Electric) ne répond pas');
    // The cloud itself keeps serving the hub.
    expect((await hubA.fetch(`${urls.down}/v1/hubs/policy`)).status).toBe(200);
  });

  it('ends the request to Electric when a hub leaves a live wait, and serves the next one', async () => {
    const base = `${urls.proxy}/v1/hubs/shape?table=booking_units`;
    const first = await hubA.fetch(`${base}&offset=-1`);
    const position = `&offset=${first.headers.get('electric-offset') ?? ''}&handle=${first.headers.get('electric-handle') ?? ''}`;
    const leaving = new AbortController();
    const waiting = hubA
      .fetch(`${base}${position}&live=true`, { signal: leaving.signal })
      .catch((error: unknown) => error);
    await until(
      () => standIn.requests().at(-1)?.params,
      (asked) => asked?.live === 'true' && asked.table === 'booking_units',
    );
    leaving.abort();
    expect(await waiting).toBeInstanceOf(Error);
    const next = await hubA.fetch(`${base}${position}`);
    expect(next.status).toBe(200);
    expect(await next.json()).toEqual([{ headers: { control: 'up-to-date' } }]);
  });
});
