/**
 * Demo commerce data, so `npm start` shows a shop in Abidjan and a hotel with something in
 * them: the demo partner's boutique (wax, attiéké, karité... with stock online and at the
 * demo hub), its guest house in Grand-Bassam (rooms, festive rates), and the demo client's
 * orders and stays in every state. Written once (the demo_seed row), then left alone.
 */
import type { BookingService } from '../modules/booking/booking.js';
import type { ShopService } from '../modules/shop/shop.js';
import type { Database } from '../platform/db/database.js';
import type { WalletOperations } from '../modules/wallet/operations.js';
import { demoAccounts } from './accounts.js';
import { seedDemoPhotos } from './photos.js';
import { demoHubId } from './wallet.js';

function idOf(profile: string): string {
  const account = demoAccounts.find((a) => a.profile === profile);
  if (account === undefined) throw new Error(`no demo ${profile}`);
  return account.id;
}

const products = [
  {
    name: 'Pagne wax 6 yards « Fleur de mariage »',
    category: 'textile',
    priceXof: 12_500,
    taxGroup: 'CI-TVA-18',
    barcode: '6111234567895',
    stock: 24,
  },
  { name: 'Attiéké frais 1 kg', category: 'epicerie', priceXof: 1_000, taxGroup: 'CI-TVA-9', stock: 60 },
  { name: 'Savon noir artisanal', category: 'beaute', priceXof: 1_500, taxGroup: 'CI-TVA-18', stock: 40 },
  { name: 'Beurre de karité 250 g', category: 'beaute', priceXof: 2_000, taxGroup: 'CI-TVA-18', stock: 4 },
  { name: 'Café Tonkpi moulu 500 g', category: 'epicerie', priceXof: 3_500, taxGroup: 'CI-TVA-9', stock: 18 },
  { name: 'Bissap concentré 1 L', category: 'boisson', priceXof: 800, taxGroup: 'CI-TVA-9', stock: 36 },
] as const;

const day = (from: Date, days: number): string =>
  new Date(from.getTime() + days * 86_400_000).toISOString().slice(0, 10);

export async function seedDemoCommerce(
  db: Database,
  services: { shop: ShopService; booking: BookingService; ops: WalletOperations },
  now: Date = new Date(),
): Promise<{ seeded: boolean }> {
  const claimed = await db.pool.query("INSERT INTO demo_seed (name) VALUES ('commerce') ON CONFLICT DO NOTHING");
  if (claimed.rowCount === 0) return { seeded: false };
  const partner = idOf('partner');
  const client = idOf('client');
  await db.pool.query(
    "UPDATE accounts SET tax_id = coalesce(tax_id, '2600042A'), tax_regime = coalesce(tax_regime, 'RSI') WHERE id = $1",
    [partner],
  );
  // Enough credits for the demo client's purchases and stays.
  await services.ops.buyCreditsWithCash(
    { actor: { accountId: partner, label: 'demo' }, scope: partner, idempotencyKey: 'demo-commerce-cash' },
    { accountId: client, hubId: demoHubId, amountXof: 300_000 },
  );

  const created = [];
  for (const p of products) {
    const product = await services.shop.createProduct(partner, {
      name: p.name,
      category: p.category,
      kind: 'physical',
      priceXof: p.priceXof,
      taxGroup: p.taxGroup,
      ...('barcode' in p ? { barcode: p.barcode } : {}),
    });
    await services.shop.adjustStock(partner, {
      productId: product.id,
      delta: p.stock,
      reason: 'count',
      reference: `demo:${product.id}:online`,
    });
    await services.shop.adjustStock(partner, {
      productId: product.id,
      place: `hub:${demoHubId}`,
      delta: Math.ceil(p.stock / 2),
      reason: 'count',
      reference: `demo:${product.id}:hub`,
    });
    created.push(product);
  }
  const [wax, attieke, savon, karite] = created;
  if (wax === undefined || attieke === undefined || savon === undefined || karite === undefined)
    throw new Error('demo products missing');
  // The wax, the attiéké and the savon noir have photos; the others show without, as most listings start.
  await seedDemoPhotos(db, [wax.id, attieke.id, savon.id]);
  const delivered = await services.shop.checkout(client, {
    items: [
      { productId: wax.id, quantity: 1 },
      { productId: savon.id, quantity: 2 },
    ],
    delivery: 'own_delivery',
    idempotencyKey: 'demo-order-1',
  });
  await services.shop.confirm(delivered.id, partner);
  await services.shop.advance(delivered.id, partner, 'shipped', 'LIV-ABJ-0001');
  await services.shop.advance(delivered.id, partner, 'delivered');
  await services.shop.review(client, wax.id, { rating: 5, comment: 'Très beau tissu, livré vite à Cocody.' });
  const confirmed = await services.shop.checkout(client, {
    items: [{ productId: attieke.id, quantity: 3 }],
    delivery: 'pickup',
    idempotencyKey: 'demo-order-2',
  });
  await services.shop.confirm(confirmed.id, partner);
  await services.shop.checkout(client, {
    items: [{ productId: karite.id, quantity: 2 }],
    delivery: 'courier',
    idempotencyKey: 'demo-order-3',
  });

  const rooms = [];
  for (const [name, typeName, price] of [
    ['Chambre 101', 'Chambre standard', 25_000],
    ['Chambre 102', 'Chambre standard', 25_000],
    ['Chambre 103', 'Chambre vue lagune', 32_000],
    ['Suite 201', 'Suite', 55_000],
  ] as const) {
    rooms.push(
      await services.booking.createUnit(partner, {
        kind: 'room',
        typeName,
        name,
        place: 'Grand-Bassam',
        capacity: name.startsWith('Suite') ? 4 : 2,
        basePriceXof: price,
        taxGroup: 'CI-TVA-18',
      }),
    );
  }
  const [standard, , lagoon, suite] = rooms;
  if (standard === undefined || lagoon === undefined || suite === undefined) throw new Error('demo rooms missing');
  // Festive rates for the end of the year.
  for (const room of rooms)
    await services.booking.setRates(
      partner,
      room.id,
      [24, 25, 31].map((d) => ({
        night: `${String(now.getUTCFullYear())}-12-${String(d)}`,
        priceXof: room.basePriceXof + 10_000,
      })),
    );
  const stay = await services.booking.hold(client, {
    unitId: lagoon.id,
    checkIn: day(now, 14),
    checkOut: day(now, 16),
    guests: 2,
    idempotencyKey: 'demo-stay-1',
  });
  await services.booking.confirm(stay.id, client);
  await services.booking.hold(client, {
    unitId: suite.id,
    checkIn: day(now, 30),
    checkOut: day(now, 31),
    guests: 3,
    idempotencyKey: 'demo-stay-2',
  });
  return { seeded: true };
}
