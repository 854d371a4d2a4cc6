// Proves a partner's order fulfilment (issue 23) over HTTP: refusals first (another partner's order is not found, a
// client cannot act, a move from the wrong status is refused, a raced "ship" moves the order once and answers 409 to
// the other, PostgreSQL itself refuses a backwards status), then the walk confirm -> ship with tracking -> deliver,
// each move audited with who pressed it and visible in the buyer's timeline.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/platform/db/database.js';
import { cashHub } from './support/wallet-fixtures.js';
import { testBackends } from './support/databases.js';
import { openTestCloud, type TestCloud } from './support/test-cloud.js';
import { fundClients, giveTaxIdentity } from './support/shop-fixtures.js';
import { bearer, type Person, type Signed } from './support/people.js';

describe.each(testBackends)('order fulfilment on $name', (backend) => {
  let cloud: TestCloud;
  let db: Database;
  let app: FastifyInstance;
  let people: Record<Person, Signed>;
  let productId = '';
  let keys = 0;
  beforeAll(async () => {
    cloud = await openTestCloud(backend);
    ({ db, app, people } = cloud);
    await giveTaxIdentity(db, people.partnerA.id);
    await fundClients(cloud, await cashHub(db));
    const product = await call('partnerA', 'POST', '/v1/shop/products', {
      name: 'Pagne wax 6 yards',
      category: 'mode',
      kind: 'physical',
      priceXof: 12_500,
      taxGroup: 'CI-TVA-18',
    });
    productId = product.json<{ id: string }>().id;
    await call('partnerA', 'POST', `/v1/shop/products/${productId}/stock`, { delta: 50, reason: 'count' });
  });
  afterAll(async () => cloud.close());
  const call = (person: Person, method: 'GET' | 'POST', url: string, payload?: object, key?: string) =>
    app.inject({
      method,
      url,
      headers: { ...bearer(people[person]), ...(key === undefined ? {} : { 'idempotency-key': key }) },
      ...(payload === undefined ? {} : { payload }),
    });
  const order = async (): Promise<string> => {
    keys += 1;
    const placed = await call(
      'clientA',
      'POST',
      '/v1/shop/orders',
      { items: [{ productId, quantity: 1 }], delivery: 'courier' },
      `fulfil-${String(keys)}`,
    );
    expect(placed.statusCode).toBe(201);
    return placed.json<{ id: string }>().id;
  };
  const move = (person: Person, id: string, step: string, payload?: object) =>
    call(person, 'POST', `/v1/shop/fulfilment/orders/${id}/${step}`, payload);

  it('refuses another partner, clients, and moves from the wrong status', async () => {
    const id = await order();
    expect((await call('partnerB', 'GET', `/v1/shop/fulfilment/orders/${id}`)).statusCode).toBe(404);
    expect((await move('partnerB', id, 'confirm')).statusCode).toBe(404);
    expect((await move('partnerB', id, 'ship', { tracking: 'X1' })).statusCode).toBe(404);
    expect((await move('clientA', id, 'deliver')).statusCode).toBe(403);
    expect((await move('repA', id, 'confirm')).statusCode).toBe(403);
    // Read-only staff read the orders but cannot move them.
    expect((await call('staffA', 'GET', `/v1/shop/fulfilment/orders/${id}`)).statusCode).toBe(200);
    expect((await move('staffA', id, 'confirm')).statusCode).toBe(403);
    expect((await call('partnerB', 'GET', '/v1/shop/fulfilment/orders')).json()).toMatchObject({ orders: [] });
    // Pending: neither shipped nor delivered before the payment is captured.
    const early = await move('partnerA', id, 'ship', { tracking: 'CI-123' });
    expect(early.statusCode).toBe(409);
    expect(early.json<{ error: { message: string } }>().error.message).toContain('en attente');
    expect((await move('partnerA', id, 'deliver')).statusCode).toBe(409);
    expect((await move('partnerA', id, 'confirm')).statusCode).toBe(200);
    expect((await move('partnerA', id, 'confirm')).statusCode).toBe(409);
    // Malformed: no tracking, too long, two lines, unknown field.
    expect((await move('partnerA', id, 'ship')).statusCode).toBe(400);
    expect((await move('partnerA', id, 'ship', { tracking: 'x'.repeat(101) })).statusCode).toBe(400);
    expect((await move('partnerA', id, 'ship', { tracking: 'a\nb' })).statusCode).toBe(400);
    expect((await move('partnerA', id, 'ship', { tracking: 'A1', amountXof: 1 })).statusCode).toBe(400);
    expect((await call('partnerA', 'GET', '/v1/shop/fulfilment/orders?status=lost')).statusCode).toBe(400);
    expect((await call('partnerA', 'GET', '/v1/shop/fulfilment/orders?limit=500')).statusCode).toBe(400);
  });

  it('two staff pressing "ship" at once: one wins, the other gets 409', async () => {
    const id = await order();
    expect((await move('partnerA', id, 'confirm')).statusCode).toBe(200);
    const raced = await Promise.all([
      move('partnerA', id, 'ship', { tracking: 'COLIS-A' }),
      move('partnerA', id, 'ship', { tracking: 'COLIS-B' }),
    ]);
    expect(raced.map((r) => r.statusCode).sort()).toEqual([200, 409]);
    const events = await db.pool.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM shop_order_events WHERE order_id = $1 AND status = 'shipped'",
      [id],
    );
    expect(events.rows[0]?.n).toBe(1);
    const winner = raced.find((r) => r.statusCode === 200)?.json<{ tracking: string }>().tracking;
    expect((await call('clientA', 'GET', `/v1/shop/orders/${id}`)).json()).toMatchObject({ tracking: winner });
    // Delivered twice: the second is refused too.
    const delivered = await Promise.all([move('partnerA', id, 'deliver'), move('partnerA', id, 'deliver')]);
    expect(delivered.map((r) => r.statusCode).sort()).toEqual([200, 409]);
  });

  it('two staff pressing "confirm" at once: one capture, one audit entry, the other gets 409', async () => {
    const id = await order();
    const raced = await Promise.all([move('partnerA', id, 'confirm'), move('partnerA', id, 'confirm')]);
    expect(raced.map((r) => r.statusCode).sort()).toEqual([200, 409]);
    const audited = await db.pool.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM audit_log WHERE subject_type = 'shop_order' AND subject_id = $1 AND action = 'shop.order_confirmed'",
      [id],
    );
    expect(audited.rows[0]?.n).toBe(1);
    const events = await db.pool.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM shop_order_events WHERE order_id = $1 AND status = 'confirmed'",
      [id],
    );
    expect(events.rows[0]?.n).toBe(1);
  });

  it('PostgreSQL refuses a status going backwards, whoever writes it', async () => {
    const id = await order();
    await expect(db.pool.query("UPDATE shop_orders SET status = 'delivered' WHERE id = $1", [id])).rejects.toThrow(
      /cannot go from pending to delivered/,
    );
    expect((await move('partnerA', id, 'confirm')).statusCode).toBe(200);
    await expect(db.pool.query("UPDATE shop_orders SET status = 'pending' WHERE id = $1", [id])).rejects.toThrow(
      /cannot go from confirmed to pending/,
    );
  });

  it('confirms, ships with tracking and delivers: listed by status, audited, in the buyer timeline', async () => {
    const id = await order();
    const list = await call('partnerA', 'GET', '/v1/shop/fulfilment/orders?status=pending&limit=50');
    expect(list.statusCode).toBe(200);
    const listed = list.json<{ orders: { id: string; buyerName: string; totalXof: number }[]; counts: object }>();
    expect(listed.orders.length).toBeGreaterThan(0);
    expect(listed.orders.find((o) => o.id === id)).toMatchObject({ totalXof: 12_500, firstLabel: 'Pagne wax 6 yards' });
    expect(listed.counts).toMatchObject({ pending: listed.orders.length });
    expect((await move('partnerA', id, 'confirm')).json()).toMatchObject({ status: 'confirmed' });
    const shipped = await move('partnerA', id, 'ship', { tracking: '  CI-EXP-42  ' });
    expect(shipped.json()).toMatchObject({ status: 'shipped', tracking: 'CI-EXP-42' });
    expect((await move('partnerA', id, 'deliver')).json()).toMatchObject({ status: 'delivered' });
    const seen = (await call('clientA', 'GET', `/v1/shop/orders/${id}`)).json<{ history: { status: string }[] }>();
    expect(seen.history.map((h) => h.status)).toEqual(['pending', 'confirmed', 'shipped', 'delivered']);
    const audit = await db.pool.query<{ action: string; actor_account_id: string }>(
      "SELECT action, actor_account_id FROM audit_log WHERE subject_type = 'shop_order' AND subject_id = $1 ORDER BY seq",
      [id],
    );
    expect(audit.rows.map((r) => r.action)).toEqual([
      'shop.order_confirmed',
      'shop.order_shipped',
      'shop.order_delivered',
    ]);
    expect(new Set(audit.rows.map((r) => r.actor_account_id))).toEqual(new Set([people.partnerA.id]));
    // The review invitation rides on the delivery, once.
    const invited = await db.pool.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM notifications WHERE event_key = $1',
      [`shop-review-invitation:${id}`],
    );
    expect(invited.rows[0]?.n).toBe(1);
  });
});
