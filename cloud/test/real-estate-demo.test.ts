// Proves the Real estate demo data of `npm start` (issue 25): six listings of the demo agency published through the
// real flow (credits charged, the ledger checks), found by the search in Cocody under 300 000 FCFA; visit slots, one
// confirmed visit and one waiting; a lease signed by both parties whose first rent was paid from the wallet and whose
// second is late with exactly one collection file; and a second run creates nothing twice.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/platform/db/database.js';
import { migrate } from '../src/platform/db/migrate.js';
import { buildCloudApp } from '../src/app.js';
import { seedDemoData } from '../src/demo/seed.js';
import { seedDemoWallet } from '../src/demo/wallet.js';
import { seedDemoRealEstate, demoListings } from '../src/demo/real-estate.js';
import { demoAccounts } from '../src/demo/accounts.js';
import { checkLedger } from '../src/modules/wallet/ledger-check.js';
import { seedDefaultRates } from '../src/modules/wallet/rates.js';
import { testBackends, testSecrets } from './support/databases.js';

const count = async (db: Database, sql: string, params: unknown[] = []): Promise<number> =>
  Number((await db.pool.query<{ n: string }>(`SELECT count(*) AS n FROM ${sql}`, params)).rows[0]?.n ?? -1);

const idOf = (profile: string): string => demoAccounts.find((a) => a.profile === profile)?.id ?? '';

describe.each(testBackends)('real estate demo data on $name', (backend) => {
  let db: Database;
  let app: FastifyInstance;
  const seed = () =>
    seedDemoRealEstate(db, {
      ops: app.wallet.operations,
      notifications: app.notifications.service,
      publicUrl: 'http://127.0.0.1:8080',
    });

  beforeAll(async () => {
    db = await backend.open();
    await migrate(db.pool);
    await seedDefaultRates(db.pool);
    const secrets = testSecrets();
    app = await buildCloudApp({ db, logLevel: 'error', ...secrets });
    await seedDemoData(db, app.cards, secrets.masterKey, app.platform.documents);
    await seedDemoWallet(app.wallet.operations, db);
  });
  afterAll(async () => {
    await app.close();
    await db.close();
  });

  it('seeds listings, visits and a lease with a late rent, once', async () => {
    expect(await seed()).toEqual({ seeded: true });
    const agency = idOf('partner');
    const client = idOf('client');
    expect(await count(db, "real_estate_listings WHERE owner_id = $1 AND status = 'published'", [agency])).toBe(
      demoListings.length - 1,
    );
    expect(await count(db, "real_estate_listings WHERE owner_id = $1 AND status = 'rented'", [agency])).toBe(1);
    expect(await count(db, 'real_estate_photos')).toBe(demoListings.length);
    // Each publication paid: one period per listing, charged in the ledger.
    expect(await count(db, 'real_estate_listing_periods WHERE charged_centi > 0')).toBe(demoListings.length);
    expect(await count(db, "real_estate_visits WHERE visitor_id = $1 AND status = 'confirmed'", [client])).toBe(1);
    expect(await count(db, "real_estate_visits WHERE visitor_id = $1 AND status = 'requested'", [client])).toBe(1);
    expect(await count(db, 'real_estate_visit_slots')).toBeGreaterThanOrEqual(30);
    expect(await count(db, "real_estate_leases WHERE tenant_id = $1 AND status = 'active'", [client])).toBe(1);
    expect(await count(db, 'real_estate_lease_signatures')).toBe(2);
    expect(await count(db, "real_estate_rent_payments WHERE method = 'wallet'")).toBe(1);
    expect(
      await count(db, "collection_files WHERE source = 'lease_rent' AND debtor_id = $1 AND status = 'open'", [client]),
    ).toBe(1);

    // Figure 5's search finds the Cocody rentals under 300 000 FCFA (the let flat is no longer published).
    const { accessToken: token } = (
      await app.inject({
        method: 'POST',
        url: '/v1/auth/sign-in',
        payload: { email: 'client@demo.ismail.ci', password: 'demo-ismail-2026' },
      })
    ).json<{ accessToken: string }>();
    const search = await app.inject({
      method: 'GET',
      url: '/v1/real-estate/search?deal=rent&commune=cocody&maxPriceXof=300000',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(search.statusCode, search.body).toBe(200);
    expect(
      search
        .json<{ listings: { title: string }[] }>()
        .listings.map((l) => l.title)
        .sort(),
    ).toEqual(['Appartement 3 pièces, Riviera Golf', 'Studio meublé, Angré 8e tranche']);

    const ledger = await checkLedger(db);
    expect(ledger.ok, JSON.stringify(ledger)).toBe(true);
    expect(await seed()).toEqual({ seeded: false });
    expect(await count(db, 'real_estate_listings')).toBe(demoListings.length);
  });
});
