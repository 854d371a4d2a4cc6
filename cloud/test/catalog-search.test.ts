// Proves catalog search ignores case and accents (issue 19.5): "attieke", "ATTIEKE",
// "attiéké" and "Attie" all find Attiéké, "oeufs" finds Œufs, through the search key the
// cloud stores beside each product (shared searchKey, the same the hub uses).
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/platform/db/database.js';
import { testBackends } from './support/databases.js';
import { openTestCloud } from './support/test-cloud.js';
import { bearer, type Person, type Signed } from './support/people.js';

describe.each(testBackends)('catalog search on $name', (backend) => {
  let db: Database;
  let app: FastifyInstance;
  let people: Record<Person, Signed>;
  const ids: Record<string, string> = {};
  beforeAll(async () => {
    ({ db, app, people } = await openTestCloud(backend, { logLevel: 'silent', seedRates: false }));
    for (const [name, description] of [
      ['Attiéké 1 kg', ''],
      ['Œufs frais', 'Plateau de 30'],
      ['Riz parfumé', 'Sac de 25 kg, idéal avec l’attiéké'],
    ] as const) {
      const response = await app.inject({
        method: 'POST',
        url: '/v1/shop/products',
        headers: bearer(people.partnerA),
        payload: { name, description, category: 'epicerie', kind: 'physical', priceXof: 1_000, taxGroup: 'CI-TVA-9' },
      });
      ids[name] = response.json<{ id: string }>().id;
    }
  });
  afterAll(async () => {
    await app.close();
    await db.close();
  });
  const search = async (text: string): Promise<string[]> => {
    const response = await app.inject({
      method: 'GET',
      url: `/v1/shop/products?text=${encodeURIComponent(text)}`,
      headers: bearer(people.clientA),
    });
    expect(response.statusCode, response.body).toBe(200);
    return response.json<{ products: { id: string }[] }>().products.map((p) => p.id);
  };

  it('finds Attiéké whatever the case and accents typed', async () => {
    for (const text of ['attieke', 'ATTIEKE', 'attiéké', 'Attie', 'ATTIÉKÉ']) {
      const found = await search(text);
      expect(found, text).toContain(ids['Attiéké 1 kg']);
      // The rice's description mentions attiéké: descriptions are searched too.
      expect(found, text).toContain(ids['Riz parfumé']);
      expect(found, text).not.toContain(ids['Œufs frais']);
    }
  });

  it('spells ligatures out and folds spaces', async () => {
    expect(await search('oeufs')).toEqual([ids['Œufs frais']]);
    expect(await search('ŒUFS  FRAIS')).toEqual([ids['Œufs frais']]);
    expect(await search('riz parfume')).toEqual([ids['Riz parfumé']]);
  });

  it('takes % and _ literally', async () => {
    expect(await search('%')).toEqual([]);
    expect(await search('_')).toEqual([]);
  });

  it('keeps the key in the database beside the name', async () => {
    const { rows } = await db.pool.query<{ search_key: string }>('SELECT search_key FROM shop_products WHERE id = $1', [
      ids['Attiéké 1 kg'],
    ]);
    expect(rows[0]?.search_key).toBe('attieke 1 kg\n');
  });
});
