// Proves the commerce module's notices (SPEC 3.11, 3.13): a merchant is told once when a
// product falls to its low-stock threshold, and a guest arriving tomorrow gets one reminder
// however often the job runs.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BookingService } from '../src/modules/booking/booking.js';
import { remindArrivals } from '../src/modules/booking/jobs.js';
import { ShopService } from '../src/modules/shop/shop.js';
import type { Database } from '../src/platform/db/database.js';
import { NotificationFeeder } from '../src/modules/notifications/feeder.js';
import { NotificationService } from '../src/modules/notifications/service.js';
import { testBackends } from './support/databases.js';
import { as, cashHub, insertAccount, walletStack, type WalletStack } from './support/wallet-fixtures.js';

describe.each(testBackends)('commerce notices on $name', (backend) => {
  let db: Database;
  let wallet: WalletStack;
  let notifications: NotificationService;
  let feeder: NotificationFeeder;
  let partner: string;
  let client: string;
  const clock = new Date('2026-12-01T09:00:00Z');
  const told = async (recipient: string, type: string) =>
    (
      await db.pool.query<{ data: Record<string, unknown> }>(
        'SELECT data FROM notifications WHERE recipient_id = $1 AND event_type = $2',
        [recipient, type],
      )
    ).rows.map((r) => r.data);

  beforeAll(async () => {
    db = await backend.open();
    wallet = await walletStack(db, {}, () => clock);
    notifications = new NotificationService(db, {
      channels: {},
      publicUrl: 'http://127.0.0.1',
      linkKey: randomBytes(32),
    });
    feeder = new NotificationFeeder(db, notifications);
    await feeder.tick();
    partner = await insertAccount(db, 'partner');
    client = await insertAccount(db, 'client');
    await wallet.ops.buyCreditsWithCash(as(client), {
      accountId: client,
      hubId: await cashHub(db),
      amountXof: 200_000,
    });
  });
  afterAll(async () => {
    await db.close();
  });

  it('tells the merchant once when stock falls to the threshold', async () => {
    const shop = new ShopService(db, wallet.ops, () => clock);
    const product = await shop.createProduct(partner, {
      name: 'Beurre de karité',
      category: 'beaute',
      kind: 'physical',
      priceXof: 2_000,
      taxGroup: 'CI-TVA-18',
    });
    await shop.adjustStock(partner, { productId: product.id, delta: 5, reason: 'count' });
    await shop.checkout(client, {
      items: [{ productId: product.id, quantity: 3 }],
      delivery: 'pickup',
      idempotencyKey: 'k1',
    });
    await shop.checkout(client, {
      items: [{ productId: product.id, quantity: 1 }],
      delivery: 'pickup',
      idempotencyKey: 'k2',
    });
    await feeder.tick();
    // 5 → 2 crosses the threshold of 3; 2 → 1 is already below: one notice.
    expect(await told(partner, 'shop.stock_low')).toEqual([
      { firstName: 'partner', productName: 'Beurre de karité', place: 'online', quantity: 2 },
    ]);
  });

  it('reminds a confirmed guest the day before arrival, once', async () => {
    const booking = new BookingService(db, wallet.ops, () => clock);
    const unit = await booking.createUnit(partner, {
      kind: 'room',
      typeName: 'Bungalow',
      name: 'B3',
      place: 'Grand-Bassam',
      capacity: 2,
      basePriceXof: 25_000,
      taxGroup: 'CI-TVA-18',
    });
    const stay = await booking.hold(client, {
      unitId: unit.id,
      checkIn: '2026-12-02',
      checkOut: '2026-12-03',
      guests: 2,
      idempotencyKey: 'bassam',
    });
    await booking.confirm(stay.id, client);
    expect(await remindArrivals(db, notifications, clock)).toBe(1);
    expect(await remindArrivals(db, notifications, clock)).toBe(0);
    expect(await told(client, 'booking.reminder')).toEqual([
      { firstName: 'client', unitName: 'Bungalow B3', place: 'Grand-Bassam', checkIn: '2026-12-02' },
    ]);
  });
});
