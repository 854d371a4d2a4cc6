/**
 * What follows a payment applied to a file (owned by the lifecycle part): a pending promise is kept once the file has
 * received its amount since it was made; a plan whose instalments are all covered completes. Runs in the payment's
 * transaction.
 */
import { abidjanDay } from '@ismail/shared';
import type pg from 'pg';
import { lockFile } from './lifecycle-status.js';
import { completePlanIfPaid } from './plans.js';
import { keepPromiseIfPaid } from './promises.js';

export async function afterFilePayment(client: pg.PoolClient, fileId: string, now: Date): Promise<void> {
  const file = await lockFile(client, fileId);
  if (file === undefined) return;
  // On a disputed file a promise is still kept, but the file stays disputed (resumeFile: an open dispute outranks).
  await keepPromiseIfPaid(client, file, now);
  await completePlanIfPaid(client, file, abidjanDay(now), now);
}
