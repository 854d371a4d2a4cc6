// Proves the `real_estate_visits` shape a hub replicates for its property door locks (issue 25, seed 4.7): a hub of
// the listing's owner reads the visits of its listings (property, visitor as ISMAIL ID, window in UTC, state) and
// nothing of another agency's; a change of state reaches it as an update, a reminder sent (no column it holds) does
// not; the snapshot and the change log give the same instants.
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/platform/db/database.js';
import { ShapeFeed } from '../src/modules/hubs/shape-feed.js';
import { testBackends } from './support/databases.js';
import { openTestCloud, type TestCloud } from './support/test-cloud.js';
import { bearer, type Signed } from './support/people.js';
import { makeCandidate, makeLandlord, publishListing, type Landlord } from './support/real-estate-fixtures.js';

const hourMs = 3_600_000;

describe.each(testBackends)('real estate visits feed on $name', (backend) => {
  let cloud: TestCloud;
  let db: Database;
  let app: FastifyInstance;
  let landlord: Landlord;
  let other: Landlord;
  let candidate: Signed;
  let feed: ShapeFeed;

  const visitOn = async (owner: Landlord, hoursAhead: number): Promise<{ id: string; listingId: string }> => {
    const listingId = await publishListing(cloud, owner);
    const startsAt = new Date(Date.now() + hoursAhead * hourMs);
    const slots = await app.inject({
      method: 'POST',
      url: `/v1/real-estate/listings/${listingId}/slots`,
      headers: bearer(owner),
      payload: {
        slots: [{ startsAt: startsAt.toISOString(), endsAt: new Date(startsAt.getTime() + hourMs).toISOString() }],
      },
    });
    const slotId = slots.json<{ slots: { id: string }[] }>().slots[0]?.id;
    const visit = await app.inject({
      method: 'POST',
      url: '/v1/real-estate/visits',
      headers: { ...bearer(candidate), 'idempotency-key': randomUUID() },
      payload: { slotId },
    });
    expect(visit.statusCode).toBe(201);
    return { id: visit.json<{ id: string }>().id, listingId };
  };
  const read = (partnerId: string, offset: string) =>
    feed.read({ hubId: randomUUID(), partnerId }, { table: 'real_estate_visits', offset });
  const values = (response: Awaited<ReturnType<typeof read>>): Record<string, string | null>[] =>
    response.body.flatMap((m) => ('value' in m ? [{ ...m.value, op: m.headers.operation }] : []));

  beforeAll(async () => {
    cloud = await openTestCloud(backend);
    ({ db, app } = cloud);
    landlord = await makeLandlord(cloud, { fundXof: 0 });
    other = await makeLandlord(cloud, { fundXof: 0 });
    candidate = await makeCandidate(cloud);
    feed = new ShapeFeed(db);
  }, 180_000);
  afterAll(async () => {
    await cloud.close();
  });

  it('serves the owner’s hub its visits only, then their changes of state but not a reminder', async () => {
    const mine = await visitOn(landlord, 30);
    const theirs = await visitOn(other, 31);
    const { rows } = await db.pool.query<{ ismail_id: string; property_id: string }>(
      `SELECT a.ismail_id, l.property_id FROM accounts a, real_estate_listings l WHERE a.id = $1 AND l.id = $2`,
      [candidate.id, mine.listingId],
    );
    const snapshot = await read(landlord.id, '-1');
    expect(snapshot.status).toBe(200);
    const [row] = values(snapshot);
    expect(values(snapshot)).toHaveLength(1);
    expect(row).toMatchObject({
      id: mine.id,
      property_id: rows[0]?.property_id,
      visitor_ismail_id: rows[0]?.ismail_id,
      status: 'requested',
    });
    expect(row?.starts_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(values(await read(other.id, '-1')).map((v) => v.id)).toEqual([theirs.id]);

    const offset = snapshot.headers['electric-offset'] ?? '';
    await db.pool.query('UPDATE real_estate_visits SET reminded_at = now() WHERE id = $1', [mine.id]);
    expect(values(await read(landlord.id, offset))).toEqual([]);
    const confirmed = await app.inject({
      method: 'POST',
      url: `/v1/real-estate/visits/${mine.id}/confirm`,
      headers: bearer(landlord),
    });
    expect(confirmed.statusCode).toBe(200);
    const changes = values(await read(landlord.id, offset));
    expect(changes).toEqual([{ ...row, status: 'confirmed', op: 'update' }]);
  });
});
