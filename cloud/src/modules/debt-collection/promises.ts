/**
 * Promises to pay (issue 26): the creditor or the debtor says an amount will be paid by a date; reminders pause
 * (status `promise`). Kept once the file received the amount since the promise was made (`paid_before_xof`), broken
 * from the day after its date when not kept: reminders resume and the creditor is told once. One pending promise per
 * file (a unique index): concurrent creations give one promise and 409 for the rest.
 */
import { randomUUID } from 'node:crypto';
import { AppError, type DebtStatus } from '@ismail/shared';
import type pg from 'pg';
import { appendAudit } from '../../platform/audit/audit-log.js';
import { withTransaction } from '../../platform/db/transaction.js';
import { actorLabel, clip, type LifecycleActor, type LifecycleContext } from './lifecycle-context.js';
import { promiseIsLate, promiseProblem } from './lifecycle-rules.js';
import { lockFile, lockFileFor, pauseFile, pauseRefusal, resumeFile, type LockedFile } from './lifecycle-status.js';

export interface PromiseRow {
  id: string;
  file_id: string;
  amount_xof: string;
  promised_on: string;
  paid_before_xof: string;
  status: 'pending' | 'kept' | 'broken' | 'cancelled';
  created_at: Date;
  resolved_at: Date | null;
}
export const promiseColumns = `id, file_id, amount_xof, to_char(promised_on, 'YYYY-MM-DD') AS promised_on,
  paid_before_xof, status, created_at, resolved_at`;

export const promiseView = (r: PromiseRow) => ({
  id: r.id,
  amountXof: Number(r.amount_xof),
  promisedOn: r.promised_on,
  status: r.status,
  createdAt: r.created_at.toISOString(),
  resolvedAt: r.resolved_at?.toISOString() ?? null,
});
export type PromiseView = ReturnType<typeof promiseView>;

const isUniqueViolation = (error: unknown): boolean => (error as { code?: string }).code === '23505';
const onePending = 'Une promesse est déjà en attente sur ce dossier.';

export async function createPromise(
  ctx: LifecycleContext,
  actor: LifecycleActor,
  fileId: string,
  input: { amountXof: number; promisedOn: string },
): Promise<PromiseView> {
  try {
    return await withTransaction(ctx.db.pool, async (client) => {
      const file = await lockFileFor(client, fileId, actor.ownerId, 'creditor_or_debtor');
      const refusal = pauseRefusal(file.status, 'promise');
      if (refusal !== null) throw new AppError('CONFLICT', refusal);
      const problem = promiseProblem(input.amountXof, input.promisedOn, file.owed_xof - file.paid_xof, ctx.today());
      if (problem !== null) throw new AppError('VALIDATION_FAILED', problem);
      const id = randomUUID();
      const { rows } = await client.query<PromiseRow>(
        `INSERT INTO collection_promises (id, file_id, amount_xof, promised_on, paid_before_xof, status, created_by, created_at)
         VALUES ($1, $2, $3, $4, $5, 'pending', $6, $7) RETURNING ${promiseColumns}`,
        [id, fileId, input.amountXof, input.promisedOn, file.paid_xof, actorLabel(actor), ctx.now()],
      );
      await client.query(
        "INSERT INTO collection_file_events (file_id, kind, amount_xof, detail, actor) VALUES ($1, 'promise', $2, $3, $4)",
        [
          fileId,
          input.amountXof,
          { promiseId: id, status: 'pending', promisedOn: input.promisedOn, by: file.role },
          actorLabel(actor),
        ],
      );
      await pauseFile(client, file, 'promise', actor);
      await appendAudit(client, {
        actor: { accountId: actor.accountId, label: actorLabel(actor) },
        action: 'debt_collection.promise_made',
        subject: { type: 'collection_file', id: fileId },
        place: 'cloud',
        detail: { promiseId: id, amountXof: input.amountXof, promisedOn: input.promisedOn, by: file.role },
      });
      const row = rows[0];
      if (row === undefined) throw new Error('promise insert returned nothing');
      return promiseView(row);
    });
  } catch (error) {
    // Two creations raced past the lock-free moment of the unique index: the loser is a conflict, not a second row.
    if (isUniqueViolation(error)) throw new AppError('CONFLICT', onePending);
    throw error;
  }
}

/** Ends a pending promise (kept, broken, cancelled) on a locked file and resumes it; false when it was not pending. */
async function resolvePromise(
  client: pg.PoolClient,
  file: LockedFile,
  promiseId: string,
  to: 'kept' | 'broken' | 'cancelled',
  actor: LifecycleActor | string,
  now: Date,
): Promise<PromiseRow | undefined> {
  const { rows } = await client.query<PromiseRow>(
    `UPDATE collection_promises SET status = $3, resolved_at = $4 WHERE id = $1 AND file_id = $2 AND status = 'pending'
     RETURNING ${promiseColumns}`,
    [promiseId, file.id, to, now],
  );
  const row = rows[0];
  if (row === undefined) return undefined;
  await client.query(
    "INSERT INTO collection_file_events (file_id, kind, amount_xof, detail, actor) VALUES ($1, 'promise', $2, $3, $4)",
    [file.id, Number(row.amount_xof), { promiseId, status: to, promisedOn: row.promised_on }, actorLabel(actor)],
  );
  await appendAudit(client, {
    actor: typeof actor === 'string' ? { label: actor } : { accountId: actor.accountId, label: actorLabel(actor) },
    action: `debt_collection.promise_${to}`,
    subject: { type: 'collection_file', id: file.id },
    place: 'cloud',
    detail: { promiseId, amountXof: Number(row.amount_xof), promisedOn: row.promised_on },
  });
  await resumeFile(client, file, actor, `promise_${to}`);
  return row;
}

export async function cancelPromise(
  ctx: LifecycleContext,
  actor: LifecycleActor,
  fileId: string,
  promiseId: string,
): Promise<PromiseView> {
  return withTransaction(ctx.db.pool, async (client) => {
    const file = await lockFileFor(client, fileId, actor.ownerId, 'creditor');
    const cancelled = await resolvePromise(client, file, promiseId, 'cancelled', actor, ctx.now());
    if (cancelled !== undefined) return promiseView(cancelled);
    const { rows } = await client.query<PromiseRow>(
      `SELECT ${promiseColumns} FROM collection_promises WHERE id = $1 AND file_id = $2`,
      [promiseId, fileId],
    );
    const row = rows[0];
    if (row === undefined) throw new AppError('NOT_FOUND', 'Promesse introuvable.');
    if (row.status === 'cancelled') return promiseView(row);
    throw new AppError('CONFLICT', 'Cette promesse est déjà tenue ou rompue.');
  });
}

/** After a payment (in its transaction): the pending promise is kept once its amount came in, or the file is paid. */
export async function keepPromiseIfPaid(client: pg.PoolClient, file: LockedFile, now: Date): Promise<void> {
  const { rows } = await client.query<{ id: string; amount_xof: string; paid_before_xof: string }>(
    "SELECT id, amount_xof, paid_before_xof FROM collection_promises WHERE file_id = $1 AND status = 'pending'",
    [file.id],
  );
  const promise = rows[0];
  if (promise === undefined) return;
  const paidSince = file.paid_xof - Number(promise.paid_before_xof);
  const paidOff = (['paid'] as DebtStatus[]).includes(file.status) || file.paid_xof >= file.owed_xof;
  if (paidSince >= Number(promise.amount_xof) || paidOff)
    await resolvePromise(client, file, promise.id, 'kept', 'payment', now);
}

/**
 * The job's part: each pending promise whose day is past and not kept is broken (reminders resume, the creditor is
 * told once: the notification's key is the promise). Disputed files wait: a dispute pauses every job.
 */
export async function breakLatePromises(ctx: LifecycleContext, limit = 200): Promise<number> {
  const now = ctx.now();
  const today = ctx.today();
  const { rows } = await ctx.db.pool.query<{ id: string; file_id: string; promised_on: string }>(
    `SELECT p.id, p.file_id, to_char(p.promised_on, 'YYYY-MM-DD') AS promised_on FROM collection_promises p
       JOIN collection_files f ON f.id = p.file_id
      WHERE p.status = 'pending' AND p.promised_on < $1::date AND f.status IN ('open', 'in_reminder', 'promise', 'plan')
      ORDER BY p.promised_on, p.id LIMIT $2`,
    [today, limit],
  );
  let broken = 0;
  for (const candidate of rows) {
    if (!promiseIsLate(candidate.promised_on, today)) continue;
    const done = await withTransaction(ctx.db.pool, async (client) => {
      const file = await lockFile(client, candidate.file_id);
      if (file === undefined || !['open', 'in_reminder', 'promise', 'plan'].includes(file.status)) return false;
      const { rows: pending } = await client.query<{ amount_xof: string; paid_before_xof: string }>(
        "SELECT amount_xof, paid_before_xof FROM collection_promises WHERE id = $1 AND status = 'pending'",
        [candidate.id],
      );
      const promise = pending[0];
      if (promise === undefined) return false;
      // Paid in time but the payment's hook did not see it (an older path): kept, not broken.
      if (file.paid_xof - Number(promise.paid_before_xof) >= Number(promise.amount_xof) || file.status === 'paid') {
        await resolvePromise(client, file, candidate.id, 'kept', 'job:debt-lifecycle', now);
        return false;
      }
      await resolvePromise(client, file, candidate.id, 'broken', 'job:debt-lifecycle', now);
      await ctx.notify(client, {
        key: `debt-promise-broken:${candidate.id}`,
        type: 'debt.promise_broken',
        recipientId: file.creditor_id,
        data: {
          debtorName: clip(file.debtor_name, 160),
          label: clip(file.label, 200),
          promisedOn: candidate.promised_on,
          link: ctx.creditorLink(file.id),
        },
      });
      return true;
    });
    if (done) broken++;
  }
  return broken;
}
