// Proves the Recouvrement demo data of `npm start` (issue 26): the demo partner's default scenario; two late tenants
// (the demo client's rent file from the real estate demo, now on that scenario, and a tenant known by phone, assigned
// to the partner's staff); two unpaid shop invoices as files, one under a payment plan, one disputed; and a second run
// creates nothing twice.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/platform/db/database.js';
import { migrate } from '../src/platform/db/migrate.js';
import { buildCloudApp } from '../src/app.js';
import { seedDemoData } from '../src/demo/seed.js';
import { seedDemoWallet } from '../src/demo/wallet.js';
import { seedDemoRealEstate } from '../src/demo/real-estate.js';
import { seedDemoDebtCollection } from '../src/demo/debt-collection.js';
import { demoAccounts } from '../src/demo/accounts.js';
import { checkLedger } from '../src/modules/wallet/ledger-check.js';
import { seedDefaultRates } from '../src/modules/wallet/rates.js';
import { testBackends, testSecrets } from './support/databases.js';

const idOf = (profile: string): string => demoAccounts.find((a) => a.profile === profile)?.id ?? '';

describe.each(testBackends)('debt collection demo data on $name', (backend) => {
  let db: Database;
  let app: FastifyInstance;
  const deps = () => ({ notifications: app.notifications.service, publicUrl: 'http://127.0.0.1:8080' });

  beforeAll(async () => {
    db = await backend.open();
    await migrate(db.pool);
    await seedDefaultRates(db.pool);
    const secrets = testSecrets();
    app = await buildCloudApp({ db, logLevel: 'error', ...secrets });
    await seedDemoData(db, app.cards, secrets.masterKey, app.platform.documents);
    await seedDemoWallet(app.wallet.operations, db);
    await seedDemoRealEstate(db, { ops: app.wallet.operations, ...deps() });
  });
  afterAll(async () => {
    await app.close();
    await db.close();
  });

  it('seeds a scenario, two late tenants, an invoice under a plan and a disputed one, once', async () => {
    expect(await seedDemoDebtCollection(db, deps())).toEqual({ seeded: true, files: 3 });
    const partner = idOf('partner');
    const files = await db.pool.query<{
      source: string;
      status: string;
      debtor_id: string | null;
      on_scenario: boolean;
      agent: boolean;
    }>(
      `SELECT f.source, f.status, f.debtor_id, f.scenario_id = s.id AS on_scenario, f.assigned_agent_id IS NOT NULL AS agent
        FROM collection_files f JOIN collection_scenarios s ON s.creditor_id = f.creditor_id AND s.is_default
        WHERE f.creditor_id = $1 ORDER BY f.principal_xof DESC`,
      [partner],
    );
    expect(files.rows).toEqual([
      // The demo client's late rent (300 000 FCFA), from the real estate demo.
      { source: 'lease_rent', status: 'open', debtor_id: idOf('client'), on_scenario: true, agent: false },
      { source: 'manual', status: 'open', debtor_id: null, on_scenario: true, agent: true },
      { source: 'manual', status: 'plan', debtor_id: null, on_scenario: true, agent: false },
      { source: 'manual', status: 'disputed', debtor_id: null, on_scenario: true, agent: false },
    ]);
    const lifecycle = await db.pool.query<{ plans: string; disputes: string }>(
      `SELECT (SELECT count(*) FROM collection_plans WHERE status = 'active') AS plans,
              (SELECT count(*) FROM collection_disputes WHERE status = 'open') AS disputes`,
    );
    expect(lifecycle.rows[0]).toEqual({ plans: '1', disputes: '1' });
    expect(await seedDemoDebtCollection(db, deps())).toEqual({ seeded: false, files: 0 });
    expect(Number((await db.pool.query('SELECT 1 FROM collection_files')).rowCount)).toBe(4);
    expect((await checkLedger(db)).ok).toBe(true);
  });
});
