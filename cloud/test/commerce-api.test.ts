// Proves the Shop and Booking APIs end to end over HTTP (schemas, access, idempotency): a
// partner lists a product with stock, a client checks out with an Idempotency-Key (a retry
// returns the same order), the partner confirms and the invoice appears; a stranger cannot
// see the order nor review the product, the buyer only once it is delivered; a client books
// a room, confirms, and cancels in the free window with a full refund; bad input is refused
// field by field.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/platform/db/database.js';
import { cashHub } from './support/wallet-fixtures.js';
import { testBackends } from './support/databases.js';
import { openTestCloud, type TestCloud } from './support/test-cloud.js';
import { fundClients, giveTaxIdentity } from './support/shop-fixtures.js';
import { bearer, type Person, type Signed } from './support/people.js';

describe.each(testBackends)('commerce API on $name', (backend) => {
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

  it('sells a product: checkout once despite a retry, confirmation with invoice, buyers-only reviews', async () => {
    const product = await call('partnerA', 'POST', '/v1/shop/products', {
      name: 'Attiéké 1 kg',
      category: 'epicerie',
      kind: 'physical',
      priceXof: 1_000,
      taxGroup: 'CI-TVA-9',
    });
    expect(product.statusCode).toBe(201);
    const { id: productId } = product.json<{ id: string }>();
    expect(
      (
        await call('clientA', 'POST', '/v1/shop/products', {
          name: 'x',
          category: 'x',
          kind: 'physical',
          priceXof: 1,
          taxGroup: 'CI-TVA-9',
        })
      ).statusCode,
    ).toBe(403);
    expect(
      (await call('partnerA', 'POST', `/v1/shop/products/${productId}/stock`, { delta: 20, reason: 'count' })).json(),
    ).toEqual({ quantity: 20 });
    const body = { items: [{ productId, quantity: 3 }], delivery: 'pickup' };
    expect((await call('clientA', 'POST', '/v1/shop/orders', body)).statusCode).toBe(400); // no Idempotency-Key
    const first = await call('clientA', 'POST', '/v1/shop/orders', body, 'panier-42');
    expect(first.statusCode).toBe(201);
    const order = first.json<{ id: string; status: string; totalXof: number }>();
    expect(order).toMatchObject({ status: 'pending', totalXof: 3_000 });
    expect((await call('clientA', 'POST', '/v1/shop/orders', body, 'panier-42')).json<{ id: string }>().id).toBe(
      order.id,
    );
    expect((await call('clientB', 'GET', `/v1/shop/orders/${order.id}`)).statusCode).toBe(404);
    expect((await call('clientA', 'POST', `/v1/shop/orders/${order.id}/confirm`)).statusCode).toBe(403);
    const confirmed = await call('partnerA', 'POST', `/v1/shop/orders/${order.id}/confirm`);
    expect(confirmed.json()).toMatchObject({ status: 'confirmed' });
    const invoiceId = confirmed.json<{ invoiceId: string }>().invoiceId;
    expect((await call('partnerA', 'GET', `/v1/invoices/${invoiceId}`)).json()).toMatchObject({ status: 'issued' });
    expect((await call('clientB', 'POST', `/v1/shop/products/${productId}/reviews`, { rating: 2 })).statusCode).toBe(
      403,
    );
    // Confirmed is not enough: a review is an opinion of goods in hand.
    expect((await call('clientA', 'POST', `/v1/shop/products/${productId}/reviews`, { rating: 5 })).statusCode).toBe(
      403,
    );
    expect(
      (await call('partnerA', 'POST', `/v1/shop/orders/${order.id}/status`, { status: 'delivered' })).json(),
    ).toMatchObject({ status: 'delivered' });
    expect(
      (await call('clientA', 'POST', `/v1/shop/products/${productId}/reviews`, { rating: 5, comment: 'Frais' }))
        .statusCode,
    ).toBe(201);
    const search = await call('clientB', 'GET', '/v1/shop/products?text=atti&limit=5');
    expect(search.json<{ products: { id: string }[] }>().products.map((p) => p.id)).toEqual([productId]);
  });

  it('books a room, confirms it, and cancels in the free window with a full refund', async () => {
    const unit = await call('partnerA', 'POST', '/v1/booking/units', {
      kind: 'room',
      typeName: 'Suite',
      name: 'Suite 1',
      place: 'Assinie',
      capacity: 2,
      basePriceXof: 40_000,
      taxGroup: 'CI-TVA-18',
    });
    expect(unit.statusCode).toBe(201);
    const unitId = unit.json<{ id: string }>().id;
    const future = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
    const search = await call(
      'clientA',
      'GET',
      `/v1/booking/search?place=assinie&checkIn=${future(10)}&checkOut=${future(12)}&guests=2`,
    );
    expect(search.json<{ units: { id: string; stayPriceXof: number }[] }>().units).toEqual([
      expect.objectContaining({ id: unitId, stayPriceXof: 80_000 }),
    ]);
    const before = (await call('clientA', 'GET', '/v1/wallet')).json<{ availableCentiCredits: number }>()
      .availableCentiCredits;
    const held = await call(
      'clientA',
      'POST',
      '/v1/booking/reservations',
      { unitId, checkIn: future(10), checkOut: future(12), guests: 2 },
      'sejour-assinie',
    );
    expect(held.statusCode).toBe(201);
    const reservationId = held.json<{ id: string }>().id;
    const other = await call(
      'clientB',
      'POST',
      '/v1/booking/reservations',
      { unitId, checkIn: future(11), checkOut: future(13), guests: 1 },
      'trop-tard',
    );
    expect(other.statusCode).toBe(409);
    expect((await call('clientA', 'POST', `/v1/booking/reservations/${reservationId}/confirm`)).json()).toMatchObject({
      status: 'confirmed',
    });
    const cancelled = await call('clientA', 'POST', `/v1/booking/reservations/${reservationId}/cancel`);
    expect(cancelled.json()).toMatchObject({ status: 'cancelled', refundCentiCredits: 160_000 });
    expect(
      (await call('clientA', 'GET', '/v1/wallet')).json<{ availableCentiCredits: number }>().availableCentiCredits,
    ).toBe(before);
    expect((await call('clientB', 'GET', `/v1/booking/reservations/${reservationId}`)).statusCode).toBe(404);
    const bad = await call(
      'clientA',
      'POST',
      '/v1/booking/reservations',
      { unitId, checkIn: '2026-13-01', checkOut: future(12), guests: 0 },
      'mauvais',
    );
    expect(bad.statusCode).toBe(400);
  });
});
