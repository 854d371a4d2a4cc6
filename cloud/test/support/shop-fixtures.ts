/**
 * What the shop and booking suites need before a sale: a partner with the tax identity KYC gives
 * (without it every draft invoice is held), and clients holding credits bought for cash at a counter.
 */
import type { Database } from '../../src/platform/db/database.js';
import type { TestCloud } from './test-cloud.js';

/** Sets the tax id and regime KYC would record for the account (no route sets them). */
export async function giveTaxIdentity(db: Database, accountId: string): Promise<void> {
  await db.pool.query("UPDATE accounts SET tax_id = '1234567A', tax_regime = 'RSI' WHERE id = $1", [accountId]);
}

/** 200,000 FCFA of credits each for clientA and clientB, bought for cash at the counter `hubId`. */
export async function fundClients(cloud: TestCloud, hubId: string): Promise<void> {
  for (const who of ['clientA', 'clientB'] as const) {
    await cloud.app.wallet.operations.buyCreditsWithCash(
      { actor: { label: 'test' }, scope: 'system', idempotencyKey: `seed-${who}` },
      { accountId: cloud.people[who].id, hubId, amountXof: 200_000 },
    );
  }
}
