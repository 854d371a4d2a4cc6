// Proves the buyer's reads and rules the portal runs on (issue 22): a product page with price, stock and reviews; my
// orders newest first; reviews only by a buyer of a delivered order, once (refusals first: stranger, not yet
// delivered, twice, malformed); the delivered order invites its buyer to review it, once however often it is marked
// delivered, with the portal's link; a stay's quote shows the price and the refund steps before anything is held;
// the calendar marks held nights taken; my reservations list their status and what cancelling gives back.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/platform/db/database.js';
import { cashHub } from './support/wallet-fixtures.js';
import { testBackends } from './support/databases.js';
import { openTestCloud, type TestCloud } from './support/test-cloud.js';
import { fundClients, giveTaxIdentity } from './support/shop-fixtures.js';
import { bearer, type Person, type Signed } from './support/people.js';

describe.each(testBackends)('buyer portal API on $name', (backend) => {
  let cloud: TestCloud;
  let db: Database;
  let app: FastifyInstance;
  let people: Record<Person, Signed>;
  beforeAll(async () => {
    cloud = await openTestCloud(backend);
    ({ db, app, people } = cloud);
    await giveTaxIdentity(db, people.partnerA.id);
    await fundClients(cloud, await cashHub(db));
  });
  afterAll(async () => cloud.close());
  const call = (person: Person, method: 'GET' | 'POST' | 'PUT', url: string, payload?: object, key?: string) =>
    app.inject({
      method,
      url,
      headers: { ...bearer(people[person]), ...(key === undefined ? {} : { 'idempotency-key': key }) },
      ...(payload === undefined ? {} : { payload }),
    });
  const invitations = async (recipient: string) =>
    (
      await db.pool.query<{ data: { reviewUrl: string; productName: string }; title: string }>(
        "SELECT data, title FROM notifications WHERE recipient_id = $1 AND event_type = 'shop.review_invitation'",
        [recipient],
      )
    ).rows;

  it('reviews only after delivery, once, and invites the buyer to it', async () => {
    const created = await call('partnerA', 'POST', '/v1/shop/products', {
      name: 'Pagne wax 6 yards',
      category: 'textile',
      kind: 'physical',
      priceXof: 12_500,
      taxGroup: 'CI-TVA-18',
    });
    const { id: productId } = created.json<{ id: string }>();
    await call('partnerA', 'POST', `/v1/shop/products/${productId}/stock`, { delta: 5, reason: 'count' });
    const page = await call('clientA', 'GET', `/v1/shop/products/${productId}`);
    expect(page.json()).toMatchObject({ priceXof: 12_500, stock: 5, rating: { average: null, count: 0 }, reviews: [] });
    expect((await call('clientA', 'GET', '/v1/shop/products/not-a-uuid')).statusCode).toBe(400);

    // A double tap: the same checkout twice at once, with its one key, is one order (or a refusal, never two).
    const cart = { items: [{ productId, quantity: 2 }], delivery: 'pickup' };
    const tapped = await Promise.all([
      call('clientA', 'POST', '/v1/shop/orders', cart, 'k1'),
      call('clientA', 'POST', '/v1/shop/orders', cart, 'k1'),
    ]);
    expect(tapped.map((r) => r.statusCode).filter((status) => status >= 500)).toEqual([]);
    const order = (await call('clientA', 'POST', '/v1/shop/orders', cart, 'k1')).json<{ id: string }>();
    expect(tapped.filter((r) => r.statusCode === 201).map((r) => r.json<{ id: string }>().id)).toContain(order.id);
    const placed = await db.pool.query('SELECT 1 FROM shop_orders WHERE buyer_id = $1', [people.clientA.id]);
    expect(placed.rowCount).toBe(1);
    const review = (person: Person, payload: object) =>
      call(person, 'POST', `/v1/shop/products/${productId}/reviews`, payload);
    expect((await review('clientA', { rating: 5 })).statusCode).toBe(403); // pending
    await call('partnerA', 'POST', `/v1/shop/orders/${order.id}/confirm`);
    expect((await review('clientA', { rating: 5 })).json()).toMatchObject({ error: { code: 'FORBIDDEN' } }); // confirmed
    expect((await call('clientA', 'GET', `/v1/shop/orders/${order.id}/reviews`)).json()).toEqual({
      delivered: false,
      items: [{ productId, label: 'Pagne wax 6 yards', reviewed: false }],
    });
    expect((await call('clientB', 'GET', `/v1/shop/orders/${order.id}/reviews`)).statusCode).toBe(404);
    expect(await invitations(people.clientA.id)).toEqual([]);

    await call('partnerA', 'POST', `/v1/shop/orders/${order.id}/status`, { status: 'delivered' });
    await call('partnerA', 'POST', `/v1/shop/orders/${order.id}/status`, { status: 'delivered' });
    const invited = await invitations(people.clientA.id);
    expect(invited).toHaveLength(1);
    expect(invited[0]?.data.reviewUrl).toMatch(new RegExp(`/shop/orders/${order.id}/review$`));
    expect(invited[0]?.data.productName).toBe('Pagne wax 6 yards');

    expect((await review('clientB', { rating: 1 })).statusCode).toBe(403); // never bought it
    expect((await review('clientA', { rating: 6 })).statusCode).toBe(400);
    expect((await review('clientA', { rating: 4, extra: 1 })).statusCode).toBe(400);
    expect((await review('clientA', { rating: 4, comment: 'Très beau' })).statusCode).toBe(201);
    const twice = await review('clientA', { rating: 1 });
    expect(twice.statusCode).toBe(409);
    expect(twice.json()).toMatchObject({ error: { code: 'CONFLICT' } });
    const raced = await Promise.all([review('clientA', { rating: 2 }), review('clientA', { rating: 3 })]);
    expect(raced.map((r) => r.statusCode)).toEqual([409, 409]);

    expect((await call('clientA', 'GET', `/v1/shop/orders/${order.id}/reviews`)).json()).toMatchObject({
      delivered: true,
      items: [{ reviewed: true }],
    });
    expect((await call('clientB', 'GET', `/v1/shop/products/${productId}`)).json()).toMatchObject({
      stock: 3,
      rating: { average: 4, count: 1 },
      reviews: [{ rating: 4, comment: 'Très beau' }],
    });
    const mine = (await call('clientA', 'GET', '/v1/shop/orders?limit=5')).json<{ orders: { id: string }[] }>();
    expect(mine.orders[0]).toMatchObject({ id: order.id, status: 'delivered', totalXof: 25_000, lines: 1 });
    expect((await call('clientB', 'GET', '/v1/shop/orders')).json()).toEqual({ orders: [], next: null });
    expect((await call('clientA', 'GET', '/v1/shop/orders?limit=500')).statusCode).toBe(400);
  });

  it('quotes a stay with its refund steps before holding, shows held nights taken, lists my reservations', async () => {
    const unitId = (
      await call('partnerA', 'POST', '/v1/booking/units', {
        kind: 'room',
        typeName: 'Chambre',
        name: 'Lagune 3',
        place: 'Grand-Bassam',
        capacity: 2,
        basePriceXof: 30_000,
        taxGroup: 'CI-TVA-18',
      })
    ).json<{ id: string }>().id;
    const day = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
    const stay = `checkIn=${day(20)}&checkOut=${day(22)}&guests=2`;
    const quote = await call('clientA', 'GET', `/v1/booking/units/${unitId}/quote?${stay}`);
    expect(quote.json()).toMatchObject({
      nights: 2,
      amountXof: 60_000,
      free: true,
      holdMinutes: 15,
      refunds: [
        { minNoticeHours: 48, refundBp: 10_000, refundXof: 60_000, until: `${day(18)}T14:00:00.000Z` },
        { minNoticeHours: 24, refundBp: 5_000, refundXof: 30_000 },
        { minNoticeHours: 0, refundBp: 0, refundXof: 0, until: null },
      ],
    });
    expect(
      (await call('clientA', 'GET', `/v1/booking/units/${unitId}/quote?${stay.replace('=2', '=3')}`)).statusCode,
    ).toBe(400);
    expect(
      (
        await call(
          'clientA',
          'GET',
          `/v1/booking/units/${unitId}/quote?checkIn=${day(22)}&checkOut=${day(20)}&guests=1`,
        )
      ).statusCode,
    ).toBe(400);
    const held = await call(
      'clientA',
      'POST',
      '/v1/booking/reservations',
      { unitId, checkIn: day(20), checkOut: day(22), guests: 2 },
      'bassam',
    );
    expect(held.statusCode).toBe(201);
    const calendar = await call('clientB', 'GET', `/v1/booking/units/${unitId}/calendar?from=${day(19)}&days=4`);
    expect(calendar.json<{ nights: { free: boolean }[] }>().nights.map((n) => n.free)).toEqual([
      true,
      false,
      false,
      true,
    ]);
    expect((await call('clientB', 'GET', `/v1/booking/units/${unitId}/calendar?from=2026-02-30`)).statusCode).toBe(400);
    expect(
      (await call('clientB', 'GET', `/v1/booking/units/${unitId}/calendar?from=${day(1)}&days=99`)).statusCode,
    ).toBe(400);
    const list = await call('clientA', 'GET', '/v1/booking/reservations');
    expect(list.json()).toMatchObject({
      reservations: [
        { unitId, status: 'held', unitName: 'Chambre Lagune 3', place: 'Grand-Bassam', refundNowXof: 60_000 },
      ],
      next: null,
    });
    expect((await call('clientB', 'GET', '/v1/booking/reservations')).json()).toEqual({ reservations: [], next: null });
  });
});
