// Proves the Services demo data of `npm start` (issue 24): seven providers with profiles, hours, offers and photos,
// found by the search; the demo client's three past appointments paid through the escrow flows (the ledger checks),
// each reviewed (one answered, one reported to the admins); an open request with a quote and a masked conversation;
// and a second run creates nothing twice.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/platform/db/database.js';
import { migrate } from '../src/platform/db/migrate.js';
import { buildCloudApp } from '../src/app.js';
import { seedDemoData } from '../src/demo/seed.js';
import { seedDemoWallet } from '../src/demo/wallet.js';
import { seedDemoCommerce } from '../src/demo/commerce.js';
import { seedDemoServices } from '../src/demo/services.js';
import { demoProviders } from '../src/demo/services-providers.js';
import { demoAccounts } from '../src/demo/accounts.js';
import { checkLedger } from '../src/modules/wallet/ledger-check.js';
import { seedDefaultRates } from '../src/modules/wallet/rates.js';
import { listMessages } from '../src/modules/services/messages.js';
import { searchProviders } from '../src/modules/services/search.js';
import { testBackends, testSecrets } from './support/databases.js';

const count = async (db: Database, sql: string, params: unknown[] = []): Promise<number> =>
  Number((await db.pool.query<{ n: string }>(`SELECT count(*) AS n FROM ${sql}`, params)).rows[0]?.n ?? -1);

describe.each(testBackends)('services demo data on $name', (backend) => {
  let db: Database;
  let app: FastifyInstance;
  const seed = () =>
    seedDemoServices(db, {
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
    await seedDemoCommerce(db, { shop: app.shop, booking: app.booking, ops: app.wallet.operations });
  });
  afterAll(async () => {
    await app.close();
    await db.close();
  });

  it('seeds providers, paid and reviewed appointments and an open quote, once', async () => {
    expect(await seed()).toEqual({ seeded: true });
    const tables = [
      'service_providers',
      'service_offers',
      'service_photos',
      'service_availability_rules',
      'service_appointments',
      'service_reviews',
      'service_review_reports',
      'service_requests',
      'service_quotes',
      'service_messages',
    ];
    const before = await Promise.all(tables.map((t) => count(db, t)));
    expect(await seed()).toEqual({ seeded: false });
    expect(await Promise.all(tables.map((t) => count(db, t)))).toEqual(before);

    const providers = await db.pool.query<{ categories: string[]; communes: string[]; rating_count: number }>(
      'SELECT categories, communes, rating_count FROM service_providers ORDER BY display_name',
    );
    expect(providers.rows).toHaveLength(7);
    const by = (code: string) => providers.rows.filter((p) => p.categories.includes(code)).length;
    expect([by('plumbing'), by('electricity'), by('beauty')]).toEqual([3, 2, 2]);
    expect(await count(db, 'service_availability_rules')).toBe(7 * 6);
    expect(await count(db, "service_photos WHERE kind = 'portfolio'")).toBe(14);
    expect(
      await count(db, 'accounts WHERE id = ANY($1::uuid[]) AND ismail_id IS NOT NULL', [
        demoProviders.map((p) => p.id),
      ]),
    ).toBe(7);

    const client = demoAccounts.find((a) => a.profile === 'client')?.id ?? '';
    const done = await db.pool.query<{ status: string; captured_xof: string | null; invoice_id: string | null }>(
      'SELECT status, captured_xof, invoice_id FROM service_appointments WHERE client_id = $1',
      [client],
    );
    expect(done.rows.map((r) => r.status)).toEqual(['completed', 'completed', 'completed']);
    // Paid to the providers in full, each with the provider's invoice to the client.
    expect(done.rows.every((r) => r.captured_xof !== null && Number(r.captured_xof) > 0)).toBe(true);
    expect(done.rows.every((r) => r.invoice_id !== null)).toBe(true);
    expect(await count(db, 'service_reviews WHERE answer IS NOT NULL')).toBe(1);
    expect(await count(db, "service_review_reports WHERE status = 'open'")).toBe(1);
    expect(providers.rows.reduce((sum, p) => sum + p.rating_count, 0)).toBe(3);
    expect(await count(db, "service_quotes WHERE status = 'sent'")).toBe(1);
    expect((await checkLedger(db)).ok).toBe(true);

    // Found the way the portal looks: "plombier" lists the three plumbers; near Cocody, the Cocody one first.
    expect((await searchProviders(db.pool, { q: 'plombier' })).providers).toHaveLength(3);
    const found = await searchProviders(db.pool, { q: 'plombier', commune: 'Cocody' });
    expect(found.providers[0]).toMatchObject({ displayName: 'Plomberie Kouassi & Fils', kycVerified: true });
    expect(found.providers[0]?.rating).toEqual({ average: 5, count: 1 });

    // The plumber reads the client's number masked until the quote is accepted.
    const plumber = demoProviders[0]?.id ?? '';
    const request = await db.pool.query<{ id: string }>(
      "SELECT id FROM service_requests WHERE client_id = $1 AND status = 'open'",
      [client],
    );
    const thread = await listMessages(db, plumber, request.rows[0]?.id ?? '', plumber, { limit: 100 });
    expect(thread.masked).toBe(true);
    expect(thread.messages).toHaveLength(2);
    expect(thread.messages[0]?.body).not.toContain('07 07 12 34 56');
  });
});
