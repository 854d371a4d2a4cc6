/**
 * Demo wallet movements, so `npm start` shows balances, history, a hold and the SPEC 3.6
 * commissions at once. Fixed idempotency keys: a second start replays, never duplicates.
 */
import type { Database } from '../platform/db/database.js';
import { Ledger } from '../modules/wallet/ledger.js';
import type { LedgerOutcome } from '../modules/wallet/ledger-types.js';
import { WalletOperations, type WriteContext } from '../modules/wallet/operations.js';
import { demoAccounts } from './accounts.js';

/** The demo partner's counter, registered as an admin would: cash enters only through a registered hub's drawer. */
export const demoHubId = '00000000-0000-4000-8000-0000000000d1';
const hubId = demoHubId;

/** Registers the demo counter once (active, unpaired: no hub can sync as it without pairing). */
async function ensureDemoHub(db: Database, partnerId: string, adminId: string): Promise<void> {
  await db.pool.query(
    "INSERT INTO hubs (id, partner_id, name, status, created_by, paired_at) VALUES ($1, $2, 'Caisse démo', 'active', $3, now()) ON CONFLICT DO NOTHING",
    [demoHubId, partnerId, adminId],
  );
}

function idOf(profile: string): string {
  const account = demoAccounts.find((a) => a.profile === profile);
  if (account === undefined) throw new Error(`no demo ${profile}`);
  return account.id;
}

/** The 15th of the month before `now`, 10:00 UTC (Abidjan's time): a day every month has. */
export function dayLastMonth(now: Date): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 15, 10));
}

/**
 * Last month's consumption by the demo partner, so a sales rep's statement of last month has lines. It goes
 * through the ledger like any other (double entry, commissions, audit), on a ledger whose clock reads that day:
 * the key names the month, so a start in a later month adds that month's, and a restart replays.
 */
async function consumeLastMonth(db: Database, partner: string, now: Date): Promise<LedgerOutcome> {
  const then = dayLastMonth(now);
  const clock = () => then;
  const past = new WalletOperations(db, new Ledger(db, { now: clock, maxInFlight: 1 }), clock);
  return past.consume(
    {
      actor: { accountId: partner, label: 'demo' },
      scope: partner,
      idempotencyKey: `demo-consume-${then.toISOString().slice(0, 7)}`,
    },
    { accountId: partner, tariffCode: 'service_purchase', units: 2, unitPriceCredits: 50 },
  );
}

export async function seedDemoWallet(
  ops: WalletOperations,
  db: Database,
  now: Date = new Date(),
): Promise<{ operations: number; replayed: number }> {
  const client = idOf('client');
  const partner = idOf('partner');
  const admin = idOf('admin');
  await ensureDemoHub(db, partner, admin);
  const as = (accountId: string, key: string): WriteContext => ({
    actor: { accountId, label: 'demo' },
    scope: accountId,
    idempotencyKey: `demo-${key}`,
  });
  const outcomes: LedgerOutcome[] = [
    // Cash sold at the demo hub's counter by the partner.
    await ops.buyCreditsWithCash(as(partner, 'cash-client'), { accountId: client, hubId, amountXof: 10_000 }),
    await ops.buyCreditsWithCash(as(partner, 'cash-partner'), { accountId: partner, hubId, amountXof: 60_000 }),
    // SPEC 3.6: the partner consumes 1,000 credits; its rep earns 2,000 FCFA, the chief 1,000.
    await ops.consume(as(partner, 'consume-1000'), {
      accountId: partner,
      tariffCode: 'service_purchase',
      units: 20,
      unitPriceCredits: 50,
    }),
    await ops.pay(as(client, 'shop-order'), {
      payerId: client,
      payeeId: partner,
      module: 'shop',
      amountCentiCredits: 5_000,
    }),
    await consumeLastMonth(db, partner, now),
    await ops.bonus(as(admin, 'welcome-bonus'), { accountId: client, amountCentiCredits: 500, reason: 'welcome' }),
    await ops.hold(as(client, 'booking-hold'), {
      payerId: client,
      payeeId: partner,
      module: 'booking',
      amountCentiCredits: 2_000,
      timeoutSeconds: 7 * 24 * 3600,
    }),
  ];
  return { operations: outcomes.length, replayed: outcomes.filter((o) => o.replayed).length };
}
