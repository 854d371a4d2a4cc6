/**
 * The lifecycle's job `debt-collection.lifecycle` (issue 26), every 60 s (5 s under the demo's test clock, whose time
 * it reads): pending promises past their day and not kept are broken, active plans with an instalment uncovered past
 * its grace are broken, and creditors are warned once, 90 days ahead, of a live file's prescription. Each item in its
 * own transaction with the file locked, so a re-run or a second process finds it done and notifies nobody twice.
 */
import type { PeriodicJob } from '../../platform/jobs/scheduler.js';
import { withTransaction } from '../../platform/db/transaction.js';
import { clip, plusDays, type LifecycleContext } from './lifecycle-context.js';
import { breakLatePlans } from './plans.js';
import { breakLatePromises } from './promises.js';

/** Creditors are warned this many days before a file lapses. */
export const prescriptionWarningDays = 90;
const perRun = 200;

/** Warns the creditor of each live file lapsing within 90 days, once (prescription_warned_at is the memory). */
export async function warnPrescriptions(ctx: LifecycleContext): Promise<number> {
  const horizon = plusDays(ctx.today(), prescriptionWarningDays);
  return withTransaction(ctx.db.pool, async (client) => {
    const { rows } = await client.query<{
      id: string;
      creditor_id: string | null;
      debtor_name: string;
      label: string;
      prescription_on: string;
    }>(
      `UPDATE collection_files SET prescription_warned_at = $2
        WHERE id IN (SELECT id FROM collection_files
                      WHERE prescription_warned_at IS NULL AND prescription_on <= $1::date
                        AND status IN ('open', 'in_reminder', 'promise', 'plan', 'disputed', 'legal')
                      ORDER BY prescription_on, id LIMIT $3 FOR UPDATE SKIP LOCKED)
          AND prescription_warned_at IS NULL
        RETURNING id, creditor_id, debtor_name, label, to_char(prescription_on, 'YYYY-MM-DD') AS prescription_on`,
      [horizon, ctx.now(), perRun],
    );
    for (const r of rows)
      await ctx.notify(client, {
        key: `debt-prescription:${r.id}`,
        type: 'debt.prescription_warning',
        recipientId: r.creditor_id,
        data: {
          debtorName: clip(r.debtor_name, 160),
          label: clip(r.label, 200),
          prescriptionOn: r.prescription_on,
          link: ctx.creditorLink(r.id),
        },
      });
    return rows.length;
  });
}

/**
 * Promises and plans left live on a file that ended another way (written off or handed to legal by the creditor, paid
 * through a path that skipped the payment hook) end with it: kept or completed when paid, cancelled otherwise, so none
 * lingers and none is later "broken" to the creditor.
 */
export async function endLeftovers(ctx: LifecycleContext): Promise<number> {
  return withTransaction(ctx.db.pool, async (client) => {
    const ended = await client.query<{ file_id: string; id: string; kind: string; status: string }>(
      `WITH promises AS (
         UPDATE collection_promises p SET status = CASE WHEN f.status = 'paid' THEN 'kept' ELSE 'cancelled' END,
                resolved_at = $1
           FROM collection_files f
          WHERE f.id = p.file_id AND p.status = 'pending' AND f.status IN ('paid', 'written_off', 'legal')
         RETURNING p.file_id, p.id, 'promise' AS kind, p.status),
       plans AS (
         UPDATE collection_plans p SET status = CASE WHEN f.status = 'paid' THEN 'completed' ELSE 'cancelled' END,
                resolved_at = $1
           FROM collection_files f
          WHERE f.id = p.file_id AND p.status = 'active' AND f.status IN ('paid', 'written_off', 'legal')
         RETURNING p.file_id, p.id, 'plan' AS kind, p.status)
       SELECT * FROM promises UNION ALL SELECT * FROM plans`,
      [ctx.now()],
    );
    for (const r of ended.rows)
      await client.query('INSERT INTO collection_file_events (file_id, kind, detail, actor) VALUES ($1, $2, $3, $4)', [
        r.file_id,
        r.kind,
        { [`${r.kind}Id`]: r.id, status: r.status, why: 'file_ended' },
        'job:debt-lifecycle',
      ]);
    return ended.rows.length;
  });
}

export async function runLifecycle(ctx: LifecycleContext) {
  return {
    leftoversEnded: await endLeftovers(ctx),
    promisesBroken: await breakLatePromises(ctx, perRun),
    plansBroken: await breakLatePlans(ctx, perRun),
    prescriptionsWarned: await warnPrescriptions(ctx),
  };
}

export function lifecycleJob(ctx: LifecycleContext, testClock: boolean): PeriodicJob {
  return {
    name: 'debt-collection.lifecycle',
    everyMs: testClock ? 5_000 : 60_000,
    timeoutMs: 300_000,
    run: () => runLifecycle(ctx),
  };
}
