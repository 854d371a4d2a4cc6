/**
 * What the cloud tells a paired hub (SPEC 3.8): its signed policy (ceilings for offline
 * wallet debits, its invoice register, the seller identity its offline invoices carry, the
 * credit rate), and, while the line is up, a wallet's balance for a card presented at its
 * counter, the "last synced balance" offline debits are later authorised against.
 */
import { randomUUID } from 'node:crypto';
import { AppError, hubPolicyTtlS, signHubPolicy, type HubPolicy } from '@ismail/shared';
import type { Database } from '../../platform/db/database.js';
import type { Keyring } from '../../platform/keys/keyring.js';
import { sellerIdentity } from '../invoicing/seller-identity.js';
import { creditRateAt } from '../wallet/rates.js';
import type { HubRecord } from './registry.js';
import { hubStaffIds } from './staff-sign-in.js';

export async function signedHubPolicy(
  db: Database,
  keyring: Keyring,
  hub: HubRecord,
  now: Date = new Date(),
): Promise<{ policy: string; claims: HubPolicy }> {
  // The partner's identity as every cloud invoice prints it (address, RCCM, phone too).
  const partner = await sellerIdentity(db.pool, hub.partnerId);
  const rate = await creditRateAt(db.pool, partner.country, now);
  const iat = Math.floor(now.getTime() / 1000);
  const claims: HubPolicy = {
    v: 1,
    hub: hub.id,
    partner: hub.partnerId,
    iat,
    exp: iat + hubPolicyTtlS,
    register: hub.register,
    // Without a tax ID the hub's invoices would not validate: it then refuses to sell rather than issue them
    // incomplete.
    seller: { ...partner, taxId: partner.taxId || '-', pointOfSale: hub.name.slice(0, 100) },
    xofPerCredit: rate.xofPerCredit,
    staff: await hubStaffIds(db, hub),
    offline: {
      perTransactionCentiCredits: hub.offlinePerTransactionCentiCredits,
      perWalletPerDayCentiCredits: hub.offlinePerWalletPerDayCentiCredits,
      perHubPerDayCentiCredits: hub.offlinePerHubPerDayCentiCredits,
      cashTopUpPerDayXof: hub.cashTopUpPerDayXof,
      version: hub.ceilingsVersion,
    },
  };
  return { policy: await signHubPolicy(claims, await keyring.active('card')), claims };
}

/** Balance answers older than this are pruned: an online payment relying on one is pushed long before. */
const balanceCheckKeepMs = 30 * 24 * 3_600_000;

/**
 * A wallet's available balance, for a hub that was shown the holder's card: the card id must
 * be the holder's card in force and the account active, so a hub cannot read the balance of
 * anyone by ISMAIL ID alone. With `hubId`, the answer is recorded and named (`checkId`): an
 * online wallet payment at that hub must name it and stay within it (one payment each).
 */
export async function walletBalanceForHub(
  db: Database,
  input: { ismailId: string; cardId: string; hubId?: string | undefined },
  now: Date = new Date(),
): Promise<{ accountId: string; ismailId: string; availableCentiCredits: number; at: string; checkId: string }> {
  const { rows } = await db.pool.query<{ account_id: string; available: string | null }>(
    `SELECT c.account_id, (w.credits_posted - w.debits_posted - w.debits_pending) AS available
     FROM cards c JOIN accounts a ON a.id = c.account_id
     LEFT JOIN ledger_accounts w ON w.code = 'wallet:' || c.account_id::text
     WHERE c.id = $1 AND a.ismail_id = $2 AND c.state = 'active' AND c.expires_at > $3 AND a.status = 'active'`,
    [input.cardId, input.ismailId, now],
  );
  const row = rows[0];
  if (row === undefined) throw new AppError('NOT_FOUND', 'No card in force with this id for this ISMAIL ID.');
  const availableCentiCredits = Number(row.available ?? 0);
  const checkId = randomUUID();
  if (input.hubId !== undefined) {
    await db.pool.query(
      'INSERT INTO hub_balance_checks (id, hub_id, card_id, account_id, available_centi_credits, at) VALUES ($1, $2, $3, $4, $5, $6)',
      [checkId, input.hubId, input.cardId, row.account_id, availableCentiCredits, now],
    );
    // Keep the table small: answers nobody can rely on any more (1 in 100 calls, bounded).
    if (Math.random() < 0.01)
      await db.pool.query(
        'DELETE FROM hub_balance_checks WHERE id IN (SELECT id FROM hub_balance_checks WHERE at < $1 LIMIT 10000)',
        [new Date(now.getTime() - balanceCheckKeepMs)],
      );
  }
  return { accountId: row.account_id, ismailId: input.ismailId, availableCentiCredits, at: now.toISOString(), checkId };
}
