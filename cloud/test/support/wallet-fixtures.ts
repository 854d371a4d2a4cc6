/**
 * Wallet test fixtures: accounts inserted directly (active, in a hierarchy) and a wallet
 * stack (ledger + operations) on a migrated database with the default rates.
 */
import { randomUUID } from 'node:crypto';
import type { Database } from '../../src/platform/db/database.js';
import { migrate } from '../../src/platform/db/migrate.js';
import { Ledger, type LedgerOptions } from '../../src/modules/wallet/ledger.js';
import { WalletOperations, type WriteContext } from '../../src/modules/wallet/operations.js';
import { seedDefaultRates } from '../../src/modules/wallet/rates.js';

export interface WalletStack {
  readonly ledger: Ledger;
  readonly ops: WalletOperations;
}

export async function walletStack(db: Database, options: LedgerOptions = {}, now?: () => Date): Promise<WalletStack> {
  await migrate(db.pool);
  await seedDefaultRates(db.pool);
  const ledger = new Ledger(db, { ...options, ...(now === undefined ? {} : { now }) });
  return { ledger, ops: new WalletOperations(db, ledger, now) };
}

export async function insertAccount(
  db: Database,
  profile: string,
  links: { supervisorId?: string; salesRepId?: string; partnerCategory?: string; status?: string } = {},
): Promise<string> {
  const id = randomUUID();
  await db.pool.query(
    `INSERT INTO accounts (id, profile, display_name, first_name, last_name, email, password_hash, status, supervisor_id, sales_rep_id, partner_category)
     VALUES ($1, $2, $3, $3, 'Test', $4, 'x', $5, $6, $7, $8)`,
    [
      id,
      profile,
      profile,
      `${id}@test.ismail.ci`,
      links.status ?? 'active',
      links.supervisorId ?? null,
      links.salesRepId ?? null,
      links.partnerCategory ?? null,
    ],
  );
  return id;
}

/** A partner attached to a junior rep whose agency chief is the team lead (SPEC 3.6). */
export async function salesTree(db: Database): Promise<{ chief: string; rep: string; partner: string }> {
  const chief = await insertAccount(db, 'agency_chief');
  const rep = await insertAccount(db, 'sales_rep', { supervisorId: chief });
  const partner = await insertAccount(db, 'partner', { salesRepId: rep });
  return { chief, rep, partner };
}

let keyCounter = 0;
/** A write context acting as `accountId` with a fresh idempotency key (or the one given). */
export function as(accountId: string, key = `k-${String(++keyCounter)}-${randomUUID()}`): WriteContext {
  return { actor: { accountId, label: `account:${accountId}` }, scope: accountId, idempotencyKey: key };
}

export const system = (key = `sys-${randomUUID()}`): WriteContext => ({
  actor: { label: 'test' },
  scope: 'system',
  idempotencyKey: key,
});

const cashHubs = new WeakMap<Database, Promise<string>>();
/**
 * An active hub (of a partner of its own) whose drawer sells the cash that funds a test's
 * wallets: cash enters only through a registered hub's drawer (migration 0027). Inserted as
 * `registerHub` and pairing would leave it; one per database.
 */
export function cashHub(db: Database): Promise<string> {
  let hub = cashHubs.get(db);
  if (hub === undefined) {
    hub = (async () => {
      const partner = await insertAccount(db, 'partner');
      const id = randomUUID();
      await db.pool.query(
        "INSERT INTO hubs (id, partner_id, name, status, created_by, paired_at) VALUES ($1, $2, 'Caisse de test', 'active', $2, now())",
        [id, partner],
      );
      return id;
    })();
    cashHubs.set(db, hub);
  }
  return hub;
}
