// Proves the listings' jobs (issue 25 item 7): a published listing past its end expires (others untouched); the owner
// is reminded at D-7 and at D-1, once each however often the job runs; owners of listings published over 21 days ago
// and not confirmed are asked "still available?" once per 21 days, and a confirmation stops the asking.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expireListings, pingAvailability, remindExpiries } from '../src/modules/real-estate/listing-jobs.js';
import { servicesNotifier } from '../src/modules/services/notify.js';
import { testBackends } from './support/databases.js';
import { openTestCloud, type TestCloud } from './support/test-cloud.js';
import { bearer } from './support/people.js';
import { makeLandlord, publishListing, type Landlord } from './support/real-estate-fixtures.js';

const dayMs = 86_400_000;

describe.each(testBackends)('real estate listing jobs on $name', (backend) => {
  let cloud: TestCloud;
  let landlord: Landlord;
  const notifier = () => servicesNotifier(cloud.app.notifications.service, 'http://portal.test');
  const status = async (id: string): Promise<string> =>
    (await cloud.db.pool.query<{ status: string }>('SELECT status FROM real_estate_listings WHERE id = $1', [id]))
      .rows[0]?.status ?? '';
  const sent = async (type: string, listingId: string): Promise<number> =>
    (
      await cloud.db.pool.query(
        'SELECT 1 FROM notifications WHERE recipient_id = $1 AND event_type = $2 AND event_key LIKE $3',
        [landlord.id, type, `%${listingId}%`],
      )
    ).rowCount ?? 0;

  beforeAll(async () => {
    cloud = await openTestCloud(backend);
    landlord = await makeLandlord(cloud);
  });
  afterAll(async () => cloud.close());

  it('expires published listings past their end, and only those', async () => {
    const now = new Date();
    const past = await publishListing(cloud, landlord, {
      publishedAt: new Date(now.getTime() - 31 * dayMs),
      expiresAt: new Date(now.getTime() - 60_000),
    });
    const running = await publishListing(cloud, landlord, { expiresAt: new Date(now.getTime() + dayMs) });
    const rented = await publishListing(cloud, landlord, {
      status: 'rented',
      publishedAt: new Date(now.getTime() - 31 * dayMs),
      expiresAt: new Date(now.getTime() - 60_000),
    });
    expect(await expireListings(cloud.db, now)).toBe(1);
    expect(await status(past)).toBe('expired');
    expect(await status(running)).toBe('published');
    expect(await status(rented)).toBe('rented');
    expect(await expireListings(cloud.db, now)).toBe(0);
  });

  it('reminds at D-7 and D-1, once each', async () => {
    const start = new Date();
    const id = await publishListing(cloud, landlord, { expiresAt: new Date(start.getTime() + 10 * dayMs) });
    await remindExpiries(cloud.db, notifier(), start);
    expect(await sent('real_estate.listing_expiring', id)).toBe(0);
    const d7 = new Date(start.getTime() + 3.5 * dayMs);
    await remindExpiries(cloud.db, notifier(), d7);
    await remindExpiries(cloud.db, notifier(), new Date(d7.getTime() + 3_600_000));
    expect(await sent('real_estate.listing_expiring', id)).toBe(1);
    const d1 = new Date(start.getTime() + 9.5 * dayMs);
    await remindExpiries(cloud.db, notifier(), d1);
    await remindExpiries(cloud.db, notifier(), new Date(d1.getTime() + 3_600_000));
    expect(await sent('real_estate.listing_expiring', id)).toBe(2);
    const { rows } = await cloud.db.pool.query(
      'SELECT reminded_d7_at IS NOT NULL AS d7, reminded_d1_at IS NOT NULL AS d1 FROM real_estate_listings WHERE id = $1',
      [id],
    );
    expect(rows[0]).toEqual({ d7: true, d1: true });
  });

  it('asks "still available?" once per 21 days, and not after a confirmation', async () => {
    const now = new Date();
    const old = await publishListing(cloud, landlord, {
      publishedAt: new Date(now.getTime() - 22 * dayMs),
      expiresAt: new Date(now.getTime() + 60 * dayMs),
    });
    const confirmed = await publishListing(cloud, landlord, {
      publishedAt: new Date(now.getTime() - 22 * dayMs),
      expiresAt: new Date(now.getTime() + 60 * dayMs),
    });
    const fresh = await publishListing(cloud, landlord, { expiresAt: new Date(now.getTime() + 60 * dayMs) });
    const answered = await cloud.app.inject({
      method: 'POST',
      url: `/v1/real-estate/listings/${confirmed}/still-available`,
      headers: bearer(landlord),
    });
    expect(answered.statusCode, answered.body).toBe(200);
    await pingAvailability(cloud.db, notifier(), now);
    await pingAvailability(cloud.db, notifier(), new Date(now.getTime() + 5 * dayMs));
    expect(await sent('real_estate.availability_check', old)).toBe(1);
    expect(await sent('real_estate.availability_check', confirmed)).toBe(0);
    expect(await sent('real_estate.availability_check', fresh)).toBe(0);
    const mine = await cloud.app.inject({
      method: 'GET',
      url: `/v1/real-estate/my-listings/${old}`,
      headers: bearer(landlord),
    });
    expect(mine.json<{ availabilityAskedAt: string | null }>().availabilityAskedAt).not.toBeNull();
    await pingAvailability(cloud.db, notifier(), new Date(now.getTime() + 22 * dayMs));
    expect(await sent('real_estate.availability_check', old)).toBe(2);
  });
});
