// Proves the listings' write side (issue 25 items 1–4): refusals first (a client, another owner, malformed input, an
// unknown commune, a phone or video that is not right, an agent outside the team, credits short), then a draft is
// created at the commune's centre with a fuzzed public point, submitted (charged its period and, the first time only,
// the module's fee per listing, with their VAT legs; a retry charges once), renewed three days before its end (old end
// + period; a retried renewal with the same key charges once and adds one period), marked let and withdrawn, and
// expired by the job once its end passed. Staff act for their partner. The ledger check passes at the end.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { distanceMetres, placeOf } from '@ismail/shared';
import { expireListings } from '../src/modules/real-estate/listing-jobs.js';
import { checkLedger } from '../src/modules/wallet/ledger-check.js';
import { testClock, type TestClock } from '../src/platform/test-clock.js';
import { testBackends } from './support/databases.js';
import { openTestCloud, type TestCloud } from './support/test-cloud.js';
import { bearer, type Signed } from './support/people.js';
import { makeCandidate, makeLandlord, type Landlord } from './support/real-estate-fixtures.js';
import { availableCenti } from './support/services-fixtures.js';

const dayMs = 86_400_000;

const draftInput = (overrides: Record<string, unknown> = {}) => ({
  kind: 'apartment',
  deal: 'rent',
  title: 'Appartement 3 pièces à la Riviera',
  description: 'Lumineux, proche des écoles.',
  commune: 'Cocody',
  areaM2: 90,
  rooms: 3,
  priceXof: 180_000,
  contactPhone: '+225 07 08 09 10 11',
  planCode: 'month',
  ...overrides,
});

describe.each(testBackends)('real estate listings on $name', (backend) => {
  let cloud: TestCloud;
  let clock: TestClock;
  let landlord: Landlord;
  let other: Landlord;
  let candidate: Signed;
  let keys = 0;
  const key = (): string => `listing-${String(++keys)}`;
  const call = (who: Signed, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object, k?: string) =>
    cloud.app.inject({
      method,
      url,
      headers: { ...bearer(who), ...(k === undefined ? {} : { 'idempotency-key': k }) },
      ...(payload === undefined ? {} : { payload }),
    });
  const create = async (who: Signed, overrides: Record<string, unknown> = {}): Promise<{ id: string }> => {
    const created = await call(who, 'POST', '/v1/real-estate/listings', draftInput(overrides));
    expect(created.statusCode, created.body).toBe(201);
    return created.json<{ id: string }>();
  };
  const periods = async (listingId: string) =>
    (
      await cloud.db.pool.query<{ charged_centi: string; ledger_operation_id: string | null; ends_at: Date }>(
        'SELECT charged_centi, ledger_operation_id, ends_at FROM real_estate_listing_periods WHERE listing_id = $1 ORDER BY ends_at',
        [listingId],
      )
    ).rows;
  const legsOfOperation = async (operationId: string) =>
    (
      await cloud.db.pool.query<{ leg: string; amount: string }>(
        'SELECT leg, amount FROM ledger_transfers WHERE operation_id = $1 ORDER BY seq',
        [operationId],
      )
    ).rows.map((r) => ({ leg: r.leg, amount: Number(r.amount) }));

  beforeAll(async () => {
    clock = testClock();
    cloud = await openTestCloud(backend, { testClock: clock });
    landlord = await makeLandlord(cloud, { name: 'Kouamé Immobilier' });
    other = await makeLandlord(cloud, { name: 'Yao Habitat' });
    candidate = await makeCandidate(cloud);
  });
  afterAll(async () => cloud.close());

  it('refuses clients, malformed input, an unknown commune, a bad phone or video, and an agent outside the team', async () => {
    expect((await call(candidate, 'POST', '/v1/real-estate/listings', draftInput())).statusCode).toBe(403);
    expect((await call(candidate, 'GET', '/v1/real-estate/my-listings')).statusCode).toBe(403);
    const refused = async (overrides: Record<string, unknown>): Promise<string> => {
      const response = await call(landlord, 'POST', '/v1/real-estate/listings', draftInput(overrides));
      expect(response.statusCode, response.body).toBe(400);
      return response.json<{ error: { message: string } }>().error.message;
    };
    expect(await refused({ commune: 'Atlantis' })).toContain('Commune inconnue');
    expect(await refused({ title: 'Ap' })).toBeTruthy();
    expect(await refused({ title: 'x'.repeat(121) })).toBeTruthy();
    expect(await refused({ kind: 'castle' })).toBeTruthy();
    expect(await refused({ deal: 'swap' })).toBeTruthy();
    expect(await refused({ priceXof: 0 })).toBeTruthy();
    expect(await refused({ areaM2: 1.5 })).toBeTruthy();
    expect(await refused({ ownerId: other.id })).toBeTruthy();
    expect(await refused({ contactPhone: '+33 6 12 34 56 78' })).toContain('ivoirien');
    expect(await refused({ contactPhone: '12345678' })).toContain('ivoirien');
    expect(await refused({ videoUrl: 'http://example.com/visite.mp4' })).toContain('https');
    expect(await refused({ latE6: 5_360_000 })).toContain('ensemble');
    expect(await refused({ planCode: 'forever' })).toContain('formule');
    expect(await refused({ agentId: other.id })).toContain('équipe');
    expect(await refused({ agentId: other.staff.id })).toContain('équipe');
    const { rows } = await cloud.db.pool.query('SELECT 1 FROM real_estate_listings WHERE owner_id = $1', [landlord.id]);
    expect(rows).toHaveLength(0);
  });

  it('creates a draft at the commune centre with a public point moved at most 500 m, once', async () => {
    const created = await call(
      landlord,
      'POST',
      '/v1/real-estate/listings',
      draftInput({ agentId: landlord.staff.id }),
    );
    expect(created.statusCode, created.body).toBe(201);
    const listing = created.json<Record<string, unknown>>();
    expect(listing).toMatchObject({
      status: 'draft',
      commune: 'Cocody',
      fuzzPosition: true,
      contactPhone: '+2250708091011',
      agentId: landlord.staff.id,
      publishedAt: null,
      expiresAt: null,
      photos: [],
    });
    const { rows } = await cloud.db.pool.query<Record<string, number>>(
      'SELECT lat_e6, lng_e6, public_lat_e6, public_lng_e6 FROM real_estate_properties WHERE id = $1',
      [listing.propertyId],
    );
    const centre = placeOf('Cocody');
    expect(rows[0]).toMatchObject({ lat_e6: centre?.latE6, lng_e6: centre?.lngE6 });
    const shown = { latE6: rows[0]?.public_lat_e6 ?? 0, lngE6: rows[0]?.public_lng_e6 ?? 0 };
    expect(distanceMetres(shown, { latE6: centre?.latE6 ?? 0, lngE6: centre?.lngE6 ?? 0 })).toBeLessThanOrEqual(501);
    // The owner reads the exact point; the public one is for everyone else.
    expect({ latE6: listing.latE6, lngE6: listing.lngE6 }).toEqual({ latE6: centre?.latE6, lngE6: centre?.lngE6 });
    // An edit that does not move the property keeps the public point (no averaging it back by saving again).
    const edited = await call(landlord, 'PATCH', `/v1/real-estate/listings/${String(listing.id)}`, { rooms: 4 });
    expect(edited.json()).toMatchObject({ rooms: 4 });
    const after = await cloud.db.pool.query<Record<string, number>>(
      'SELECT public_lat_e6, public_lng_e6 FROM real_estate_properties WHERE id = $1',
      [listing.propertyId],
    );
    expect(after.rows[0]).toEqual(
      rows[0] === undefined ? {} : { public_lat_e6: shown.latE6, public_lng_e6: shown.lngE6 },
    );
    const exact = await create(landlord, { fuzzPosition: false, latE6: 5_351_000, lngE6: -3_980_000, priceXof: 1 });
    expect(exact).toMatchObject({ latE6: 5_351_000, lngE6: -3_980_000 });
  });

  it('lets another owner neither read, edit, submit nor renew a listing; staff act for their partner', async () => {
    const { id } = await create(landlord, { priceXof: 181_000 });
    expect((await call(other, 'GET', `/v1/real-estate/my-listings/${id}`)).statusCode).toBe(404);
    expect((await call(other, 'PATCH', `/v1/real-estate/listings/${id}`, { priceXof: 1 })).statusCode).toBe(404);
    expect((await call(other, 'POST', `/v1/real-estate/listings/${id}/submit`, undefined, key())).statusCode).toBe(404);
    expect(
      (await call(other, 'POST', `/v1/real-estate/listings/${id}/renew`, { planCode: 'month' }, key())).statusCode,
    ).toBe(404);
    expect(
      (await call(other.staff, 'POST', `/v1/real-estate/listings/${id}/submit`, undefined, key())).statusCode,
    ).toBe(404);
    expect((await call(other, 'POST', `/v1/real-estate/listings/${id}/status`, { status: 'draft' })).statusCode).toBe(
      404,
    );
    expect((await call(landlord, 'POST', `/v1/real-estate/listings/${id}/submit`)).statusCode).toBe(400);
    const mine = await call(other, 'GET', '/v1/real-estate/my-listings');
    expect(mine.json<{ listings: unknown[] }>().listings).toEqual([]);

    const byStaff = await call(landlord.staff, 'POST', `/v1/real-estate/listings/${id}/submit`, undefined, key());
    expect(byStaff.statusCode, byStaff.body).toBe(200);
    expect(byStaff.json()).toMatchObject({ status: 'published' });
    const staffCreated = await create(landlord.staff, { priceXof: 182_000 });
    const listed = await call(landlord, 'GET', '/v1/real-estate/my-listings');
    expect(listed.json<{ listings: { id: string }[] }>().listings.map((l) => l.id)).toContain(staffCreated.id);
  });

  it('keeps a listing in draft when the credits are short', async () => {
    const poor = await makeLandlord(cloud, { fundXof: 0 });
    const { id } = await create(poor, { priceXof: 183_000 });
    const submitted = await call(poor, 'POST', `/v1/real-estate/listings/${id}/submit`, undefined, key());
    expect(submitted.statusCode).toBe(409);
    expect(submitted.json()).toMatchObject({ error: { code: 'INSUFFICIENT_FUNDS' } });
    expect((await call(poor, 'GET', `/v1/real-estate/my-listings/${id}`)).json()).toMatchObject({ status: 'draft' });
    expect(await periods(id)).toEqual([]);
  });

  it('charges two submissions racing with different keys once', async () => {
    const { id } = await create(landlord, { priceXof: 188_000 });
    const before = await availableCenti(cloud.db, landlord.id);
    const raced = await Promise.all([
      call(landlord, 'POST', `/v1/real-estate/listings/${id}/submit`, undefined, key()),
      call(landlord.staff, 'POST', `/v1/real-estate/listings/${id}/submit`, undefined, key()),
    ]);
    for (const r of raced) expect(r.json(), r.body).toMatchObject({ status: 'published' });
    expect(before - (await availableCenti(cloud.db, landlord.id))).toBe(800);
    expect(await periods(id)).toHaveLength(1);
  });

  it('charges the first period and the fee per listing once, with their VAT legs, and publishes', async () => {
    const plans = await call(candidate, 'GET', '/v1/real-estate/plans');
    expect(plans.json()).toEqual({
      plans: [
        { code: 'month', labelFr: '30 jours', labelEn: '30 days', periodDays: 30, tariffUnits: 1, priceCredits: 4 },
        { code: 'quarter', labelFr: '90 jours', labelEn: '90 days', periodDays: 90, tariffUnits: 3, priceCredits: 12 },
      ],
    });
    const { id } = await create(landlord, { priceXof: 184_000 });
    const before = await availableCenti(cloud.db, landlord.id);
    const k = key();
    const submitted = await call(landlord, 'POST', `/v1/real-estate/listings/${id}/submit`, undefined, k);
    expect(submitted.statusCode, submitted.body).toBe(200);
    const listing = submitted.json<{ status: string; publishedAt: string; expiresAt: string }>();
    expect(listing.status).toBe('published');
    expect(new Date(listing.expiresAt).getTime() - new Date(listing.publishedAt).getTime()).toBe(30 * dayMs);
    // 4 credits for the period, 200 FCFA = 4 credits for the first publication: 800 centi-credits.
    expect(before - (await availableCenti(cloud.db, landlord.id))).toBe(800);
    const again = await call(landlord, 'POST', `/v1/real-estate/listings/${id}/submit`, undefined, k);
    expect(again.json()).toEqual(submitted.json());
    expect(before - (await availableCenti(cloud.db, landlord.id))).toBe(800);
    const [period] = await periods(id);
    expect(Number(period?.charged_centi)).toBe(400);
    const legs = await legsOfOperation(period?.ledger_operation_id ?? '');
    expect(legs[0]).toEqual({ leg: 'charge', amount: 400 });
    expect(legs).toContainEqual({ leg: 'tax', amount: 61 });
    const fee = await cloud.db.pool.query<{ leg: string; amount: string }>(
      `SELECT t.leg, t.amount FROM ledger_transfers t JOIN ledger_operations o ON o.id = t.operation_id
       WHERE o.kind = 'listing_fee' AND o.scope = $1 ORDER BY t.seq`,
      [landlord.id],
    );
    // One fee per listing ever published by this owner (three so far), each 400 with its 61 of VAT.
    expect(fee.rows.filter((r) => r.leg === 'listing_fee').map((r) => Number(r.amount))).toEqual([400, 400, 400]);
    expect(fee.rows.filter((r) => r.leg === 'tax').map((r) => Number(r.amount))).toEqual([61, 61, 61]);
    const notified = await cloud.db.pool.query(
      "SELECT 1 FROM notifications WHERE recipient_id = $1 AND event_type = 'real_estate.listing_published'",
      [landlord.id],
    );
    expect(notified.rowCount).toBe(3);
  });

  it('renews three days before the end from the old end, once per key, and from now once expired', async () => {
    const { id } = await create(landlord, { priceXof: 185_000 });
    const published = await call(landlord, 'POST', `/v1/real-estate/listings/${id}/submit`, undefined, key());
    const oldEnd = new Date(published.json<{ expiresAt: string }>().expiresAt);
    clock.advance(27 * dayMs);
    const before = await availableCenti(cloud.db, landlord.id);
    const k = key();
    const renewed = await call(landlord, 'POST', `/v1/real-estate/listings/${id}/renew`, { planCode: 'month' }, k);
    expect(renewed.statusCode, renewed.body).toBe(200);
    expect(renewed.json<{ expiresAt: string }>().expiresAt).toBe(new Date(oldEnd.getTime() + 30 * dayMs).toISOString());
    const retried = await call(landlord, 'POST', `/v1/real-estate/listings/${id}/renew`, { planCode: 'month' }, k);
    expect(retried.json<{ expiresAt: string }>().expiresAt).toBe(renewed.json<{ expiresAt: string }>().expiresAt);
    expect(before - (await availableCenti(cloud.db, landlord.id))).toBe(400);
    expect(await periods(id)).toHaveLength(2);
    const quarter = await call(
      landlord,
      'POST',
      `/v1/real-estate/listings/${id}/renew`,
      { planCode: 'quarter' },
      key(),
    );
    expect(quarter.json<{ expiresAt: string }>().expiresAt).toBe(
      new Date(oldEnd.getTime() + 120 * dayMs).toISOString(),
    );
    expect(before - (await availableCenti(cloud.db, landlord.id))).toBe(400 + 1200);

    // Past its end, the job expires it (gone from search); renewing then runs from now.
    clock.advance(125 * dayMs);
    expect(await expireListings(cloud.db, clock.now())).toBeGreaterThanOrEqual(1);
    const expired = await call(landlord, 'GET', `/v1/real-estate/my-listings/${id}`);
    expect(expired.json()).toMatchObject({ status: 'expired' });
    const search = await call(candidate, 'GET', '/v1/real-estate/search?commune=Cocody');
    expect(search.statusCode).toBe(200);
    expect(search.json<{ listings: { id: string }[] }>().listings.map((l) => l.id)).not.toContain(id);
    const back = await call(landlord, 'POST', `/v1/real-estate/listings/${id}/renew`, { planCode: 'month' }, key());
    expect(back.json()).toMatchObject({ status: 'published' });
    const end = new Date(back.json<{ expiresAt: string }>().expiresAt).getTime();
    expect(Math.abs(end - (clock.now().getTime() + 30 * dayMs))).toBeLessThan(60_000);
    const draft = await create(landlord, { priceXof: 186_000 });
    const notRenewable = await call(
      landlord,
      'POST',
      `/v1/real-estate/listings/${draft.id}/renew`,
      { planCode: 'month' },
      key(),
    );
    expect(notRenewable.statusCode).toBe(409);
  });

  it('marks a listing let then withdraws it, refuses moves the rules forbid, and confirms availability', async () => {
    const { id } = await create(landlord, { priceXof: 187_000 });
    const path = `/v1/real-estate/listings/${id}/status`;
    expect((await call(landlord, 'POST', path, { status: 'rented' })).statusCode).toBe(409);
    expect((await call(landlord, 'POST', path, { status: 'published' })).statusCode).toBe(400);
    expect((await call(landlord, 'POST', `/v1/real-estate/listings/${id}/still-available`)).statusCode).toBe(409);
    await call(landlord, 'POST', `/v1/real-estate/listings/${id}/submit`, undefined, key());
    const confirmed = await call(landlord, 'POST', `/v1/real-estate/listings/${id}/still-available`);
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    expect((await call(landlord, 'POST', path, { status: 'rented' })).json()).toMatchObject({ status: 'rented' });
    expect((await call(landlord, 'POST', path, { status: 'sold' })).statusCode).toBe(409);
    expect((await call(landlord, 'POST', path, { status: 'draft' })).json()).toMatchObject({ status: 'draft' });
    // Back on line within the period already paid: no second charge.
    const before = await availableCenti(cloud.db, landlord.id);
    const again = await call(landlord, 'POST', `/v1/real-estate/listings/${id}/submit`, undefined, key());
    expect(again.json()).toMatchObject({ status: 'published' });
    expect(await availableCenti(cloud.db, landlord.id)).toBe(before);
  });

  it('leaves the ledger balanced', async () => {
    const report = await checkLedger(cloud.db);
    expect(report.ok, JSON.stringify(report)).toBe(true);
  });
});
