// Proves holds are typed (issue 20.4): a shop checkout's hold and a booking's hold belong to
// their module's flow. The payee capturing them through the generic hold routes (no
// commission, no invoice), or the payer releasing them there to dodge a booking, is refused
// with HOLD_NOT_FOUND and changes no wallet, stock, order, reservation, invoice or ledger
// row; the same refusal holds below the routes (the wallet operation and the database
// itself); and afterwards the module's own confirm and cancel still work.
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/platform/db/database.js';
import { checkLedger } from '../../src/modules/wallet/ledger-check.js';
import { testBackends } from '../support/databases.js';
import { moneyState } from '../support/money-state.js';
import { bearer, type Person, type Signed } from '../support/people.js';
import { openTestCloud, type TestCloud } from '../support/test-cloud.js';
import { fundClients, giveTaxIdentity } from '../support/shop-fixtures.js';
import { pairTestHub } from '../support/test-hub.js';

describe.each(testBackends)('attack: resolving module holds through the generic routes on $name', (backend) => {
  let cloud: TestCloud;
  let db: Database;
  let app: FastifyInstance;
  let people: Record<Person, Signed>;
  let productId: string;
  let unitId: string;

  beforeAll(async () => {
    cloud = await openTestCloud(backend);
    ({ db, app, people } = cloud);
    await giveTaxIdentity(db, people.partnerA.id);
    // Credits bought for cash at a real counter (partner B's), the way clients get them.
    const counter = await pairTestHub(app, people.admin, people.partnerB.id, 'Caisse Bouaké');
    await fundClients(cloud, counter.id);
    productId = (
      await call('partnerA', 'POST', '/v1/shop/products', {
        name: 'Attiéké 1 kg',
        category: 'epicerie',
        kind: 'physical',
        priceXof: 1_000,
        taxGroup: 'CI-TVA-9',
      })
    ).json<{ id: string }>().id;
    await call('partnerA', 'POST', `/v1/shop/products/${productId}/stock`, { delta: 20, reason: 'count' });
    unitId = (
      await call('partnerA', 'POST', '/v1/booking/units', {
        kind: 'room',
        typeName: 'Chambre',
        name: 'Chambre 7',
        place: 'Grand-Bassam',
        capacity: 2,
        basePriceXof: 20_000,
        taxGroup: 'CI-TVA-18',
      })
    ).json<{
      id: string;
    }>().id;
  });
  afterAll(async () => {
    await cloud.close();
  });

  function call(person: Person, method: 'GET' | 'POST', url: string, payload?: object) {
    return app.inject({
      method,
      url,
      headers: { ...bearer(people[person]), 'idempotency-key': randomUUID() },
      ...(payload === undefined ? {} : { payload }),
    });
  }
  const holdOf = async (table: 'shop_orders' | 'booking_reservations', id: string): Promise<string> =>
    (await db.pool.query<{ hold_id: string }>(`SELECT hold_id FROM ${table} WHERE id = $1`, [id])).rows[0]?.hold_id ??
    '';

  async function refusedWithoutTrace(person: Person, url: string, payload?: object): Promise<void> {
    const before = await moneyState(db);
    const response = await call(person, 'POST', url, payload ?? {});
    expect(response.statusCode, response.body).toBe(404);
    expect(response.json<{ error: { code: string } }>().error.code).toBe('HOLD_NOT_FOUND');
    expect(await moneyState(db)).toEqual(before);
    expect((await checkLedger(db)).problems).toEqual([]);
  }

  it("refuses the seller capturing a shop checkout's hold directly; the order still confirms with its invoice", async () => {
    const order = (
      await call('clientA', 'POST', '/v1/shop/orders', { items: [{ productId, quantity: 2 }], delivery: 'pickup' })
    ).json<{ id: string }>();
    const holdId = await holdOf('shop_orders', order.id);
    await refusedWithoutTrace('partnerA', `/v1/wallet/holds/${holdId}/capture`);
    await refusedWithoutTrace('partnerA', `/v1/wallet/holds/${holdId}/capture`, { amountCentiCredits: 100 });
    // The buyer cannot slip out of the order by releasing its hold either (the stock stays taken otherwise).
    await refusedWithoutTrace('clientA', `/v1/wallet/holds/${holdId}/release`);
    await refusedWithoutTrace('partnerA', `/v1/wallet/holds/${holdId}/release`);
    const confirmed = await call('partnerA', 'POST', `/v1/shop/orders/${order.id}/confirm`);
    expect(confirmed.json()).toMatchObject({ status: 'confirmed', invoiceId: expect.any(String) as unknown });
    expect((await checkLedger(db)).problems).toEqual([]);
  });

  it("refuses the seller capturing a booking's hold and the client releasing it to dodge; the module's flow still works", async () => {
    const reservation = (
      await call('clientB', 'POST', '/v1/booking/reservations', {
        unitId,
        checkIn: '2099-06-01',
        checkOut: '2099-06-03',
        guests: 1,
      })
    ).json<{ id: string; status: string }>();
    expect(reservation.status).toBe('held');
    const holdId = await holdOf('booking_reservations', reservation.id);
    await refusedWithoutTrace('partnerA', `/v1/wallet/holds/${holdId}/capture`);
    await refusedWithoutTrace('clientB', `/v1/wallet/holds/${holdId}/release`);
    await refusedWithoutTrace('partnerA', `/v1/wallet/holds/${holdId}/release`);
    const confirmed = await call('partnerA', 'POST', `/v1/booking/reservations/${reservation.id}/confirm`);
    expect(confirmed.json()).toMatchObject({ status: 'confirmed', invoiceId: expect.any(String) as unknown });
  });

  it('refuses it below the routes too: the generic wallet operations and the database', async () => {
    const order = (
      await call('clientA', 'POST', '/v1/shop/orders', { items: [{ productId, quantity: 1 }], delivery: 'pickup' })
    ).json<{ id: string }>();
    const holdId = await holdOf('shop_orders', order.id);
    const before = await moneyState(db);
    const ctx = {
      actor: { accountId: people.partnerA.id, label: 'partner' },
      scope: people.partnerA.id,
      idempotencyKey: randomUUID(),
    };
    await expect(app.wallet.operations.capture(ctx, { holdId })).rejects.toMatchObject({ code: 'HOLD_NOT_FOUND' });
    await expect(
      app.wallet.operations.release({ ...ctx, idempotencyKey: randomUUID() }, { holdId }),
    ).rejects.toMatchObject({ code: 'HOLD_NOT_FOUND' });
    // A row written past the application: the database refuses a resolution of another purpose.
    const hold = (
      await db.pool.query<{ debit_account_id: string; credit_account_id: string; amount: string }>(
        'SELECT debit_account_id, credit_account_id, amount FROM ledger_transfers WHERE id = $1',
        [holdId],
      )
    ).rows[0];
    await expect(
      db.pool.query(
        "INSERT INTO ledger_transfers (id, operation_id, debit_account_id, credit_account_id, amount, leg, phase, pending_id, hold_purpose) VALUES ($1, $2, $3, $4, $5, 'capture', 'post', $6, 'generic')",
        [randomUUID(), randomUUID(), hold?.debit_account_id, hold?.credit_account_id, hold?.amount, holdId],
      ),
    ).rejects.toThrow(/resolves a shop_order hold/);
    expect(await moneyState(db)).toEqual(before);
    // The buyer's own cancellation releases the hold and puts the stock back, as one operation.
    const cancelled = await call('clientA', 'POST', `/v1/shop/orders/${order.id}/cancel`);
    expect(cancelled.json()).toMatchObject({ status: 'cancelled' });
    expect((await checkLedger(db)).problems).toEqual([]);
  });

  it('still lets the parties resolve a generic hold through the generic routes', async () => {
    const held = await call('clientA', 'POST', '/v1/wallet/holds', {
      payeeAccountId: people.partnerA.id,
      module: 'services',
      amountCentiCredits: 5_000,
      timeoutSeconds: 3600,
    });
    expect(held.statusCode, held.body).toBe(201);
    const holdId = held.json<{ transfers: { id: string }[] }>().transfers[0]?.id ?? '';
    // The payee named in the request is the hold's payee (the route once dropped it, holding for the platform).
    expect(held.json<{ transfers: { credit: string }[] }>().transfers[0]?.credit).toBe(`wallet:${people.partnerA.id}`);
    const captured = await call('partnerA', 'POST', `/v1/wallet/holds/${holdId}/capture`, {
      amountCentiCredits: 3_000,
    });
    expect(captured.statusCode, captured.body).toBe(201);
    expect((await checkLedger(db)).problems).toEqual([]);
  });
});
