// Proves the listings' automatic checks and moderation (issue 25 items 2 and 6): a listing asking a fee to visit is
// held, never published, and charged nothing; a duplicate is flagged both ways (the same photo re-encoded under
// another owner's listing, and the same phone, price and area); users report a listing once and never their own;
// admins (second factor) read the queue, publish a held listing (charged then) or suspend one, and uphold or dismiss
// reports, an upheld "visit_fee" report suspending the listing; each decision audited.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { visitFeeNote } from '../src/modules/real-estate/listing-checks.js';
import { checkLedger } from '../src/modules/wallet/ledger-check.js';
import { testBackends } from './support/databases.js';
import { openTestCloud, type TestCloud } from './support/test-cloud.js';
import { bearer, type Signed } from './support/people.js';
import {
  makeCandidate,
  makeLandlord,
  publishListing,
  roomJpeg,
  type Landlord,
} from './support/real-estate-fixtures.js';
import { availableCenti } from './support/services-fixtures.js';

describe.each(testBackends)('real estate moderation on $name', (backend) => {
  let cloud: TestCloud;
  let landlord: Landlord;
  let other: Landlord;
  let candidate: Signed;
  let admin: Signed;
  let keys = 0;
  const key = (): string => `moderation-${String(++keys)}`;
  const call = (who: Signed, method: 'GET' | 'POST', url: string, payload?: object, k?: string) =>
    cloud.app.inject({
      method,
      url,
      headers: { ...bearer(who), ...(k === undefined ? {} : { 'idempotency-key': k }) },
      ...(payload === undefined ? {} : { payload }),
    });
  const create = async (who: Signed, overrides: Record<string, unknown>): Promise<string> => {
    const created = await call(who, 'POST', '/v1/real-estate/listings', {
      kind: 'apartment',
      deal: 'rent',
      title: 'Studio meublé à Marcory',
      commune: 'Marcory',
      areaM2: 40,
      priceXof: 120_000,
      contactPhone: '+2250102030405',
      planCode: 'month',
      ...overrides,
    });
    expect(created.statusCode, created.body).toBe(201);
    return created.json<{ id: string }>().id;
  };
  const upload = (who: Signed, listingId: string, photo: Buffer) =>
    cloud.app.inject({
      method: 'POST',
      url: `/v1/real-estate/listings/${listingId}/photos`,
      headers: { ...bearer(who), 'content-type': 'image/jpeg' },
      payload: photo,
    });
  const submit = (who: Signed, listingId: string) =>
    call(who, 'POST', `/v1/real-estate/listings/${listingId}/submit`, undefined, key());
  const audited = async (action: string, subjectId: string): Promise<number> =>
    (await cloud.db.pool.query('SELECT 1 FROM audit_log WHERE action = $1 AND subject_id = $2', [action, subjectId]))
      .rowCount ?? 0;

  beforeAll(async () => {
    cloud = await openTestCloud(backend);
    landlord = await makeLandlord(cloud);
    other = await makeLandlord(cloud);
    candidate = await makeCandidate(cloud);
    admin = cloud.people.admin;
  });
  afterAll(async () => cloud.close());

  it('holds a listing asking a fee to visit, charges nothing, and tells the owner', async () => {
    const id = await create(landlord, {
      description: 'Très bel appartement. Frais de visite : 5 000 FCFA à payer avant la visite.',
      contactPhone: '+2250102030499',
    });
    const before = await availableCenti(cloud.db, landlord.id);
    const held = await submit(landlord, id);
    expect(held.statusCode, held.body).toBe(200);
    expect(held.json()).toMatchObject({ status: 'pending_review', moderationNote: visitFeeNote, publishedAt: null });
    expect(await availableCenti(cloud.db, landlord.id)).toBe(before);
    // Submitting again does not publish it by itself.
    expect((await submit(landlord, id)).json()).toMatchObject({ status: 'pending_review' });
    const notified = await cloud.db.pool.query(
      "SELECT 1 FROM notifications WHERE recipient_id = $1 AND event_type = 'real_estate.listing_held'",
      [landlord.id],
    );
    expect(notified.rowCount).toBe(1);
    // The admin suspends it, audited; the owner cannot submit it again.
    const suspended = await call(admin, 'POST', `/v1/admin/real-estate/listings/${id}/decision`, {
      decision: 'suspend',
      note: 'Frais de visite demandés.',
    });
    expect(suspended.json()).toMatchObject({ status: 'suspended', moderationNote: 'Frais de visite demandés.' });
    expect(await audited('real_estate.listing_suspended', id)).toBe(1);
    expect((await submit(landlord, id)).statusCode).toBe(409);
  });

  it('checks a published listing again when its text changes, not when only its rooms do', async () => {
    const id = await create(landlord, { priceXof: 125_000, contactPhone: '+2250102030488' });
    expect((await submit(landlord, id)).json()).toMatchObject({ status: 'published' });
    const path = `/v1/real-estate/listings/${id}`;
    const rooms = await cloud.app.inject({
      method: 'PATCH',
      url: path,
      headers: bearer(landlord),
      payload: { rooms: 2 },
    });
    expect(rooms.json()).toMatchObject({ status: 'published', rooms: 2 });
    const edited = await cloud.app.inject({
      method: 'PATCH',
      url: path,
      headers: bearer(landlord.staff),
      payload: { description: 'Visite payante : 2 000 F.' },
    });
    expect(edited.statusCode, edited.body).toBe(200);
    expect(edited.json()).toMatchObject({ status: 'pending_review', moderationNote: visitFeeNote });
    // Still within its paid period: an admin's publication charges nothing more.
    const before = await availableCenti(cloud.db, landlord.id);
    const back = await call(admin, 'POST', `/v1/admin/real-estate/listings/${id}/decision`, {
      decision: 'publish',
      note: 'Texte corrigé avec le propriétaire.',
    });
    expect(back.json()).toMatchObject({ status: 'published' });
    expect(await availableCenti(cloud.db, landlord.id)).toBe(before);
  });

  it('flags the same phone, price and area as a duplicate of a live listing', async () => {
    const first = await publishListing(cloud, other, {
      contactPhone: '+2250707070707',
      priceXof: 250_000,
      areaM2: 100,
    });
    const id = await create(landlord, { contactPhone: '+225 07 07 07 07 07', priceXof: 250_000, areaM2: 97 });
    const held = await submit(landlord, id);
    expect(held.json()).toMatchObject({ status: 'pending_review', duplicateOf: first });
    const { rows } = await cloud.db.pool.query('SELECT duplicate_reason FROM real_estate_listings WHERE id = $1', [id]);
    expect(rows[0]).toEqual({ duplicate_reason: 'phone_price_area' });
    // Another price is not the same listing.
    const different = await create(landlord, { contactPhone: '+2250707070707', priceXof: 260_000, areaM2: 100 });
    expect((await submit(landlord, different)).json()).toMatchObject({ status: 'published', duplicateOf: null });
  });

  it('flags the same photo, re-encoded, under another owner’s listing, and not under the owner’s own', async () => {
    const theirs = await publishListing(cloud, other, { priceXof: 300_000, contactPhone: '+2250505050505' });
    expect((await upload(other, theirs, await roomJpeg('a'))).statusCode).toBe(201);
    const copy = await sharp(await roomJpeg('a'))
      .resize(640)
      .jpeg({ quality: 50 })
      .toBuffer();
    // The owner's second listing of the same flat with the same photo is the phone key's business, not the photo's.
    const own = await create(other, { priceXof: 320_000, contactPhone: '+2250505050507' });
    expect((await upload(other, own, copy)).statusCode).toBe(201);
    expect((await submit(other, own)).json()).toMatchObject({ status: 'published' });
    const id = await create(landlord, { priceXof: 310_000, contactPhone: '+2250505050506' });
    expect((await upload(landlord, id, copy)).statusCode).toBe(201);
    const held = await submit(landlord, id);
    expect(held.json()).toMatchObject({ status: 'pending_review', duplicateOf: theirs });
    const { rows } = await cloud.db.pool.query('SELECT duplicate_reason FROM real_estate_listings WHERE id = $1', [id]);
    expect(rows[0]).toEqual({ duplicate_reason: 'photo' });
    // A different photo is no duplicate; adding the copied photo to a published listing holds it.
    const clean = await create(landlord, { priceXof: 330_000, contactPhone: '+2250505050508' });
    expect((await upload(landlord, clean, await roomJpeg('b'))).statusCode).toBe(201);
    expect((await submit(landlord, clean)).json()).toMatchObject({ status: 'published' });
    expect((await upload(landlord, clean, copy)).statusCode).toBe(201);
    const after = await call(landlord, 'GET', `/v1/real-estate/my-listings/${clean}`);
    expect(after.json()).toMatchObject({ status: 'pending_review' });
  });

  it('takes one report per person, never the owner’s, and only on a listing on line', async () => {
    const id = await publishListing(cloud, landlord, { priceXof: 400_000 });
    const path = `/v1/real-estate/listings/${id}/reports`;
    expect((await call(landlord, 'POST', path, { reason: 'bait' })).statusCode).toBe(403);
    expect((await call(landlord.staff, 'POST', path, { reason: 'bait' })).statusCode).toBe(403);
    expect((await call(candidate, 'POST', path, { reason: 'scam' })).statusCode).toBe(400);
    const draft = await create(landlord, { priceXof: 410_000 });
    expect(
      (await call(candidate, 'POST', `/v1/real-estate/listings/${draft}/reports`, { reason: 'bait' })).statusCode,
    ).toBe(404);
    const reported = await call(candidate, 'POST', path, { reason: 'visit_fee', detail: 'On m’a demandé 10 000 F.' });
    expect(reported.statusCode, reported.body).toBe(201);
    expect((await call(candidate, 'POST', path, { reason: 'bait' })).statusCode).toBe(409);
  });

  it('gives admins with the second factor the queue and the decisions, audited', async () => {
    expect((await call(cloud.people.adminNoMfa, 'GET', '/v1/admin/real-estate/review')).statusCode).toBe(403);
    expect((await call(landlord, 'GET', '/v1/admin/real-estate/review')).statusCode).toBe(403);
    const queue = await call(admin, 'GET', '/v1/admin/real-estate/review');
    expect(queue.statusCode, queue.body).toBe(200);
    const { listings, reports } = queue.json<{
      listings: { id: string; status: string; duplicateOf: string | null }[];
      reports: { id: string; listingId: string; reason: string; reporterName: string }[];
    }>();
    expect(listings.every((l) => l.status === 'pending_review')).toBe(true);
    expect(listings.length).toBeGreaterThanOrEqual(3);
    const report = reports.find((r) => r.reason === 'visit_fee');
    expect(report?.reporterName).toMatch(/^Candidat/);

    // Publishing a held duplicate charges its owner then (period and first-publication fee).
    const held = listings.find((l) => l.duplicateOf !== null);
    const before = await availableCenti(cloud.db, landlord.id);
    const published = await call(admin, 'POST', `/v1/admin/real-estate/listings/${held?.id ?? ''}/decision`, {
      decision: 'publish',
      note: 'Deux biens distincts, vérifié par téléphone.',
    });
    expect(published.statusCode, published.body).toBe(200);
    expect(published.json()).toMatchObject({ status: 'published', moderationNote: null });
    expect(before - (await availableCenti(cloud.db, landlord.id))).toBe(800);
    expect(await audited('real_estate.listing_review_published', held?.id ?? '')).toBe(1);
    const twice = await call(admin, 'POST', `/v1/admin/real-estate/listings/${held?.id ?? ''}/decision`, {
      decision: 'publish',
      note: 'encore',
    });
    expect(twice.statusCode).toBe(409);

    // An upheld "visit_fee" report suspends the listing; a report is decided once.
    const decided = await call(admin, 'POST', `/v1/admin/real-estate/reports/${report?.id ?? ''}/decision`, {
      decision: 'upheld',
    });
    expect(decided.statusCode, decided.body).toBe(200);
    expect(decided.json()).toMatchObject({ status: 'upheld', listingStatus: 'suspended' });
    expect(await audited('real_estate.report_decided', report?.id ?? '')).toBe(1);
    expect(await audited('real_estate.listing_suspended', report?.listingId ?? '')).toBe(1);
    const again = await call(admin, 'POST', `/v1/admin/real-estate/reports/${report?.id ?? ''}/decision`, {
      decision: 'dismissed',
    });
    expect(again.statusCode).toBe(409);

    // A dismissed report leaves its listing on line.
    const listing = await publishListing(cloud, other, { priceXof: 420_000 });
    const other2 = await makeCandidate(cloud);
    const { id } = (
      await call(other2, 'POST', `/v1/real-estate/listings/${listing}/reports`, { reason: 'not_available' })
    ).json<{ id: string }>();
    const dismissed = await call(admin, 'POST', `/v1/admin/real-estate/reports/${id}/decision`, {
      decision: 'dismissed',
      suspendListing: true,
    });
    expect(dismissed.json()).toMatchObject({ status: 'dismissed', listingStatus: 'published' });
  });

  it('leaves the ledger balanced after the charges moderation made', async () => {
    const report = await checkLedger(cloud.db);
    expect(report.ok, JSON.stringify(report)).toBe(true);
  });
});
