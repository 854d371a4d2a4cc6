/**
 * Demo Recouvrement data, so `npm start` shows a creditor's collection at work (issue 26): the demo partner (the
 * landlord of the real estate demo, which also runs a shop) with its default reminder scenario; two late tenants (the
 * demo client, whose late rent file the real estate demo opened, and a tenant known by name and phone); two unpaid
 * shop invoices as files, one settled by a payment plan, the other disputed by the customer; the counter operator
 * (the partner's staff) assigned to the second tenant. Written once (the demo_seed row), through the module's own
 * flows. Runs after the real estate demo.
 */
import { defaultScenarioSteps } from '@ismail/shared';
import type { Database } from '../platform/db/database.js';
import type { NotificationService } from '../modules/notifications/service.js';
import { DebtFileWrites, type NewFileBody } from '../modules/debt-collection/file-writes.js';
import { openDispute } from '../modules/debt-collection/disputes.js';
import { LifecycleContext, plusDays } from '../modules/debt-collection/lifecycle-context.js';
import { createPlan } from '../modules/debt-collection/plans.js';
import { demoAccounts } from './accounts.js';

const idOf = (profile: string): string => {
  const account = demoAccounts.find((a) => a.profile === profile);
  if (account === undefined) throw new Error(`no demo ${profile}`);
  return account.id;
};

export async function seedDemoDebtCollection(
  db: Database,
  deps: { notifications: NotificationService; publicUrl: string },
  now: Date = new Date(),
): Promise<{ seeded: boolean; files: number }> {
  const claimed = await db.pool.query("INSERT INTO demo_seed (name) VALUES ('debt_collection') ON CONFLICT DO NOTHING");
  if (claimed.rowCount === 0) return { seeded: false, files: 0 };
  const partner = idOf('partner');
  const client = idOf('client');
  const today = now.toISOString().slice(0, 10);
  const actor = { owner: partner, self: partner };

  // Its default scenario: ISMAIL's sample steps (D-3 courtesy SMS … D+45 legal), as the creditor would save them.
  const { rows: scenario } = await db.pool.query<{ id: string }>(
    `INSERT INTO collection_scenarios (id, creditor_id, name, steps, is_default)
     VALUES (gen_random_uuid(), $1, 'Relances standard', $2, true) RETURNING id`,
    [partner, JSON.stringify(defaultScenarioSteps)],
  );
  const scenarioId = scenario[0]?.id;
  await db.pool.query(
    "UPDATE collection_files SET scenario_id = $2 WHERE creditor_id = $1 AND source = 'lease_rent' AND debtor_id = $3",
    [partner, scenarioId, client],
  );

  const writes = new DebtFileWrites(db, () => now);
  const open = (reference: string, input: Omit<Extract<NewFileBody, { reference: string }>, 'reference'>) =>
    writes.create(actor, { reference, ...(scenarioId === undefined ? {} : { scenarioId }), ...input });
  // The second late tenant, not on ISMAIL: known by name and phone.
  const tenant = await open('LOYER-MARCORY-2026-10', {
    debtor: { name: 'Serge Kouamé', phone: '+2250506070809' },
    label: 'Loyer octobre 2026 — Studio Marcory Zone 4',
    principalXof: 150_000,
    dueOn: plusDays(today, -40),
  });
  const staff = await db.pool.query<{ id: string }>(
    "SELECT id FROM accounts WHERE staff_of = $1 AND status = 'active' ORDER BY created_at, id LIMIT 1",
    [partner],
  );
  const agentId = staff.rows[0]?.id;
  if (agentId !== undefined) await writes.patch(actor, tenant.id, { assignedAgentId: agentId });
  await writes.note(actor, tenant.id, 'Locataire joint par téléphone : promet de passer à l’agence en fin de semaine.');

  // The shop's unpaid invoices (sold on credit to two restaurants).
  const planned = await open('FAC-2026-0412', {
    debtor: { name: 'Maquis Le Baobab', phone: '+2250102030405', email: 'compta@baobab.example.ci' },
    label: 'Facture FAC-2026-0412 — fournitures de cuisine',
    principalXof: 90_000,
    feesXof: 2_000,
    dueOn: plusDays(today, -25),
  });
  const disputed = await open('FAC-2026-0437', {
    debtor: { name: 'Restaurant La Lagune', email: 'gerance@lalagune.example.ci' },
    label: 'Facture FAC-2026-0437 — boissons (livraison du 3 novembre)',
    principalXof: 64_500,
    dueOn: plusDays(today, -12),
  });
  const ctx = new LifecycleContext(db, deps.notifications, deps.publicUrl, () => now);
  const lifecycleActor = { ownerId: partner, accountId: partner };
  // 92 000 FCFA in three monthly instalments.
  await createPlan(ctx, lifecycleActor, planned.id, {
    instalments: [
      { dueOn: plusDays(today, 7), amountXof: 30_000 },
      { dueOn: plusDays(today, 37), amountXof: 31_000 },
      { dueOn: plusDays(today, 67), amountXof: 31_000 },
    ],
    graceDays: 5,
  });
  await openDispute(
    ctx,
    lifecycleActor,
    disputed.id,
    'Le client conteste 12 caisses livrées cassées ; photos demandées au livreur.',
  );
  return { seeded: true, files: 3 };
}
