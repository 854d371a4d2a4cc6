// Proves every row the downstream feed sends matches its shape's shared row schema (what the
// hub checks before it writes: shared/src/sync/shapes.ts), from the snapshot query and from the
// change log the triggers write alike, and that the schema header names exactly the schema's
// columns: a product, a booking unit and its reservation, a hub's invoice certified, and a property visit.
import { randomUUID } from 'node:crypto';
import { Value } from '@sinclair/typebox/value';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  invoiceNumber,
  ShapeDeletedRowSchema,
  ShapeMessagesSchema,
  shapeNames,
  shapeRowSchemas,
  type InvoiceDraft,
  type ShapeName,
} from '@ismail/shared';
import type { Database } from '../src/platform/db/database.js';
import { withTransaction } from '../src/platform/db/transaction.js';
import { pairHub, registerHub } from '../src/modules/hubs/registry.js';
import { checkHubDocument, recordHubDocument } from '../src/modules/invoicing/hub-documents.js';
import { testBackends } from './support/databases.js';
import { awaSeller, cashSale } from './support/sale-draft.js';
import { openTestCloud } from './support/test-cloud.js';
import { type Person, type Signed } from './support/people.js';
import { hubKeyPair, testHub, type TestHub } from './support/test-hub.js';

function sale(): InvoiceDraft {
  return cashSale(awaSeller('9999999X'), {
    label: 'Savon',
    quantityMilli: 1000,
    unitPriceXof: 1_500,
    taxGroup: 'CI-TVA-18',
  });
}

describe.each(testBackends)('hub shape rows against their shared schemas on $name', (backend) => {
  let db: Database;
  let app: FastifyInstance;
  let url: string;
  let people: Record<Person, Signed>;
  let hub: TestHub;

  beforeAll(async () => {
    ({ db, app, people } = await openTestCloud(backend));
    url = await app.listen({ host: '127.0.0.1', port: 0 });
    // A hub's invoices name its partner as seller (the cloud refuses any other).
    await db.pool.query(
      "UPDATE accounts SET display_name = 'Boutique Awa SARL', tax_id = '9999999X', tax_regime = 'RSI' WHERE id = $1",
      [people.partnerA.id],
    );
    const registered = await registerHub(db, {
      partnerId: people.partnerA.id,
      name: 'Caisse 1',
      adminId: people.admin.id,
    });
    const keys = hubKeyPair();
    const paired = await pairHub(db, {
      hubId: registered.hub.id,
      pairingCode: registered.pairingCode,
      publicKey: keys.publicKey,
    });
    hub = testHub(registered.hub.id, paired.token, keys);

    // One row of each shape, changed once after it was made (so the log holds inserts and updates).
    const product = await app.shop.createProduct(people.partnerA.id, {
      name: 'Savon noir',
      category: 'beaute',
      kind: 'physical',
      priceXof: 1_500,
      taxGroup: 'CI-TVA-18',
    });
    await db.pool.query('UPDATE shop_products SET price_xof = 1400, barcode = $2 WHERE id = $1', [
      product.id,
      '6111234567895',
    ]);
    // Never sold, so it may go: the log's delete carries only its id.
    const gone = await app.shop.createProduct(people.partnerA.id, {
      name: 'Retiré',
      category: 'beaute',
      kind: 'physical',
      priceXof: 100,
      taxGroup: 'CI-TVA-18',
    });
    await db.pool.query('DELETE FROM shop_products WHERE id = $1', [gone.id]);
    const room = await app.booking.createUnit(people.partnerA.id, {
      kind: 'room',
      typeName: 'Chambre',
      name: 'Chambre 3',
      place: 'Assinie',
      capacity: 2,
      basePriceXof: 20_000,
      taxGroup: 'CI-TVA-18',
    });
    await db.pool.query('UPDATE booking_units SET active = false WHERE id = $1', [room.id]);
    const day = (inDays: number) => new Date(Date.now() + inDays * 86_400_000).toISOString().slice(0, 10);
    await db.pool.query(
      `INSERT INTO booking_reservations (id, client_id, partner_id, unit_id, check_in, check_out, guests, status, amount_xof, amount_centi, hold_id, hold_expires_at, cancellation, idempotency_key)
       VALUES (gen_random_uuid(), $1, $2, $3, $4, $5, 2, 'held', 40000, 80000, gen_random_uuid(), now() + interval '15 minutes', '{}', 'shape-rows')`,
      [people.clientA.id, people.partnerA.id, room.id, day(5), day(7)],
    );
    await db.pool.query("UPDATE booking_reservations SET status = 'confirmed' WHERE idempotency_key = 'shape-rows'");
    const issuedAt = new Date();
    const number = invoiceNumber('invoice', paired.hub.register, issuedAt.getUTCFullYear(), 1);
    await withTransaction(db.pool, (client) =>
      recordHubDocument(client, {
        issuerAccountId: people.partnerA.id,
        register: paired.hub.register,
        hubId: paired.hub.id,
        checked: checkHubDocument({ sequence: 1, number, issuedAt: issuedAt.toISOString(), document: sale() }),
        source: 'hub_sale',
        sourceRef: `test:${randomUUID()}`,
      }),
    );
    await db.pool.query(
      `UPDATE invoices SET clearance_status = 'certified', authority = 'fne', authority_reference = 'REF-1',
              qr_data = 'https://fne.example/verify', certified_at = now() WHERE number = $1`,
      [number],
    );
    // A visit of the partner's flat, requested then confirmed (issue 25, migration 0052).
    const [propertyId, listingId] = [randomUUID(), randomUUID()];
    await db.pool.query(
      `INSERT INTO real_estate_properties (id, owner_id, kind, title, commune, lat_e6, lng_e6, public_lat_e6, public_lng_e6, area_m2)
       VALUES ($1, $2, 'apartment', 'Appartement Riviera', 'Cocody', 5360000, -3980000, 5360000, -3980000, 80)`,
      [propertyId, people.partnerA.id],
    );
    await db.pool.query(
      `INSERT INTO real_estate_listings (id, property_id, owner_id, agent_id, deal, price_xof, status, plan_code, contact_phone,
         published_at, expires_at)
       VALUES ($1, $2, $3, $3, 'rent', 250000, 'published', 'month', '+2250701020304', now(), now() + interval '30 days')`,
      [listingId, propertyId, people.partnerA.id],
    );
    await db.pool.query(
      `INSERT INTO real_estate_visits (id, listing_id, property_id, visitor_id, agent_id, starts_at, ends_at, during, status,
         idempotency_key)
       VALUES (gen_random_uuid(), $1, $2, $3, $4, now() + interval '1 day', now() + interval '25 hours',
         tstzrange(now() + interval '1 day', now() + interval '25 hours'), 'requested', 'shape-rows')`,
      [listingId, propertyId, people.clientA.id, people.partnerA.id],
    );
    await db.pool.query("UPDATE real_estate_visits SET status = 'confirmed' WHERE idempotency_key = 'shape-rows'");
  });
  afterAll(async () => {
    await app.close();
    await db.close();
  });

  /** A response's changes, once its body checked as shape messages. */
  const read = async (shape: ShapeName, offset: string) => {
    const response = await hub.fetch(`${url}/v1/hubs/shape?table=${shape}&offset=${offset}`);
    expect(response.status).toBe(200);
    const body: unknown = await response.json();
    if (!Value.Check(ShapeMessagesSchema, body)) throw new Error(`${shape}: not shape messages`);
    return {
      header: JSON.parse(response.headers.get('electric-schema') ?? '{}') as Record<string, unknown>,
      changes: body.flatMap((m) => ('key' in m ? [m] : [])),
    };
  };

  it.each(shapeNames)('%s: every snapshot row and logged change matches the shared row schema', async (shape) => {
    const schema = shapeRowSchemas[shape];
    const snapshot = await read(shape, '-1');
    // The schema header names the schema's columns, no more and no fewer.
    expect(Object.keys(snapshot.header).sort()).toEqual(Object.keys(schema.properties).sort());
    const log = await read(shape, '0_0');
    const rows = [...snapshot.changes, ...log.changes];
    expect(snapshot.changes.length).toBeGreaterThan(0);
    expect(log.changes.some((c) => c.headers.operation === 'update')).toBe(true);
    for (const change of rows) {
      const rowSchema = change.headers.operation === 'delete' ? ShapeDeletedRowSchema : schema;
      expect([...Value.Errors(rowSchema, change.value)].map((e) => `${change.key} ${e.path}: ${e.message}`)).toEqual(
        [],
      );
    }
    if (shape === 'shop_products') expect(log.changes.some((c) => c.headers.operation === 'delete')).toBe(true);
  });
});
