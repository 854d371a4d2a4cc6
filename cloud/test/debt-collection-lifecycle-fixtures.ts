/**
 * What the lifecycle tests share: a debt file opened the way the modules open them (openDebtFile), a payment applied
 * through the payments part's own applyFilePayment (which calls afterFilePayment in its transaction), the lifecycle
 * job run at a chosen Abidjan day, and counts of a file's notifications.
 */
import { randomUUID } from 'node:crypto';
import { abidjanDay } from '@ismail/shared';
import { withTransaction } from '../src/platform/db/transaction.js';
import { openDebtFile } from '../src/modules/debt-collection/files.js';
import { LifecycleContext, plusDays } from '../src/modules/debt-collection/lifecycle-context.js';
import { applyFilePayment } from '../src/modules/debt-collection/payments-apply.js';
import { bearer, type Signed } from './support/people.js';
import type { TestCloud } from './support/test-cloud.js';

export const today = (): string => abidjanDay(new Date());
export const inDays = (days: number): string => plusDays(today(), days);

export async function openFile(
  cloud: TestCloud,
  creditor: Signed,
  debtor: Signed,
  principalXof: number,
  extra: { dueOn?: string; status?: 'open' | 'in_reminder'; agentId?: string } = {},
): Promise<string> {
  const ref = randomUUID();
  return withTransaction(cloud.db.pool, async (client) => {
    const { id } = await openDebtFile(client, {
      creditorId: creditor.id,
      debtorId: debtor.id,
      debtorName: 'Awa Koné',
      debtorPhone: '+2250700000012',
      source: 'manual',
      sourceRef: ref,
      label: `Facture ${ref.slice(0, 8)}`,
      principalXof,
      dueOn: extra.dueOn ?? inDays(-10),
      actor: 'test',
    });
    await client.query('UPDATE collection_files SET status = $2, assigned_agent_id = $3 WHERE id = $1', [
      id,
      extra.status ?? 'open',
      extra.agentId ?? null,
    ]);
    return id;
  });
}

/** A cash payment recorded through the payments part (applyFilePayment runs the lifecycle hook in it). */
export async function payFile(cloud: TestCloud, fileId: string, amountXof: number, at = new Date()): Promise<void> {
  await withTransaction(cloud.db.pool, (client) =>
    applyFilePayment(client, { fileId, amountXof, method: 'cash', reference: randomUUID(), actor: 'test', now: at }),
  );
}

/** The lifecycle's context on a given Abidjan day (10:00), for the job. */
export const contextOn = (cloud: TestCloud, day: string): LifecycleContext =>
  new LifecycleContext(
    cloud.db,
    cloud.app.notifications.service,
    'http://portal.test',
    () => new Date(`${day}T10:00:00Z`),
  );

export async function fileRow(cloud: TestCloud, fileId: string) {
  const { rows } = await cloud.db.pool.query<{
    status: string;
    resume_status: string | null;
    paid_xof: string;
    closed_at: Date | null;
  }>('SELECT status, resume_status, paid_xof, closed_at FROM collection_files WHERE id = $1', [fileId]);
  if (rows[0] === undefined) throw new Error('no such file');
  return rows[0];
}

/** How many notifications of this type went to this account about this file (the link names the file). */
export async function notified(cloud: TestCloud, type: string, recipient: Signed, fileId: string): Promise<number> {
  const { rows } = await cloud.db.pool.query<{ n: number }>(
    "SELECT count(*)::int AS n FROM notifications WHERE event_type = $1 AND recipient_id = $2 AND data ->> 'link' LIKE '%' || $3",
    [type, recipient.id, fileId],
  );
  return rows[0]?.n ?? 0;
}

export function caller(cloud: TestCloud) {
  return async (person: Signed, method: 'GET' | 'POST', url: string, payload?: unknown) =>
    cloud.app.inject({
      method,
      url,
      headers: bearer(person),
      ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
    });
}
