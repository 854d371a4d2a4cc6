/**
 * Payment plans (issue 26): the creditor splits what is left into 1 to 60 instalments (dates increasing, amounts
 * summing to exactly what is left); reminders pause (status `plan`). Payments since the plan (`paid_before_xof`) cover
 * the instalments in order. The broken-plan rule: an instalment still not covered `grace_days` after its date breaks
 * the plan, the scenario resumes and the creditor is told once; all covered completes it. One active plan per file.
 */
import { randomUUID } from 'node:crypto';
import { AppError } from '@ismail/shared';
import type pg from 'pg';
import { appendAudit } from '../../platform/audit/audit-log.js';
import { withTransaction } from '../../platform/db/transaction.js';
import { actorLabel, clip, type LifecycleActor, type LifecycleContext } from './lifecycle-context.js';
import { planCoverage, planGraceDaysDefault, planProblem, planState, type Instalment } from './lifecycle-rules.js';
import { lockFile, lockFileFor, pauseFile, pauseRefusal, resumeFile, type LockedFile } from './lifecycle-status.js';

interface PlanRow {
  id: string;
  file_id: string;
  status: 'active' | 'completed' | 'broken' | 'cancelled';
  grace_days: number;
  paid_before_xof: string;
  created_at: Date;
  resolved_at: Date | null;
}
const planColumns = 'id, file_id, status, grace_days, paid_before_xof, created_at, resolved_at';

async function instalmentsOf(client: pg.PoolClient | pg.Pool, planIds: readonly string[]) {
  const { rows } = await client.query<{ plan_id: string; seq: number; due_on: string; amount_xof: string }>(
    `SELECT plan_id, seq, to_char(due_on, 'YYYY-MM-DD') AS due_on, amount_xof FROM collection_plan_instalments
      WHERE plan_id = ANY($1::uuid[]) ORDER BY plan_id, seq`,
    [planIds],
  );
  const byPlan = new Map<string, Instalment[]>();
  for (const r of rows)
    byPlan.set(r.plan_id, [...(byPlan.get(r.plan_id) ?? []), { dueOn: r.due_on, amountXof: Number(r.amount_xof) }]);
  return byPlan;
}

/** Plans of a file as the API shows them, latest first; coverage from what the file received since each plan. */
export async function plansOf(client: pg.PoolClient | pg.Pool, fileId: string, paidXof: number) {
  const { rows } = await client.query<PlanRow>(
    `SELECT ${planColumns} FROM collection_plans WHERE file_id = $1 ORDER BY created_at DESC, id LIMIT 100`,
    [fileId],
  );
  const instalments = await instalmentsOf(
    client,
    rows.map((r) => r.id),
  );
  return rows.map((r) => planView(r, instalments.get(r.id) ?? [], paidXof));
}

const planView = (r: PlanRow, instalments: readonly Instalment[], paidXof: number) => {
  const covered = planCoverage(instalments, paidXof - Number(r.paid_before_xof));
  return {
    id: r.id,
    status: r.status,
    graceDays: r.grace_days,
    instalments: instalments.map((i, k) => ({
      seq: k + 1,
      dueOn: i.dueOn,
      amountXof: i.amountXof,
      coveredXof: covered[k] ?? 0,
    })),
    createdAt: r.created_at.toISOString(),
  };
};
export type PlanView = ReturnType<typeof planView>;

export async function createPlan(
  ctx: LifecycleContext,
  actor: LifecycleActor,
  fileId: string,
  input: { instalments: readonly Instalment[]; graceDays?: number | undefined },
): Promise<PlanView> {
  try {
    return await withTransaction(ctx.db.pool, async (client) => {
      const file = await lockFileFor(client, fileId, actor.ownerId, 'creditor');
      const refusal = pauseRefusal(file.status, 'plan');
      if (refusal !== null) throw new AppError('CONFLICT', refusal);
      const problem = planProblem(input.instalments, file.owed_xof - file.paid_xof, ctx.today());
      if (problem !== null) throw new AppError('VALIDATION_FAILED', problem);
      const { rows: active } = await client.query(
        "SELECT 1 FROM collection_plans WHERE file_id = $1 AND status = 'active'",
        [fileId],
      );
      if (active.length > 0) throw new AppError('CONFLICT', 'Un échéancier est déjà en cours sur ce dossier.');
      const id = randomUUID();
      const graceDays = input.graceDays ?? planGraceDaysDefault;
      const { rows } = await client.query<PlanRow>(
        `INSERT INTO collection_plans (id, file_id, status, grace_days, paid_before_xof, created_by, created_at)
         VALUES ($1, $2, 'active', $3, $4, $5, $6) RETURNING ${planColumns}`,
        [id, fileId, graceDays, file.paid_xof, actorLabel(actor), ctx.now()],
      );
      await client.query(
        `INSERT INTO collection_plan_instalments (plan_id, seq, due_on, amount_xof)
         SELECT $1, s.seq, s.due_on, s.amount_xof
           FROM unnest($2::date[], $3::bigint[]) WITH ORDINALITY AS s (due_on, amount_xof, seq)`,
        [id, input.instalments.map((i) => i.dueOn), input.instalments.map((i) => i.amountXof)],
      );
      // A pending promise gives way to the plan: the plan now says when the money comes.
      const givenWay = await client.query<{ id: string }>(
        "UPDATE collection_promises SET status = 'cancelled', resolved_at = $2 WHERE file_id = $1 AND status = 'pending' RETURNING id",
        [fileId, ctx.now()],
      );
      for (const { id: promiseId } of givenWay.rows)
        await client.query(
          "INSERT INTO collection_file_events (file_id, kind, detail, actor) VALUES ($1, 'promise', $2, $3)",
          [fileId, { promiseId, status: 'cancelled', why: 'plan' }, actorLabel(actor)],
        );
      await client.query(
        "INSERT INTO collection_file_events (file_id, kind, amount_xof, detail, actor) VALUES ($1, 'plan', $2, $3, $4)",
        [
          fileId,
          file.owed_xof - file.paid_xof,
          { planId: id, status: 'active', instalments: input.instalments.length, graceDays },
          actorLabel(actor),
        ],
      );
      await pauseFile(client, file, 'plan', actor);
      await appendAudit(client, {
        actor: { accountId: actor.accountId, label: actorLabel(actor) },
        action: 'debt_collection.plan_made',
        subject: { type: 'collection_file', id: fileId },
        place: 'cloud',
        detail: { planId: id, instalments: input.instalments, graceDays },
      });
      const row = rows[0];
      if (row === undefined) throw new Error('plan insert returned nothing');
      return planView(row, input.instalments, file.paid_xof);
    });
  } catch (error) {
    if ((error as { code?: string }).code === '23505')
      throw new AppError('CONFLICT', 'Un échéancier est déjà en cours sur ce dossier.');
    throw error;
  }
}

async function resolvePlan(
  client: pg.PoolClient,
  file: LockedFile,
  planId: string,
  to: 'completed' | 'broken' | 'cancelled',
  actor: LifecycleActor | string,
  now: Date,
): Promise<PlanRow | undefined> {
  const { rows } = await client.query<PlanRow>(
    `UPDATE collection_plans SET status = $3, resolved_at = $4 WHERE id = $1 AND file_id = $2 AND status = 'active'
     RETURNING ${planColumns}`,
    [planId, file.id, to, now],
  );
  const row = rows[0];
  if (row === undefined) return undefined;
  await client.query("INSERT INTO collection_file_events (file_id, kind, detail, actor) VALUES ($1, 'plan', $2, $3)", [
    file.id,
    { planId, status: to },
    actorLabel(actor),
  ]);
  await appendAudit(client, {
    actor: typeof actor === 'string' ? { label: actor } : { accountId: actor.accountId, label: actorLabel(actor) },
    action: `debt_collection.plan_${to}`,
    subject: { type: 'collection_file', id: file.id },
    place: 'cloud',
    detail: { planId, paidXof: file.paid_xof },
  });
  await resumeFile(client, file, actor, `plan_${to}`);
  return row;
}

export async function cancelPlan(
  ctx: LifecycleContext,
  actor: LifecycleActor,
  fileId: string,
  planId: string,
): Promise<PlanView> {
  return withTransaction(ctx.db.pool, async (client) => {
    const file = await lockFileFor(client, fileId, actor.ownerId, 'creditor');
    await resolvePlan(client, file, planId, 'cancelled', actor, ctx.now());
    const plan = (await plansOf(client, fileId, file.paid_xof)).find((p) => p.id === planId);
    if (plan === undefined) throw new AppError('NOT_FOUND', 'Échéancier introuvable.');
    if (plan.status !== 'cancelled') throw new AppError('CONFLICT', 'Cet échéancier est déjà terminé ou rompu.');
    return plan;
  });
}

/** Where the file's active plan stands now; settles it (completed or broken) when it no longer is active. */
async function settlePlan(
  ctx: Pick<LifecycleContext, 'notify' | 'creditorLink'> | null,
  client: pg.PoolClient,
  file: LockedFile,
  today: string,
  now: Date,
  actor: string,
): Promise<'active' | 'completed' | 'broken' | null> {
  const { rows } = await client.query<PlanRow>(
    `SELECT ${planColumns} FROM collection_plans WHERE file_id = $1 AND status = 'active'`,
    [file.id],
  );
  const plan = rows[0];
  if (plan === undefined) return null;
  const instalments = (await instalmentsOf(client, [plan.id])).get(plan.id) ?? [];
  const paidSince = file.paid_xof - Number(plan.paid_before_xof);
  const state = file.status === 'paid' ? 'completed' : planState(instalments, paidSince, plan.grace_days, today);
  // A payment never breaks a plan: only the job does, on the day after the grace.
  if (state === 'active' || (state === 'broken' && ctx === null)) return 'active';
  await resolvePlan(client, file, plan.id, state, actor, now);
  if (state === 'broken' && ctx !== null)
    await ctx.notify(client, {
      key: `debt-plan-broken:${plan.id}`,
      type: 'debt.plan_broken',
      recipientId: file.creditor_id,
      data: { debtorName: clip(file.debtor_name, 160), label: clip(file.label, 200), link: ctx.creditorLink(file.id) },
    });
  return state;
}

/** After a payment (in its transaction): a plan whose instalments are all covered completes. */
export async function completePlanIfPaid(client: pg.PoolClient, file: LockedFile, today: string, now: Date) {
  await settlePlan(null, client, file, today, now, 'payment');
}

/** The job's part: active plans with an instalment uncovered past its grace are broken (disputed files wait). */
export async function breakLatePlans(ctx: LifecycleContext, limit = 200): Promise<number> {
  const today = ctx.today();
  const { rows } = await ctx.db.pool.query<{ file_id: string }>(
    `SELECT p.file_id FROM collection_plans p JOIN collection_files f ON f.id = p.file_id
      WHERE p.status = 'active' AND f.status IN ('open', 'in_reminder', 'promise', 'plan')
        AND EXISTS (SELECT 1 FROM collection_plan_instalments i WHERE i.plan_id = p.id AND i.due_on + p.grace_days < $1::date)
      ORDER BY p.created_at, p.id LIMIT $2`,
    [today, limit],
  );
  let broken = 0;
  for (const { file_id: fileId } of rows) {
    const state = await withTransaction(ctx.db.pool, async (client) => {
      const file = await lockFile(client, fileId);
      if (file === undefined || !['open', 'in_reminder', 'promise', 'plan'].includes(file.status)) return null;
      return settlePlan(ctx, client, file, today, ctx.now(), 'job:debt-lifecycle');
    });
    if (state === 'broken') broken++;
  }
  return broken;
}
