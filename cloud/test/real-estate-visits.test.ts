// Proves visit slots and visits (issue 25 item 4) through the routes. Refusals first: slots from a candidate (403)
// or another agency (404), past, too long, too far, too many or malformed slots (400); visits on a draft listing, a
// past slot, one's own listing, an unknown slot or without an Idempotency-Key; another agency cannot confirm, the
// visitor cannot confirm their own request, done/no-show wait for the visit's time. Then the flow: an idempotent
// retry returns the same visit, a second request on a held slot is 409, a cancelled visit frees the slot for the
// next candidate, the agent's staff confirms (the visitor is told, the listing counts one visit, repeating counts
// nothing), a declined visit frees its slot, a no-show is counted for the visitor; every step is audited. The
// reminder job reminds both sides of a confirmed visit within 24 h once, and neither a later one nor a requested one.
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/platform/db/database.js';
import { servicesNotifier } from '../src/modules/services/notify.js';
import { remindVisits } from '../src/modules/real-estate/visit-jobs.js';
import { testBackends } from './support/databases.js';
import { openTestCloud, type TestCloud } from './support/test-cloud.js';
import { bearer, type Signed } from './support/people.js';
import { makeCandidate, makeLandlord, publishListing, type Landlord } from './support/real-estate-fixtures.js';

const hourMs = 3_600_000;
const dayMs = 86_400_000;
const at = (msAhead: number): string => new Date(Date.now() + msAhead).toISOString();
interface VisitBody {
  id: string;
  status: string;
  visitorNoShows: number;
  confirmedAt: string | null;
  listingTitle: string;
}

describe.each(testBackends)('real estate visits on $name', (backend) => {
  let cloud: TestCloud;
  let db: Database;
  let app: FastifyInstance;
  let landlord: Landlord;
  let other: Landlord;
  let candidate: Signed;
  let second: Signed;
  let listingId: string;
  let draftId: string;

  const call = (who: Signed, method: 'GET' | 'POST' | 'DELETE', url: string, payload?: object, key?: string) =>
    app.inject({
      method,
      url,
      headers: { ...bearer(who), ...(key === undefined ? {} : { 'idempotency-key': key }) },
      ...(payload === undefined ? {} : { payload }),
    });
  const offer = async (listing: string, hoursAhead: number): Promise<string> => {
    const response = await call(landlord, 'POST', `/v1/real-estate/listings/${listing}/slots`, {
      slots: [{ startsAt: at(hoursAhead * hourMs), endsAt: at(hoursAhead * hourMs + hourMs) }],
    });
    expect(response.statusCode).toBe(201);
    return response.json<{ slots: { id: string }[] }>().slots[0]?.id ?? '';
  };
  const ask = (who: Signed, slotId: string, key: string = randomUUID()) =>
    call(who, 'POST', '/v1/real-estate/visits', { slotId, message: 'Je suis disponible.' }, key);
  const freeOf = async (slotId: string): Promise<boolean | undefined> =>
    (await call(candidate, 'GET', `/v1/real-estate/listings/${listingId}/slots`))
      .json<{ slots: { id: string; free: boolean }[] }>()
      .slots.find((s) => s.id === slotId)?.free;
  const count = async (sql: string, params: unknown[]): Promise<number> =>
    (await db.pool.query<{ n: number }>(sql, params)).rows[0]?.n ?? -1;

  beforeAll(async () => {
    cloud = await openTestCloud(backend);
    ({ db, app } = cloud);
    landlord = await makeLandlord(cloud, { name: 'Agence Riviera', fundXof: 0 });
    other = await makeLandlord(cloud, { name: 'Agence Plateau', fundXof: 0 });
    candidate = await makeCandidate(cloud, { name: 'Awa' });
    second = await makeCandidate(cloud, { name: 'Koffi' });
    listingId = await publishListing(cloud, landlord, { title: 'Appartement 3 pièces Riviera' });
    draftId = await publishListing(cloud, landlord, { status: 'draft' });
  }, 180_000);
  afterAll(async () => {
    await cloud.close();
  });

  it('refuses slots from a candidate or another agency, and past, long, far, many or malformed slots', async () => {
    const path = `/v1/real-estate/listings/${listingId}/slots`;
    const one = (startsAt: string, endsAt: string) => ({ slots: [{ startsAt, endsAt }] });
    expect((await call(candidate, 'POST', path, one(at(dayMs), at(dayMs + hourMs)))).statusCode).toBe(403);
    expect((await call(other, 'POST', path, one(at(dayMs), at(dayMs + hourMs)))).statusCode).toBe(404);
    expect((await call(landlord, 'POST', path, one(at(-hourMs), at(0)))).statusCode).toBe(400);
    expect((await call(landlord, 'POST', path, one(at(dayMs), at(dayMs + 5 * hourMs)))).statusCode).toBe(400);
    expect((await call(landlord, 'POST', path, one(at(dayMs), at(dayMs - hourMs)))).statusCode).toBe(400);
    expect((await call(landlord, 'POST', path, one(at(61 * dayMs), at(61 * dayMs + hourMs)))).statusCode).toBe(400);
    expect((await call(landlord, 'POST', path, one('demain', at(dayMs)))).statusCode).toBe(400);
    const many = Array.from({ length: 51 }, (_, i) => ({
      startsAt: at((i + 1) * dayMs),
      endsAt: at((i + 1) * dayMs + hourMs),
    }));
    expect((await call(landlord, 'POST', path, { slots: many })).statusCode).toBe(400);
    expect((await call(landlord, 'POST', path, { slots: many.slice(0, 50) })).statusCode).toBe(201);
    expect(
      await count('SELECT count(*)::int AS n FROM real_estate_visit_slots WHERE listing_id = $1', [listingId]),
    ).toBe(50);
    // A draft's slots are the owner's to prepare, nobody else's to read.
    await offer(draftId, 30);
    expect((await call(candidate, 'GET', `/v1/real-estate/listings/${draftId}/slots`)).statusCode).toBe(404);
    expect((await call(landlord, 'GET', `/v1/real-estate/listings/${draftId}/slots`)).statusCode).toBe(200);
  });

  it('refuses visits on a draft listing, a past slot, one’s own listing, an unknown slot, and without a key', async () => {
    const draftSlot = await offer(draftId, 31);
    expect((await ask(candidate, draftSlot)).statusCode).toBe(404);
    const pastSlot = randomUUID();
    await db.pool.query(
      `INSERT INTO real_estate_visit_slots (id, listing_id, agent_id, starts_at, ends_at) VALUES ($1, $2, $3, $4, $5)`,
      [pastSlot, listingId, landlord.id, at(-2 * hourMs), at(-hourMs)],
    );
    expect((await ask(candidate, pastSlot)).statusCode).toBe(400);
    const slot = await offer(listingId, 100);
    expect((await ask(landlord, slot)).statusCode).toBe(403);
    expect((await ask(landlord.staff, slot)).statusCode).toBe(403);
    expect((await ask(candidate, randomUUID())).statusCode).toBe(404);
    expect((await call(candidate, 'POST', '/v1/real-estate/visits', { slotId: slot })).statusCode).toBe(400);
    expect((await call(candidate, 'POST', '/v1/real-estate/visits', { slotId: 'x' }, randomUUID())).statusCode).toBe(
      400,
    );
    expect(await count('SELECT count(*)::int AS n FROM real_estate_visits', [])).toBe(0);
  });

  it('holds the slot for one visit: a retry is the same visit, a second is 409, a cancelled one frees it', async () => {
    const slot = await offer(listingId, 101);
    const key = randomUUID();
    const first = await ask(candidate, slot, key);
    expect(first.statusCode).toBe(201);
    const visit = first.json<VisitBody>();
    expect(visit).toMatchObject({ status: 'requested', listingTitle: 'Appartement 3 pièces Riviera' });
    const retry = await ask(candidate, slot, key);
    expect(retry.statusCode).toBe(201);
    expect(retry.json<VisitBody>().id).toBe(visit.id);
    const taken = await ask(second, slot);
    expect(taken.statusCode).toBe(409);
    expect(taken.json<{ error: { code: string; message: string } }>().error).toMatchObject({ code: 'CONFLICT' });
    expect(taken.json<{ error: { message: string } }>().error.message).toContain('Ce créneau vient d’être pris');
    expect(await freeOf(slot)).toBe(false);
    // Nobody but the listing's side confirms; the visitor is told 403, others find nothing.
    expect((await call(other, 'POST', `/v1/real-estate/visits/${visit.id}/confirm`)).statusCode).toBe(404);
    expect((await call(second, 'POST', `/v1/real-estate/visits/${visit.id}/confirm`)).statusCode).toBe(404);
    expect((await call(second, 'GET', `/v1/real-estate/visits/${visit.id}`)).statusCode).toBe(404);
    expect((await call(candidate, 'POST', `/v1/real-estate/visits/${visit.id}/confirm`)).statusCode).toBe(403);
    expect((await call(other, 'POST', `/v1/real-estate/visits/${visit.id}/cancel`)).statusCode).toBe(404);
    const cancelled = await call(candidate, 'POST', `/v1/real-estate/visits/${visit.id}/cancel`);
    expect(cancelled.json<VisitBody>().status).toBe('cancelled');
    expect(await freeOf(slot)).toBe(true);
    expect((await call(landlord, 'POST', `/v1/real-estate/visits/${visit.id}/confirm`)).statusCode).toBe(409);
    const next = await ask(second, slot);
    expect(next.statusCode).toBe(201);
    expect(
      await count('SELECT count(DISTINCT recipient_id)::int AS n FROM notifications WHERE event_key = $1', [
        `real_estate.visit_cancelled:${visit.id}:${landlord.id}`,
      ]),
    ).toBe(1);
    // A slot a visit holds is not withdrawn; another agency cannot even see it.
    expect((await call(other, 'DELETE', `/v1/real-estate/slots/${slot}`)).statusCode).toBe(404);
    expect((await call(landlord, 'DELETE', `/v1/real-estate/slots/${slot}`)).statusCode).toBe(409);
  });

  it('lets the agent’s staff confirm once (told, counted), decline (freed), and mark a no-show once it began', async () => {
    const slot = await offer(listingId, 102);
    const visit = (await ask(candidate, slot)).json<VisitBody>();
    const confirm = () => call(landlord.staff, 'POST', `/v1/real-estate/visits/${visit.id}/confirm`);
    const confirmed = await confirm();
    expect(confirmed.statusCode).toBe(200);
    expect(confirmed.json<VisitBody>()).toMatchObject({ status: 'confirmed', visitorNoShows: 0 });
    expect(confirmed.json<VisitBody>().confirmedAt).not.toBeNull();
    expect((await confirm()).json<VisitBody>().status).toBe('confirmed');
    const daily = 'SELECT coalesce(sum(visits), 0)::int AS n FROM real_estate_listing_daily WHERE listing_id = $1';
    expect(await count(daily, [listingId])).toBe(1);
    expect(
      await count('SELECT count(DISTINCT recipient_id)::int AS n FROM notifications WHERE event_key = $1', [
        `real_estate.visit_confirmed:${visit.id}:${candidate.id}`,
      ]),
    ).toBe(1);
    expect((await call(landlord, 'POST', `/v1/real-estate/visits/${visit.id}/no-show`)).statusCode).toBe(409);
    // The visit's time comes: moved into the past rather than waited for.
    await db.pool.query(
      `UPDATE real_estate_visits SET starts_at = $2, ends_at = $3, during = tstzrange($2, $3) WHERE id = $1`,
      [visit.id, at(-hourMs), at(-1000)],
    );
    const absent = await call(landlord, 'POST', `/v1/real-estate/visits/${visit.id}/no-show`);
    expect(absent.json<VisitBody>()).toMatchObject({ status: 'no_show', visitorNoShows: 1 });
    expect((await call(landlord, 'POST', `/v1/real-estate/visits/${visit.id}/done`)).statusCode).toBe(409);
    // A request whose time went by unanswered is not confirmed after the fact.
    const lateSlot = await offer(listingId, 104);
    const late = (await ask(second, lateSlot)).json<VisitBody>();
    await db.pool.query(
      `UPDATE real_estate_visits SET starts_at = $2, ends_at = $3, during = tstzrange($2, $3) WHERE id = $1`,
      [late.id, at(-3 * hourMs), at(-2 * hourMs)],
    );
    expect((await call(landlord, 'POST', `/v1/real-estate/visits/${late.id}/confirm`)).statusCode).toBe(409);
    expect((await call(landlord, 'POST', `/v1/real-estate/visits/${late.id}/decline`)).statusCode).toBe(200);
    const declinedSlot = await offer(listingId, 103);
    const asked = (await ask(candidate, declinedSlot)).json<VisitBody>();
    expect(asked.visitorNoShows).toBe(1);
    const declined = await call(landlord, 'POST', `/v1/real-estate/visits/${asked.id}/decline`);
    expect(declined.json<VisitBody>().status).toBe('declined');
    expect(await freeOf(declinedSlot)).toBe(true);
    expect(await count(daily, [listingId])).toBe(1);
    const mine = (await call(candidate, 'GET', '/v1/real-estate/visits')).json<{ visits: VisitBody[] }>().visits;
    expect(mine.map((v) => v.id)).toEqual(expect.arrayContaining([visit.id, asked.id]));
    const agents = (await call(landlord, 'GET', '/v1/real-estate/visits?role=agent')).json<{ visits: VisitBody[] }>();
    expect(agents.visits.map((v) => v.id)).toEqual(expect.arrayContaining([visit.id, asked.id]));
    expect((await call(other, 'GET', '/v1/real-estate/visits?role=agent')).json()).toEqual({ visits: [] });
    const actions = await db.pool.query<{ action: string }>(
      'SELECT action FROM audit_log WHERE subject_id = $1 ORDER BY seq',
      [visit.id],
    );
    expect(actions.rows.map((r) => r.action)).toEqual([
      'real_estate.visit_requested',
      'real_estate.visit_confirmed',
      'real_estate.visit_no_show',
    ]);
  });

  it('reminds visitor and agent once of a confirmed visit starting within 24 h, not of later or unconfirmed ones', async () => {
    const soon = (await ask(second, await offer(listingId, 5))).json<VisitBody>();
    const later = (await ask(second, await offer(listingId, 50))).json<VisitBody>();
    const unconfirmed = (await ask(candidate, await offer(listingId, 6))).json<VisitBody>();
    for (const v of [soon, later])
      expect((await call(landlord, 'POST', `/v1/real-estate/visits/${v.id}/confirm`)).statusCode).toBe(200);
    const notifier = servicesNotifier(app.notifications.service, 'https://portail.ismail.ci');
    expect(await remindVisits(db, notifier, new Date())).toBe(1);
    expect(await remindVisits(db, notifier, new Date())).toBe(0);
    const reminded = (id: string) =>
      count(
        `SELECT count(DISTINCT recipient_id)::int AS n FROM notifications
         WHERE event_type = 'real_estate.visit_reminder' AND event_key LIKE $1`,
        [`%:${id}:%`],
      );
    expect(await reminded(soon.id)).toBe(2);
    expect(await reminded(later.id)).toBe(0);
    expect(await reminded(unconfirmed.id)).toBe(0);
  });
});
