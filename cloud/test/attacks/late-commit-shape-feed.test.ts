// Proves the hub shape feed delivers a change that commits after a later-numbered one the hub
// has already read: two transactions each add a product to the hub's partner's catalog, the
// second commits first and the hub reads it (its offset moves past it), then the first
// commits, and the hub's next read from that offset still brings it. Two transactions at once
// need the PostgreSQL server (PGlite serves one connection, so it cannot interleave them); on
// PGlite the same products are written one after another and both must arrive.
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/platform/db/database.js';
import { withTransaction } from '../../src/platform/db/transaction.js';
import { testBackends } from '../support/databases.js';
import { openTestCloud } from '../support/test-cloud.js';
import { type Person, type Signed } from '../support/people.js';
import { pairTestHub, type TestHub } from '../support/test-hub.js';

async function addProduct(client: pg.PoolClient, partnerId: string, name: string): Promise<string> {
  const id = randomUUID();
  await client.query(
    "INSERT INTO shop_products (id, partner_id, name, category, kind, price_xof, tax_group) VALUES ($1, $2, $3, 'epicerie', 'physical', 500, 'CI-TVA-18')",
    [id, partnerId, name],
  );
  return id;
}

describe.each(testBackends)('hub shape feed and late commits on $name', (backend) => {
  let db: Database;
  let app: FastifyInstance;
  let people: Record<Person, Signed>;
  let hub: TestHub;
  beforeAll(async () => {
    ({ db, app, people } = await openTestCloud(backend, { logLevel: 'silent' }));
    hub = await pairTestHub(app, people.admin, people.partnerA.id, 'Caisse tardive');
  }, 60_000);
  afterAll(async () => {
    await app.close();
    await db.close();
  });

  /** One read of the catalog shape as the hub: the product ids it brings and the next offset. */
  async function read(offset: string, handle?: string): Promise<{ ids: string[]; offset: string; handle: string }> {
    const response = await hub.inject(app, {
      method: 'GET',
      url: `/v1/hubs/shape?table=shop_products&offset=${offset}${handle === undefined ? '' : `&handle=${handle}`}`,
    });
    expect(response.statusCode).toBe(200);
    const messages = response.json<{ key?: string; value?: { id: string } }[]>();
    return {
      ids: messages.flatMap((m) => (m.value === undefined ? [] : [m.value.id])),
      offset: String(response.headers['electric-offset']),
      handle: String(response.headers['electric-handle']),
    };
  }

  it('delivers a product whose change was numbered before one the hub already read', { timeout: 60_000 }, async () => {
    const start = await read('-1');
    let late: string;
    let overtaking: string;
    let afterOvertaking: { ids: string[]; offset: string };
    if (db.kind === 'embedded') {
      late = await withTransaction(db.pool, (c) => addProduct(c, people.partnerA.id, 'Attiéké tardif'));
      overtaking = await withTransaction(db.pool, (c) => addProduct(c, people.partnerA.id, 'Garba pressé'));
      afterOvertaking = { ids: [], offset: start.offset };
    } else {
      const early = await db.pool.connect();
      const second = await db.pool.connect();
      try {
        await early.query('BEGIN');
        late = await addProduct(early, people.partnerA.id, 'Attiéké tardif');
        await second.query('BEGIN');
        overtaking = await addProduct(second, people.partnerA.id, 'Garba pressé');
        await second.query('COMMIT');
        // The hub reads the second product while the first is still uncommitted.
        afterOvertaking = await read(start.offset, start.handle);
        expect(afterOvertaking.ids).toEqual([overtaking]);
        await early.query('COMMIT');
      } finally {
        early.release();
        second.release();
      }
    }
    const next = await read(afterOvertaking.offset, start.handle);
    const delivered = [...afterOvertaking.ids, ...next.ids];
    expect(delivered.sort()).toEqual([late, overtaking].sort());
    // And nothing more comes from the final offset.
    expect((await read(next.offset, start.handle)).ids).toEqual([]);
  });
});
