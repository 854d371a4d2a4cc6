// Proves saved searches with their alerts and the owner's statistics (issue 25) on both databases. Refusals first:
// malformed filters (a bad box, a price range upside down, an unknown field) are 400, the 21st search is 409 (also
// when two saves race at the 20th), another person's search is neither listed nor deleted (404); statistics are
// refused to candidates and admins (403), another landlord's listing is 404, a day count out of 1..90 is 400. Then:
// two new matching listings give ONE alert saying "2" (not the one published before the search, nor an expired, let
// or suspended one, nor one that does not match), a second run sends nothing; the dashboard counts views, contacts and
// confirmed visits, and the daily series has every day, zeros filled.
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/platform/db/database.js';
import { alertLagMs, savedSearchesMax, sendSearchAlerts } from '../src/modules/real-estate/saved-search.js';
import { servicesNotifier } from '../src/modules/services/notify.js';
import { testBackends } from './support/databases.js';
import { openTestCloud, type TestCloud } from './support/test-cloud.js';
import { bearer, type Signed } from './support/people.js';
import { makeCandidate, makeLandlord, publishListing, type Landlord } from './support/real-estate-fixtures.js';

describe.each(testBackends)('real estate saved searches and statistics on $name', (backend) => {
  let cloud: TestCloud;
  let db: Database;
  let app: FastifyInstance;
  let landlord: Landlord;
  let other: Landlord;
  let candidate: Signed;
  let neighbour: Signed;
  const call = (who: Signed, method: 'GET' | 'POST' | 'DELETE', url: string, payload?: object) =>
    app.inject({ method, url, headers: bearer(who), ...(payload === undefined ? {} : { payload }) });
  const save = (who: Signed, filters: object, name = 'Marcory pas cher', alerts = true) =>
    call(who, 'POST', '/v1/real-estate/saved-searches', { name, filters, alerts });

  beforeAll(async () => {
    cloud = await openTestCloud(backend);
    ({ db, app } = cloud);
    landlord = await makeLandlord(cloud, { fundXof: 0 });
    other = await makeLandlord(cloud, { fundXof: 0 });
    candidate = await makeCandidate(cloud);
    neighbour = await makeCandidate(cloud);
  });
  afterAll(async () => {
    await cloud.close();
  });

  it('refuses malformed filters, a 21st search, and another person’s searches', async () => {
    // The neighbour's searches have no alerts: the alert runs below then count the candidate's alone.
    for (const filters of [
      { bbox: '1,2,3' },
      { bbox: '-3900000,5400000,-3800000,5300000' },
      { minPriceXof: 300_000, maxPriceXof: 100_000 },
      { ownerId: randomUUID() },
      { sort: 'newest' },
      { minRooms: -1 },
    ]) {
      const response = await save(candidate, filters);
      expect(response.statusCode, JSON.stringify(filters)).toBe(400);
    }
    expect((await save(candidate, {}, '')).statusCode).toBe(400);
    expect((await save(candidate, {}, 'x'.repeat(81))).statusCode).toBe(400);
    for (let i = 0; i < savedSearchesMax - 1; i += 1)
      expect((await save(neighbour, { minRooms: i }, `Recherche ${String(i)}`, false)).statusCode).toBe(201);
    // Two saves racing for the 20th place: one wins, the other is refused.
    const raced = await Promise.all([save(neighbour, {}, 'A', false), save(neighbour, {}, 'B', false)]);
    expect(raced.map((r) => r.statusCode).sort()).toEqual([201, 409]);
    const refused = raced.find((r) => r.statusCode === 409);
    expect(refused?.json<{ error: { message: string } }>().error.message).toContain('20 recherches');
    const mine = await call(neighbour, 'GET', '/v1/real-estate/saved-searches');
    expect(mine.json<{ searches: unknown[] }>().searches).toHaveLength(savedSearchesMax);
    expect((await call(candidate, 'GET', '/v1/real-estate/saved-searches')).json()).toEqual({ searches: [] });
    const theirs = mine.json<{ searches: { id: string }[] }>().searches[0]?.id ?? '';
    expect((await call(candidate, 'DELETE', `/v1/real-estate/saved-searches/${theirs}`)).statusCode).toBe(404);
    expect((await call(neighbour, 'DELETE', `/v1/real-estate/saved-searches/${theirs}`)).statusCode).toBe(204);
    expect((await call(neighbour, 'DELETE', `/v1/real-estate/saved-searches/${theirs}`)).statusCode).toBe(404);
    expect((await save(neighbour, {}, 'Encore une', false)).statusCode).toBe(201);
  });

  it('sends one alert counting the new matching listings, and nothing on the next run', async () => {
    const filters = { deal: 'rent', commune: 'marcory', maxPriceXof: 200_000 };
    // Published before the search was saved: already known to the candidate.
    await publishListing(cloud, landlord, { commune: 'Marcory', priceXof: 120_000 });
    const saved = await save(candidate, filters);
    expect(saved.statusCode).toBe(201);
    const search = saved.json<{ id: string; name: string; alerts: boolean; filters: object }>();
    expect(search).toMatchObject({ name: 'Marcory pas cher', alerts: true, filters });
    expect((await save(neighbour, filters, 'Sans alerte', false)).statusCode).toBe(409);
    const quiet = await save(candidate, filters, 'Sans alerte', false);
    expect(quiet.statusCode).toBe(201);

    const later = (ms: number) => new Date(Date.now() + ms);
    await publishListing(cloud, landlord, { commune: 'Marcory', priceXof: 150_000, publishedAt: later(1_000) });
    await publishListing(cloud, other, { commune: 'Marcory', priceXof: 180_000, publishedAt: later(2_000) });
    // Not matching, or no longer shown: none of these may alert.
    await publishListing(cloud, landlord, { commune: 'Marcory', priceXof: 500_000, publishedAt: later(1_000) });
    await publishListing(cloud, landlord, { commune: 'Cocody', priceXof: 150_000, publishedAt: later(1_000) });
    await publishListing(cloud, landlord, {
      commune: 'Marcory',
      deal: 'sale',
      priceXof: 150_000,
      publishedAt: later(1_000),
    });
    await publishListing(cloud, landlord, {
      commune: 'Marcory',
      priceXof: 150_000,
      publishedAt: later(1_000),
      expiresAt: later(2_000),
    });
    for (const status of ['rented', 'suspended'] as const)
      await publishListing(cloud, landlord, {
        commune: 'Marcory',
        priceXof: 150_000,
        publishedAt: later(1_000),
        status,
      });

    const notifier = servicesNotifier(app.notifications.service, 'https://portail.test');
    const runAt = later(alertLagMs + 60_000);
    // Early: the listings are newer than the run's window (a minute behind it), so nothing yet and nothing moved.
    expect(await sendSearchAlerts(db, notifier, new Date(Date.now() + alertLagMs - 10_000))).toBe(0);
    expect(await sendSearchAlerts(db, notifier, runAt)).toBe(1);
    const alerts = async () =>
      (
        await db.pool.query<{ data: { count: number; searchName: string; link: string } }>(
          `SELECT data FROM notifications WHERE recipient_id = $1 AND event_type = 'real_estate.search_alert'`,
          [candidate.id],
        )
      ).rows;
    expect(await alerts()).toHaveLength(1);
    expect((await alerts())[0]?.data).toMatchObject({
      count: 2,
      searchName: 'Marcory pas cher',
      link: 'https://portail.test/immobilier?deal=rent&commune=marcory&maxPriceXof=200000',
    });
    expect(await sendSearchAlerts(db, notifier, new Date(runAt.getTime() + 1_000))).toBe(0);
    expect(await alerts()).toHaveLength(1);
    // One more listing later: the next run alerts "1".
    await publishListing(cloud, other, {
      commune: 'Marcory',
      priceXof: 90_000,
      publishedAt: later(alertLagMs + 61_000),
    });
    expect(await sendSearchAlerts(db, notifier, later(2 * alertLagMs + 120_000))).toBe(1);
    expect((await alerts()).map((a) => a.data.count).sort()).toEqual([1, 2]);
  });

  it('refuses statistics to candidates, admins and other landlords, and bad day counts', async () => {
    const listing = await publishListing(cloud, landlord, { commune: 'Plateau' });
    expect((await call(candidate, 'GET', '/v1/real-estate/dashboard')).statusCode).toBe(403);
    expect((await call(cloud.people.admin, 'GET', '/v1/real-estate/dashboard')).statusCode).toBe(403);
    expect((await call(candidate, 'GET', `/v1/real-estate/my-listings/${listing}/daily?days=0`)).statusCode).toBe(403);
    expect((await call(other, 'GET', `/v1/real-estate/my-listings/${listing}/daily`)).statusCode).toBe(404);
    expect((await call(other.staff, 'GET', `/v1/real-estate/my-listings/${listing}/daily`)).statusCode).toBe(404);
    for (const days of ['0', '91', 'x'])
      expect(
        (await call(landlord, 'GET', `/v1/real-estate/my-listings/${listing}/daily?days=${days}`)).statusCode,
      ).toBe(400);
    const theirs = (await call(other, 'GET', '/v1/real-estate/dashboard')).json<{ listings: { id: string }[] }>();
    expect(theirs.listings.map((l) => l.id)).not.toContain(listing);
  });

  it('counts views, contacts and confirmed visits per listing and per day, every day present', async () => {
    const fresh = await makeLandlord(cloud, { fundXof: 0 });
    const listing = await publishListing(cloud, fresh, { commune: 'Koumassi' });
    const draft = await publishListing(cloud, fresh, { commune: 'Koumassi', status: 'draft' });
    for (const who of [candidate, neighbour, candidate, fresh, fresh.staff])
      expect((await call(who, 'GET', `/v1/real-estate/listings/${listing}`)).statusCode).toBe(200);
    expect((await call(candidate, 'POST', `/v1/real-estate/listings/${listing}/contact`)).statusCode).toBe(200);
    for (const status of ['confirmed', 'done', 'requested', 'cancelled']) {
      const starts = new Date(Date.now() + 86_400_000 * (2 + Math.random() * 50));
      const ends = new Date(starts.getTime() + 3_600_000);
      await db.pool.query(
        `INSERT INTO real_estate_visits (id, listing_id, property_id, visitor_id, agent_id, starts_at, ends_at, during,
           status, idempotency_key)
         SELECT $1, l.id, l.property_id, $2, l.agent_id, $3, $4, tstzrange($3, $4), $5, $6
         FROM real_estate_listings l WHERE l.id = $7`,
        [randomUUID(), candidate.id, starts, ends, status, randomUUID(), listing],
      );
    }
    // The visits flow counts a confirmation on its day: two days ago, here.
    const twoDaysAgo = new Date(Date.now() - 2 * 86_400_000).toISOString().slice(0, 10);
    await db.pool.query(`INSERT INTO real_estate_listing_daily (listing_id, day, visits) VALUES ($1, $2, 1)`, [
      listing,
      twoDaysAgo,
    ]);
    for (const who of [fresh, fresh.staff]) {
      const dashboard = await call(who, 'GET', '/v1/real-estate/dashboard');
      expect(dashboard.statusCode).toBe(200);
      const body = dashboard.json<{ listings: { id: string; views: number }[]; totals: object }>();
      expect(body.listings.map((l) => l.id).sort()).toEqual([listing, draft].sort());
      expect(body.listings.find((l) => l.id === listing)).toMatchObject({ views: 2, contacts: 1, visits: 2 });
      expect(body.totals).toEqual({ views: 2, contacts: 1, visits: 2, published: 1 });
    }
    const daily = await call(fresh, 'GET', `/v1/real-estate/my-listings/${listing}/daily?days=7`);
    expect(daily.statusCode).toBe(200);
    const days = daily.json<{ days: { day: string; views: number; contacts: number; visits: number }[] }>().days;
    expect(days).toHaveLength(7);
    const today = new Date().toISOString().slice(0, 10);
    expect(days[6]).toEqual({ day: today, views: 2, contacts: 1, visits: 0 });
    expect(days[4]).toEqual({ day: twoDaysAgo, views: 0, contacts: 0, visits: 1 });
    expect(days.filter((d) => d.views + d.contacts + d.visits === 0)).toHaveLength(5);
    expect(
      (await call(fresh, 'GET', `/v1/real-estate/my-listings/${listing}/daily`)).json<{ days: unknown[] }>().days,
    ).toHaveLength(30);
  });
});
