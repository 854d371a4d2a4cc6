/**
 * What the debt-collection payment suites share (issue 26, part C1): a debt file written as the files part leaves it
 * (any creditor, ISMAIL's own included, any source and status), and credits bought for cash at a counter.
 */
import { randomUUID } from 'node:crypto';
import type { DebtPayment } from '../src/modules/debt-collection/payments-apply.js';
import { cashHub } from './support/wallet-fixtures.js';
import type { TestCloud } from './support/test-cloud.js';

export interface PaymentResult {
  payment: DebtPayment;
  file: { id: string; status: string; paidXof: number; leftXof: number; closedAt: string | null };
}

/** A debt file of `creditorId` (null: ISMAIL) on `debtorId`; returns its id. */
export async function debtFile(
  cloud: TestCloud,
  f: {
    creditorId: string | null;
    debtorId: string;
    principalXof: number;
    feesXof?: number;
    source?: 'manual' | 'lease_rent' | 'overdraft';
    status?: 'open' | 'in_reminder';
    dueOn?: string;
  },
): Promise<string> {
  const id = randomUUID();
  await cloud.db.pool.query(
    `INSERT INTO collection_files (id, creditor_id, debtor_id, debtor_name, source, source_ref, label, principal_xof,
       fees_xof, due_on, status, prescription_on)
     VALUES ($1, $2, $3, 'Kouassi Test', $4, $5, $6, $7, $8, $9, $10, '2031-01-01')`,
    [
      id,
      f.creditorId,
      f.debtorId,
      f.source ?? 'manual',
      `test:${id}`,
      `Facture ${id.slice(0, 8)}`,
      f.principalXof,
      f.feesXof ?? 0,
      f.dueOn ?? '2026-11-01',
      f.status ?? 'open',
    ],
  );
  return id;
}

/** Credits worth `amountXof` FCFA bought for cash at a counter. */
export async function fundXof(cloud: TestCloud, accountId: string, amountXof: number): Promise<void> {
  await cloud.app.wallet.operations.buyCreditsWithCash(
    { actor: { label: 'test' }, scope: 'system', idempotencyKey: `seed-debtor-${accountId}` },
    { accountId, hubId: await cashHub(cloud.db), amountXof },
  );
}
