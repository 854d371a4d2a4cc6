// Proves the real estate search and listing page (issue 25) on both databases. Refusals first: another owner's
// draft is invisible (search and page, 404), an expired listing is neither found nor shown, the map box filters on
// the PUBLIC point (an exact point inside does not let a fuzzed one in), malformed boxes, price ranges and cursors
// are 400. Then the filters (commune without accents, price, area, rooms, furnished, kind, deal), the four sorts, a
// cursor that stays stable while listings are published between two pages, and the page: exact position only to the
// owner's side, a confirmed visitor or an unfuzzed listing; one view per viewer per day, the owner's never counted;
// the contact phone counts a contact. Listings come from the shared fixture, with chosen dates and public points.
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/platform/db/database.js';
import { testBackends } from './support/databases.js';
import { openTestCloud, type TestCloud } from './support/test-cloud.js';
import { bearer, type Person, type Signed } from './support/people.js';
import { publishListing } from './support/real-estate-fixtures.js';

interface Card {
  id: string;
  priceXof: number;
  areaM2: number;
  latE6: number;
  lngE6: number;
  publishedAt: string;
}
interface Page {
  listings: Card[];
  nextCursor: string | null;
}

describe.each(testBackends)('real estate search on $name', (backend) => {
  let cloud: TestCloud;
  let db: Database;
  let app: FastifyInstance;
  let people: Record<Person, Signed>;
  const get = (person: Person, url: string) => app.inject({ method: 'GET', url, headers: bearer(people[person]) });
  const search = async (person: Person, query: string): Promise<Page> => {
    const response = await get(person, `/v1/real-estate/search?${query}`);
    expect(response.statusCode, response.body).toBe(200);
    return response.json<Page>();
  };
  const ids = (page: Page) => page.listings.map((l) => l.id);

  beforeAll(async () => {
    cloud = await openTestCloud(backend, { seedRates: false });
    ({ db, app, people } = cloud);
  });
  afterAll(async () => {
    await cloud.close();
  });

  it('hides drafts and expired listings from others, and answers 404 for their page', async () => {
    const draft = await insertListing(cloud, people.partnerA.id, { status: 'draft', commune: 'Adjamé' });
    const expired = await insertListing(cloud, people.partnerA.id, {
      commune: 'Adjamé',
      publishedDaysAgo: 40,
      expiresInDays: -10,
    });
    // Still 'published' but its period ended: the expiry job has not run yet, it is already gone from search.
    const lapsed = await insertListing(cloud, people.partnerA.id, { commune: 'Adjamé', expiresInDays: -0.01 });
    const live = await insertListing(cloud, people.partnerA.id, { commune: 'Adjamé' });
    expect(ids(await search('clientA', 'commune=Adjame'))).toEqual([live]);
    for (const id of [draft, expired, lapsed]) {
      for (const person of ['clientA', 'partnerB'] as const)
        expect((await get(person, `/v1/real-estate/listings/${id}`)).statusCode, `${id} ${person}`).toBe(404);
      expect(
        (
          await app.inject({
            method: 'POST',
            url: `/v1/real-estate/listings/${id}/contact`,
            headers: bearer(people.clientA),
          })
        ).statusCode,
      ).toBe(404);
      // The owner, its staff and admins still read it.
      for (const person of ['partnerA', 'staffA', 'admin'] as const)
        expect((await get(person, `/v1/real-estate/listings/${id}`)).statusCode, `${id} ${person}`).toBe(200);
    }
    expect((await get('clientA', `/v1/real-estate/listings/${randomUUID()}`)).statusCode).toBe(404);
    expect((await get('clientA', '/v1/real-estate/listings/nope')).statusCode).toBe(400);
    expect((await app.inject({ method: 'GET', url: '/v1/real-estate/search' })).statusCode).toBe(401);
  });

  it('refuses malformed boxes, inverted ranges and foreign cursors', async () => {
    for (const bbox of [
      '1,2,3',
      'a,b,c,d',
      '-4100000,5300000,-4200000,5400000',
      '-4100000,5400000,-4000000,5300000',
      '-4100000,95000000,-4000000,96000000',
      '-190000000,5300000,-4000000,5400000',
    ]) {
      const response = await get('clientA', `/v1/real-estate/search?bbox=${bbox}`);
      expect(response.statusCode, bbox).toBe(400);
      expect(response.json<{ error: { code: string } }>().error.code).toBe('VALIDATION_FAILED');
    }
    expect((await get('clientA', '/v1/real-estate/search?minPriceXof=200&maxPriceXof=100')).statusCode).toBe(400);
    expect((await get('clientA', '/v1/real-estate/search?sort=cheapest')).statusCode).toBe(400);
    expect((await get('clientA', '/v1/real-estate/search?cursor=bm9wZQ')).statusCode).toBe(400);
    expect((await get('clientA', '/v1/real-estate/search?minRooms=-1')).statusCode).toBe(400);
    expect((await get('clientA', '/v1/real-estate/search?ownerId=x')).statusCode).toBe(400);
    // A cursor of one sort is refused by another: its key means something else.
    for (let i = 0; i < 21; i += 1) await insertListing(cloud, people.partnerB.id, { commune: 'Anyama' });
    const first = await search('clientA', 'commune=Anyama&sort=price_asc');
    expect(first.nextCursor).not.toBeNull();
    const foreign = await get('clientA', `/v1/real-estate/search?commune=Anyama&cursor=${first.nextCursor ?? ''}`);
    expect(foreign.statusCode).toBe(400);
  });

  it('filters the map box on the public point, never the exact one', async () => {
    // Exact point inside the box, public point 2 km east of it: not found; the reverse: found.
    const hidden = await insertListing(cloud, people.partnerA.id, {
      commune: 'Bingerville',
      exact: { latE6: 5_355_000, lngE6: -3_885_300 },
      public: { latE6: 5_355_000, lngE6: -3_867_000 },
    });
    const shown = await insertListing(cloud, people.partnerA.id, {
      commune: 'Bingerville',
      exact: { latE6: 5_355_000, lngE6: -3_867_000 },
      public: { latE6: 5_355_000, lngE6: -3_885_300 },
    });
    const page = await search('clientA', 'bbox=-3890000,5350000,-3880000,5360000');
    expect(ids(page)).toContain(shown);
    expect(ids(page)).not.toContain(hidden);
    const card = page.listings.find((l) => l.id === shown);
    expect(card).toMatchObject({ latE6: 5_355_000, lngE6: -3_885_300 });
  });

  it('filters on commune without accents, price, area, rooms, furnished, kind and deal', async () => {
    const base = { commune: 'Port-Bouët' } as const;
    const cheap = await insertListing(cloud, people.partnerA.id, { ...base, priceXof: 80_000, areaM2: 30, rooms: 1 });
    const mid = await insertListing(cloud, people.partnerA.id, {
      ...base,
      priceXof: 150_000,
      areaM2: 70,
      rooms: 3,
      furnished: true,
    });
    const big = await insertListing(cloud, people.partnerA.id, {
      ...base,
      priceXof: 400_000,
      areaM2: 200,
      rooms: 5,
      kind: 'villa',
    });
    const sale = await insertListing(cloud, people.partnerA.id, {
      ...base,
      priceXof: 50_000_000,
      areaM2: 120,
      deal: 'sale',
    });
    const q = (filters: string) => search('clientA', `commune=port-bouet&${filters}`).then(ids);
    expect((await q('deal=rent')).sort()).toEqual([cheap, mid, big].sort());
    expect(await q('deal=sale')).toEqual([sale]);
    expect(await q('deal=rent&minPriceXof=100000&maxPriceXof=200000')).toEqual([mid]);
    expect((await q('minAreaM2=70&deal=rent')).sort()).toEqual([mid, big].sort());
    expect((await q('minRooms=4')).sort()).toEqual([big]);
    expect(await q('furnished=true')).toEqual([mid]);
    expect(await q('kind=villa')).toEqual([big]);
    expect(await search('clientA', 'commune=PORT-BOUËT&deal=rent&sort=price_asc').then(ids)).toEqual([cheap, mid, big]);
    expect(await search('clientA', 'commune=Port-Bouet&sort=price_desc').then(ids)).toEqual([sale, big, mid, cheap]);
    expect(await search('clientA', 'commune=Port-Bouet&sort=area_desc').then(ids)).toEqual([big, sale, mid, cheap]);
    expect(await search('clientA', 'commune=Port-Bouet').then(ids)).toEqual([sale, big, mid, cheap]);
  });

  it('keeps its cursor stable while listings are published between two pages, in every sort', async () => {
    const made: string[] = [];
    // Equal prices and areas: the id settles ties, so no row is skipped or repeated at a page boundary.
    for (let i = 0; i < 25; i += 1)
      made.push(
        await insertListing(cloud, people.partnerB.id, {
          commune: 'Songon',
          priceXof: 100_000 + (i % 3) * 1_000,
          areaM2: 50 + (i % 2),
          publishedDaysAgo: 1 + i / 100,
        }),
      );
    for (const sort of ['newest', 'price_asc', 'price_desc', 'area_desc']) {
      const first = await search('clientA', `commune=Songon&sort=${sort}`);
      expect(first.listings).toHaveLength(20);
      // Published now: first of 'newest', cheapest and largest of all; the next page must not move.
      await insertListing(cloud, people.partnerB.id, { commune: 'Songon', priceXof: 1_000, areaM2: 500 });
      const second = await search('clientA', `commune=Songon&sort=${sort}&cursor=${first.nextCursor ?? ''}`);
      const seen = [...ids(first), ...ids(second)];
      expect(new Set(seen).size, sort).toBe(seen.length);
      expect(
        made.every((id) => seen.includes(id)),
        sort,
      ).toBe(true);
      expect(second.nextCursor, sort).toBeNull();
      await db.pool.query(`UPDATE real_estate_listings SET status = 'draft' WHERE price_xof = 1000`);
    }
    const newest = await search('clientA', 'commune=Songon');
    const times = newest.listings.map((l) => Date.parse(l.publishedAt));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
  });

  it('shows the exact position only to the owner side, a confirmed visitor, or when not fuzzed', async () => {
    const exact = { latE6: 5_359_900, lngE6: -3_967_400 };
    const fuzzed = { latE6: 5_362_000, lngE6: -3_965_000 };
    const id = await insertListing(cloud, people.partnerA.id, { commune: 'Cocody', exact, public: fuzzed });
    const page = (person: Person) =>
      get(person, `/v1/real-estate/listings/${id}`).then((r) => {
        expect(r.statusCode, r.body).toBe(200);
        return r.json<{ latE6: number; lngE6: number; exactPosition: boolean; agentName: string }>();
      });
    expect(await page('clientA')).toMatchObject({ ...fuzzed, exactPosition: false });
    expect(await page('partnerB')).toMatchObject({ ...fuzzed, exactPosition: false });
    expect(await page('partnerA')).toMatchObject({ ...exact, exactPosition: true, agentName: 'partnerA' });
    expect(await page('staffA')).toMatchObject({ ...exact, exactPosition: true });
    // A requested (not yet confirmed) visit shows nothing more; a confirmed one does.
    const visit = await addVisit(db, id, people.clientA.id, people.partnerA.id, 'requested');
    expect(await page('clientA')).toMatchObject({ ...fuzzed, exactPosition: false });
    await db.pool.query(`UPDATE real_estate_visits SET status = 'confirmed', confirmed_at = now() WHERE id = $1`, [
      visit,
    ]);
    expect(await page('clientA')).toMatchObject({ ...exact, exactPosition: true });
    expect(await page('clientB')).toMatchObject({ ...fuzzed, exactPosition: false });
    const open = await insertListing(cloud, people.partnerA.id, {
      commune: 'Cocody',
      exact,
      public: exact,
      fuzz: false,
    });
    expect((await get('clientB', `/v1/real-estate/listings/${open}`)).json()).toMatchObject({
      ...exact,
      exactPosition: true,
    });
  });

  it('counts one view per viewer per day, never the owner side, and a contact when the phone is revealed', async () => {
    const id = await insertListing(cloud, people.partnerA.id, { commune: 'Treichville' });
    for (const person of ['clientA', 'clientA', 'clientB', 'partnerA', 'staffA', 'clientB', 'partnerB'] as const)
      expect((await get(person, `/v1/real-estate/listings/${id}`)).statusCode).toBe(200);
    const contact = async (person: Person) =>
      app.inject({ method: 'POST', url: `/v1/real-estate/listings/${id}/contact`, headers: bearer(people[person]) });
    expect((await contact('partnerA')).json()).toEqual({ phone: '+2250700000000' });
    const revealed = await contact('clientA');
    expect(revealed.statusCode).toBe(200);
    expect(revealed.json()).toEqual({ phone: '+2250700000000' });
    await contact('clientA');
    const { rows } = await db.pool.query<{ views: number; contacts: number; dv: number; dc: number }>(
      `SELECT l.views, l.contacts, d.views AS dv, d.contacts AS dc FROM real_estate_listings l
       JOIN real_estate_listing_daily d ON d.listing_id = l.id AND d.day = current_date WHERE l.id = $1`,
      [id],
    );
    expect(rows[0]).toEqual({ views: 3, contacts: 1, dv: 3, dc: 1 });
  });
});

async function addVisit(db: Database, listingId: string, visitorId: string, agentId: string, status: string) {
  const id = randomUUID();
  const starts = new Date(Date.now() + 86_400_000 * (2 + Math.random() * 100));
  const ends = new Date(starts.getTime() + 3_600_000);
  await db.pool.query(
    `INSERT INTO real_estate_visits (id, listing_id, property_id, visitor_id, agent_id, starts_at, ends_at, during,
       status, idempotency_key)
     SELECT $1, l.id, l.property_id, $2, $3, $4, $5, tstzrange($4, $5), $6, $8 FROM real_estate_listings l
     WHERE l.id = $7`,
    [id, visitorId, agentId, starts, ends, status, listingId, `test-${id}`],
  );
  return id;
}

interface Row {
  status?: 'published' | 'expired' | 'rented' | 'draft';
  commune?: string;
  deal?: 'rent' | 'sale';
  kind?: 'apartment' | 'villa';
  priceXof?: number;
  areaM2?: number;
  rooms?: number;
  furnished?: boolean;
  fuzz?: boolean;
  exact?: { latE6: number; lngE6: number };
  public?: { latE6: number; lngE6: number };
  publishedDaysAgo?: number;
  expiresInDays?: number;
}

/**
 * A listing as publishing leaves it (the shared fixture), published a day ago for 30 days unless told otherwise; the
 * public point, which the fixture fuzzes at random, is set when a test needs to know it.
 */
async function insertListing(cloud: TestCloud, ownerId: string, row: Row = {}): Promise<string> {
  const day = 86_400_000;
  const id = await publishListing(
    cloud,
    { id: ownerId },
    {
      status: row.status ?? 'published',
      commune: row.commune ?? 'Cocody',
      deal: row.deal ?? 'rent',
      kind: row.kind ?? 'apartment',
      priceXof: row.priceXof ?? 120_000,
      areaM2: row.areaM2 ?? 60,
      rooms: row.rooms ?? 2,
      furnished: row.furnished ?? false,
      fuzzPosition: row.fuzz ?? true,
      contactPhone: '+2250700000000',
      publishedAt: new Date(Date.now() - (row.publishedDaysAgo ?? 1) * day),
      expiresAt: new Date(Date.now() + (row.expiresInDays ?? 29) * day),
      ...(row.exact === undefined ? {} : row.exact),
    },
  );
  if (row.public !== undefined)
    await cloud.db.pool.query(
      `UPDATE real_estate_properties SET public_lat_e6 = $2, public_lng_e6 = $3
       WHERE id = (SELECT property_id FROM real_estate_listings WHERE id = $1)`,
      [id, row.public.latE6, row.public.lngE6],
    );
  return id;
}
