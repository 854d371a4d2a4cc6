// Proves a seller's cancellation refunds the buyer in full (issue 20.9): a partner that
// cancels a confirmed booking inside the window where its own rules refund nothing still
// gives the client every credit back, with a credit note for the whole stay and its
// commission returned; the same partner cancelling a confirmed order refunds it whole and
// restocks; the client's rules apply only to the client's own cancellation; and the ledger
// check passes.
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/platform/db/database.js';
import { walletBalance } from '../../src/modules/wallet/history.js';
import { checkLedger } from '../../src/modules/wallet/ledger-check.js';
import { testBackends } from '../support/databases.js';
import { bearer, type Person, type Signed } from '../support/people.js';
import { openTestCloud, type TestCloud } from '../support/test-cloud.js';
import { fundClients, giveTaxIdentity } from '../support/shop-fixtures.js';
import { pairTestHub } from '../support/test-hub.js';

describe.each(testBackends)('attack: a seller cancelling under the client refund rules on $name', (backend) => {
  let cloud: TestCloud;
  let db: Database;
  let app: FastifyInstance;
  let people: Record<Person, Signed>;
  let unitId: string;
  let otherUnitId: string;

  beforeAll(async () => {
    cloud = await openTestCloud(backend);
    ({ db, app, people } = cloud);
    await giveTaxIdentity(db, people.partnerA.id);
    const counter = await pairTestHub(app, people.admin, people.partnerB.id, 'Caisse Bouaké');
    await fundClients(cloud, counter.id);
    const unit = (name: string) =>
      call('partnerA', 'POST', '/v1/booking/units', {
        kind: 'room',
        typeName: 'Chambre',
        name,
        place: 'Assinie',
        capacity: 2,
        basePriceXof: 30_000,
        taxGroup: 'CI-TVA-18',
      });
    unitId = (await unit('Chambre 1')).json<{ id: string }>().id;
    otherUnitId = (await unit('Chambre 2')).json<{ id: string }>().id;
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
  const available = async (person: Person) => (await walletBalance(db, people[person].id)).availableCentiCredits;
  const grossOf = async (invoiceId: string | null) =>
    (
      await db.pool.query<{ gross: string }>("SELECT (totals->>'grossXof') AS gross FROM invoices WHERE id = $1", [
        invoiceId,
      ])
    ).rows[0]?.gross;
  /** Tonight: arrival today, so the default rules (nothing back under 24 h) refund the client nothing. */
  const tonight = () => {
    const today = new Date();
    return {
      checkIn: today.toISOString().slice(0, 10),
      checkOut: new Date(today.getTime() + 86_400_000).toISOString().slice(0, 10),
    };
  };

  async function confirmedStay(client: Person, unit: string): Promise<{ id: string; amountCentiCredits: number }> {
    const held = await call(client, 'POST', '/v1/booking/reservations', { unitId: unit, ...tonight(), guests: 1 });
    expect(held.statusCode, held.body).toBe(201);
    const confirmed = await call(
      'partnerA',
      'POST',
      `/v1/booking/reservations/${held.json<{ id: string }>().id}/confirm`,
    );
    expect(confirmed.json()).toMatchObject({ status: 'confirmed' });
    return confirmed.json<{ id: string; amountCentiCredits: number }>();
  }

  it('refunds the client in full when the hotel cancels a confirmed stay, even inside the no-refund window', async () => {
    const clientBefore = await available('clientA');
    const partnerBefore = await available('partnerA');
    const stay = await confirmedStay('clientA', unitId);
    expect(await available('clientA')).toBe(clientBefore - stay.amountCentiCredits);
    const cancelled = await call('partnerA', 'POST', `/v1/booking/reservations/${stay.id}/cancel`);
    expect(cancelled.statusCode, cancelled.body).toBe(200);
    const reservation = cancelled.json<{ status: string; refundCentiCredits: number; creditNoteId: string | null }>();
    expect(reservation).toMatchObject({ status: 'cancelled', refundCentiCredits: stay.amountCentiCredits });
    expect(await available('clientA')).toBe(clientBefore);
    // The platform's commission goes back to the partner with the sale: it ends where it began.
    expect(await available('partnerA')).toBe(partnerBefore);
    expect(await grossOf(reservation.creditNoteId)).toBe('30000');
    expect((await checkLedger(db)).problems).toEqual([]);
  });

  it("applies the client's rules to the client's own cancellation only", async () => {
    const clientBefore = await available('clientB');
    const stay = await confirmedStay('clientB', otherUnitId);
    const cancelled = await call('clientB', 'POST', `/v1/booking/reservations/${stay.id}/cancel`);
    expect(cancelled.json()).toMatchObject({ status: 'cancelled', refundCentiCredits: 0, creditNoteId: null });
    expect(await available('clientB')).toBe(clientBefore - stay.amountCentiCredits);
    expect((await checkLedger(db)).problems).toEqual([]);
  });

  it('releases a held stay in full when the hotel cancels before confirming', async () => {
    const clientBefore = await available('clientA');
    const held = (await call('clientA', 'POST', '/v1/booking/reservations', { unitId, ...tonight(), guests: 1 })).json<{
      id: string;
    }>();
    expect(await available('clientA')).toBeLessThan(clientBefore);
    expect((await call('partnerA', 'POST', `/v1/booking/reservations/${held.id}/cancel`)).json()).toMatchObject({
      status: 'cancelled',
    });
    expect(await available('clientA')).toBe(clientBefore);
  });

  it('refunds a confirmed order in full and restocks when the shop cancels it', async () => {
    const productId = (
      await call('partnerA', 'POST', '/v1/shop/products', {
        name: 'Pagne wax',
        category: 'textile',
        kind: 'physical',
        priceXof: 7_500,
        taxGroup: 'CI-TVA-18',
      })
    ).json<{ id: string }>().id;
    await call('partnerA', 'POST', `/v1/shop/products/${productId}/stock`, { delta: 5, reason: 'count' });
    const clientBefore = await available('clientB');
    const partnerBefore = await available('partnerA');
    const order = (
      await call('clientB', 'POST', '/v1/shop/orders', { items: [{ productId, quantity: 2 }], delivery: 'pickup' })
    ).json<{ id: string }>();
    expect((await call('partnerA', 'POST', `/v1/shop/orders/${order.id}/confirm`)).json()).toMatchObject({
      status: 'confirmed',
    });
    const cancelled = await call('partnerA', 'POST', `/v1/shop/orders/${order.id}/cancel`);
    expect(cancelled.json()).toMatchObject({ status: 'cancelled', creditNoteId: expect.any(String) as unknown });
    expect(await available('clientB')).toBe(clientBefore);
    expect(await available('partnerA')).toBe(partnerBefore);
    const stock = await db.pool.query<{ quantity: number }>(
      "SELECT quantity FROM shop_stock WHERE product_id = $1 AND place = 'online'",
      [productId],
    );
    expect(stock.rows[0]?.quantity).toBe(5);
    expect((await checkLedger(db)).problems).toEqual([]);
  });
});
