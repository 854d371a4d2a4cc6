// Proves the partner's booking routes for the portal (issue 23): refusals first (a client and another partner are
// refused or find nothing, read-only staff cannot edit, malformed and empty edits are 400, a taken name is 409),
// then a partner lists and edits its unit (audited), and reads the reservations it received with what cancelling
// would give back; another partner's list stays empty. Closed nights: refused to others and malformed days, a closed
// night cannot be held (409) and reads as taken to guests, a guest's booked night is neither closed nor reopened,
// cancelling a stay never reopens a closed night, and reopening frees it; both audited.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/platform/db/database.js';
import { cashHub } from './support/wallet-fixtures.js';
import { testBackends } from './support/databases.js';
import { openTestCloud, type TestCloud } from './support/test-cloud.js';
import { fundClients, giveTaxIdentity } from './support/shop-fixtures.js';
import { bearer, type Person, type Signed } from './support/people.js';

describe.each(testBackends)('partner booking routes on $name', (backend) => {
  let cloud: TestCloud;
  let db: Database;
  let app: FastifyInstance;
  let people: Record<Person, Signed>;
  let unitId: string;
  const call = (
    person: Person,
    method: 'GET' | 'POST' | 'PATCH' | 'PUT',
    url: string,
    payload?: object,
    key?: string,
  ) =>
    app.inject({
      method,
      url,
      headers: { ...bearer(people[person]), ...(key === undefined ? {} : { 'idempotency-key': key }) },
      ...(payload === undefined ? {} : { payload }),
    });

  beforeAll(async () => {
    cloud = await openTestCloud(backend);
    ({ db, app, people } = cloud);
    await giveTaxIdentity(db, people.partnerA.id);
    await fundClients(cloud, await cashHub(db));
    const created = await call('partnerA', 'POST', '/v1/booking/units', {
      kind: 'room',
      typeName: 'Chambre double',
      name: 'Chambre 1',
      place: 'Grand-Bassam',
      capacity: 2,
      basePriceXof: 30_000,
      taxGroup: 'CI-TVA-18',
    });
    expect(created.statusCode).toBe(201);
    unitId = created.json<{ id: string }>().id;
    await call('partnerA', 'POST', '/v1/booking/units', {
      kind: 'room',
      typeName: 'Suite',
      name: 'Suite 2',
      place: 'Grand-Bassam',
      capacity: 4,
      basePriceXof: 60_000,
      taxGroup: 'CI-TVA-18',
    });
  });
  afterAll(async () => {
    await cloud.close();
  });

  it('refuses a client, another partner, read-only staff, malformed and empty edits, and a taken name', async () => {
    const path = `/v1/booking/partner/units/${unitId}`;
    expect((await call('clientA', 'GET', '/v1/booking/partner/units')).statusCode).toBe(403);
    expect((await call('clientA', 'GET', '/v1/booking/partner/reservations')).statusCode).toBe(403);
    expect((await call('clientA', 'PATCH', path, { basePriceXof: 1 })).statusCode).toBe(403);
    expect((await call('repA', 'GET', '/v1/booking/partner/units')).statusCode).toBe(403);
    expect((await call('partnerB', 'PATCH', path, { basePriceXof: 1 })).statusCode).toBe(404);
    expect((await call('partnerB', 'GET', '/v1/booking/partner/units')).json()).toEqual({ units: [] });
    expect((await call('staffA', 'PATCH', path, { basePriceXof: 1 })).statusCode).toBe(403);
    expect((await call('partnerA', 'PATCH', path, {})).statusCode).toBe(400);
    expect((await call('partnerA', 'PATCH', path, { basePriceXof: 0 })).statusCode).toBe(400);
    expect((await call('partnerA', 'PATCH', path, { basePriceXof: 1.5 })).statusCode).toBe(400);
    expect((await call('partnerA', 'PATCH', path, { capacity: 51 })).statusCode).toBe(400);
    expect((await call('partnerA', 'PATCH', path, { partnerId: people.partnerB.id })).statusCode).toBe(400);
    expect((await call('partnerA', 'PATCH', '/v1/booking/partner/units/nope', { capacity: 2 })).statusCode).toBe(400);
    expect((await call('partnerA', 'PATCH', path, { name: 'Suite 2' })).statusCode).toBe(409);
    expect((await call('partnerA', 'GET', '/v1/booking/partner/reservations?status=gone')).statusCode).toBe(400);
  });

  it('lists and edits the partner’s units (audited) and reads the reservations it received', async () => {
    const listed = (await call('staffA', 'GET', '/v1/booking/partner/units')).json<{ units: { name: string }[] }>();
    expect(listed.units.map((u) => u.name)).toEqual(['Chambre 1', 'Suite 2']);
    const edited = await call('partnerA', 'PATCH', `/v1/booking/partner/units/${unitId}`, {
      basePriceXof: 32_500,
      place: 'Assinie',
    });
    expect(edited.statusCode).toBe(200);
    expect(edited.json()).toMatchObject({ id: unitId, basePriceXof: 32_500, place: 'Assinie', name: 'Chambre 1' });
    const audit = await db.pool.query<{ detail: Record<string, unknown> }>(
      "SELECT detail FROM audit_log WHERE action = 'booking.unit_edited' AND subject_id = $1",
      [unitId],
    );
    expect(audit.rows.map((r) => r.detail)).toEqual([
      expect.objectContaining({
        partnerId: people.partnerA.id,
        changed: ['basePriceXof', 'place'],
        basePriceXof: { from: 30_000, to: 32_500 },
      }),
    ]);

    const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
    const held = await call(
      'clientA',
      'POST',
      '/v1/booking/reservations',
      { unitId, checkIn: day(10), checkOut: day(12), guests: 2 },
      'partner-routes-1',
    );
    expect(held.statusCode).toBe(201);
    const received = (await call('partnerA', 'GET', '/v1/booking/partner/reservations')).json<{
      reservations: { id: string; status: string; unitName: string; amountXof: number; refundIfCancelledXof: number }[];
    }>();
    expect(received.reservations).toEqual([
      expect.objectContaining({
        id: held.json<{ id: string }>().id,
        status: 'held',
        unitName: 'Chambre double Chambre 1',
        amountXof: 65_000,
        refundIfCancelledXof: 65_000,
      }),
    ]);
    expect((await call('partnerB', 'GET', '/v1/booking/partner/reservations')).json()).toEqual({ reservations: [] });
    const confirmed = await call('partnerA', 'GET', '/v1/booking/partner/reservations?status=confirmed');
    expect(confirmed.json()).toEqual({ reservations: [] });
  });

  it('closes and reopens nights: not bookable while closed, a guest’s night left alone, audited', async () => {
    const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
    const path = `/v1/booking/partner/units/${unitId}/closed`;
    const close = { nights: [day(20), day(21), day(10)], closed: true };
    expect((await call('clientA', 'PUT', path, close)).statusCode).toBe(403);
    expect((await call('partnerB', 'PUT', path, close)).statusCode).toBe(404);
    expect((await call('staffA', 'PUT', path, close)).statusCode).toBe(403);
    expect(
      (await call('partnerB', 'GET', `/v1/booking/partner/units/${unitId}/nights?from=${day(1)}&days=5`)).statusCode,
    ).toBe(404);
    expect((await call('partnerA', 'PUT', path, { nights: ['2027-02-30'], closed: true })).statusCode).toBe(400);
    expect((await call('partnerA', 'PUT', path, { nights: [day(20), day(20)], closed: true })).statusCode).toBe(400);
    expect((await call('partnerA', 'PUT', path, { nights: [], closed: true })).statusCode).toBe(400);
    expect(
      (await call('partnerA', 'GET', `/v1/booking/partner/units/${unitId}/nights?from=2027-02-30&days=3`)).statusCode,
    ).toBe(400);

    // Day 10 is the held reservation's (from the test above): it stays the guest's.
    const closed = await call('partnerA', 'PUT', path, close);
    expect(closed.json()).toEqual({ changed: [day(20), day(21)], booked: [day(10)] });
    const nights = await call('partnerA', 'GET', `/v1/booking/partner/units/${unitId}/nights?from=${day(10)}&days=12`);
    const state = new Map(
      nights.json<{ nights: { night: string; state: string }[] }>().nights.map((n) => [n.night, n.state]),
    );
    expect([state.get(day(10)), state.get(day(11)), state.get(day(20)), state.get(day(21))]).toEqual([
      'booked',
      'booked',
      'closed',
      'closed',
    ]);
    const seen = await call('clientB', 'GET', `/v1/booking/units/${unitId}/calendar?from=${day(20)}&days=2`);
    expect(seen.json()).toMatchObject({ nights: [{ free: false }, { free: false }] });
    const refused = await call(
      'clientB',
      'POST',
      '/v1/booking/reservations',
      { unitId, checkIn: day(19), checkOut: day(21), guests: 1 },
      'closed-1',
    );
    expect(refused.statusCode).toBe(409);

    // Cancelling the guest's stay frees its nights but never a closed one; reopening frees the closed ones.
    const mine = await call('partnerA', 'GET', '/v1/booking/partner/reservations?status=held');
    const [held] = mine.json<{ reservations: { id: string }[] }>().reservations;
    expect((await call('partnerA', 'POST', `/v1/booking/reservations/${held?.id ?? ''}/cancel`)).statusCode).toBe(200);
    const after = await call('partnerA', 'GET', `/v1/booking/partner/units/${unitId}/nights?from=${day(20)}&days=2`);
    expect(after.json()).toMatchObject({ nights: [{ state: 'closed' }, { state: 'closed' }] });
    const reopened = await call('partnerA', 'PUT', path, { nights: [day(20), day(21)], closed: false });
    expect(reopened.json()).toEqual({ changed: [day(20), day(21)], booked: [] });
    const booked = await call(
      'clientB',
      'POST',
      '/v1/booking/reservations',
      { unitId, checkIn: day(20), checkOut: day(22), guests: 1 },
      'closed-2',
    );
    expect(booked.statusCode).toBe(201);
    const audit = await db.pool.query<{ action: string; detail: { nights: string[] } }>(
      "SELECT action, detail FROM audit_log WHERE action LIKE 'booking.nights_%' AND subject_id = $1 ORDER BY seq",
      [unitId],
    );
    expect(audit.rows.map((r) => [r.action, r.detail.nights])).toEqual([
      ['booking.nights_closed', [day(20), day(21)]],
      ['booking.nights_reopened', [day(20), day(21)]],
    ]);
  });
});
