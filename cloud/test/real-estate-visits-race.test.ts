// Proves the visit slot cannot be double booked (issue 25 item 4, "50 concurrent requests for one visit slot: one
// confirmed"): fifty candidates ask at once for the same slot; exactly one visit is written, the forty-nine others get
// 409 CONFLICT "Ce créneau vient d’être pris", and the agent's confirmation leaves one confirmed visit. On PostgreSQL
// the requests really race (a pool of ten connections); PGlite has one connection, so there they run one after the
// other and the assertion is the same. The last case drops the exclusion constraint and runs the same race again:
// many visits are then written, which shows the first case holds because of the constraint, not by luck.
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/platform/db/database.js';
import { testBackends } from './support/databases.js';
import { openTestCloud, type TestCloud } from './support/test-cloud.js';
import { bearer, type Signed } from './support/people.js';
import { makeCandidate, makeLandlord, publishListing, type Landlord } from './support/real-estate-fixtures.js';

const racers = 50;
const hourMs = 3_600_000;

describe.each(testBackends)('visit slot race on $name', (backend) => {
  let cloud: TestCloud;
  let db: Database;
  let app: FastifyInstance;
  let landlord: Landlord;
  let listingId: string;
  const candidates: Signed[] = [];

  const offerSlot = async (hoursAhead: number): Promise<string> => {
    const startsAt = new Date(Date.now() + hoursAhead * hourMs);
    const response = await app.inject({
      method: 'POST',
      url: `/v1/real-estate/listings/${listingId}/slots`,
      headers: bearer(landlord),
      payload: {
        slots: [{ startsAt: startsAt.toISOString(), endsAt: new Date(startsAt.getTime() + hourMs).toISOString() }],
      },
    });
    expect(response.statusCode).toBe(201);
    return response.json<{ slots: { id: string }[] }>().slots[0]?.id ?? '';
  };
  const race = (slotId: string) =>
    Promise.all(
      candidates.map((candidate) =>
        app.inject({
          method: 'POST',
          url: '/v1/real-estate/visits',
          headers: { ...bearer(candidate), 'idempotency-key': randomUUID() },
          payload: { slotId },
        }),
      ),
    );
  const visitsOn = async (slotId: string): Promise<number> => {
    const { rows } = await db.pool.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM real_estate_visits WHERE slot_id = $1',
      [slotId],
    );
    return rows[0]?.n ?? -1;
  };

  beforeAll(async () => {
    cloud = await openTestCloud(backend);
    ({ db, app } = cloud);
    landlord = await makeLandlord(cloud, { fundXof: 0 });
    listingId = await publishListing(cloud, landlord);
    for (let i = 0; i < racers; i++) candidates.push(await makeCandidate(cloud));
  }, 120_000);
  afterAll(async () => {
    await cloud.close();
  });

  it('lets one of fifty concurrent requests have the slot, refuses the others with 409, and one is confirmed', async () => {
    const slotId = await offerSlot(48);
    const answers = await race(slotId);
    const created = answers.filter((a) => a.statusCode === 201);
    const refused = answers.filter((a) => a.statusCode === 409);
    expect(created).toHaveLength(1);
    expect(refused).toHaveLength(racers - 1);
    for (const answer of refused) {
      const { error } = answer.json<{ error: { code: string; message: string } }>();
      expect(error.code).toBe('CONFLICT');
      expect(error.message).toContain('Ce créneau vient d’être pris');
    }
    expect(await visitsOn(slotId)).toBe(1);
    const visitId = created[0]?.json<{ id: string }>().id ?? '';
    const confirmed = await app.inject({
      method: 'POST',
      url: `/v1/real-estate/visits/${visitId}/confirm`,
      headers: bearer(landlord),
    });
    expect(confirmed.statusCode).toBe(200);
    expect(confirmed.json<{ status: string }>().status).toBe('confirmed');
    const { rows } = await db.pool.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM real_estate_visits WHERE slot_id = $1 AND status = 'confirmed'",
      [slotId],
    );
    expect(rows[0]?.n).toBe(1);
    const slots = await app.inject({
      method: 'GET',
      url: `/v1/real-estate/listings/${listingId}/slots`,
      headers: bearer(candidates[1] ?? landlord),
    });
    expect(slots.json<{ slots: { id: string; free: boolean }[] }>().slots.find((s) => s.id === slotId)?.free).toBe(
      false,
    );
  }, 120_000);

  // Last: it changes the schema of this suite's own database.
  it('double books the same race once the exclusion constraint is dropped (so the first case proves it)', async () => {
    await db.pool.query('ALTER TABLE real_estate_visits DROP CONSTRAINT real_estate_visits_no_overlap');
    const slotId = await offerSlot(72);
    const answers = await race(slotId);
    expect(answers.filter((a) => a.statusCode === 201).length).toBeGreaterThan(1);
    expect(await visitsOn(slotId)).toBeGreaterThan(1);
  }, 120_000);
});
