/**
 * Disputes (issue 26): the creditor or the debtor contests a file; everything pauses (status `disputed`: no reminder,
 * the promise and plan jobs wait, no new promise or plan). The creditor is told when the debtor opens one. The
 * creditor resolves it: upheld writes the file off (closed), rejected resumes it; the debtor is told either way. One
 * open dispute per file (a unique index).
 */
import { randomUUID } from 'node:crypto';
import { AppError } from '@ismail/shared';
import type pg from 'pg';
import { appendAudit } from '../../platform/audit/audit-log.js';
import { withTransaction } from '../../platform/db/transaction.js';
import { actorLabel, clip, type LifecycleActor, type LifecycleContext } from './lifecycle-context.js';
import { endFile, lockFileFor, pauseFile, resumeFile } from './lifecycle-status.js';

interface DisputeRow {
  id: string;
  reason: string;
  status: 'open' | 'upheld' | 'rejected';
  resolution: string | null;
  opened_by: string;
  opened_at: Date;
  resolved_at: Date | null;
}
const disputeColumns = 'id, reason, status, resolution, opened_by, opened_at, resolved_at';

export const disputeView = (r: DisputeRow) => ({
  id: r.id,
  reason: r.reason,
  status: r.status,
  resolution: r.resolution,
  openedBy: r.opened_by,
  openedAt: r.opened_at.toISOString(),
  resolvedAt: r.resolved_at?.toISOString() ?? null,
});
export type DisputeView = ReturnType<typeof disputeView>;

export async function disputesOf(client: pg.PoolClient | pg.Pool, fileId: string): Promise<DisputeView[]> {
  const { rows } = await client.query<DisputeRow>(
    `SELECT ${disputeColumns} FROM collection_disputes WHERE file_id = $1 ORDER BY opened_at DESC, id LIMIT 100`,
    [fileId],
  );
  return rows.map(disputeView);
}

const oneOpen = 'Une contestation est déjà ouverte sur ce dossier.';

export async function openDispute(
  ctx: LifecycleContext,
  actor: LifecycleActor,
  fileId: string,
  reason: string,
): Promise<DisputeView> {
  try {
    return await withTransaction(ctx.db.pool, async (client) => {
      const file = await lockFileFor(client, fileId, actor.ownerId, 'creditor_or_debtor');
      // ISMAIL's own advance (an offline overdraft) has no creditor to decide, and the wallet repays it by itself:
      // a dispute there would freeze the file with nobody able to settle it. It goes to ISMAIL's support instead.
      if (file.creditor_id === null)
        throw new AppError(
          'CONFLICT',
          'Cette avance d’ISMAIL se règle depuis votre portefeuille : pour la contester, écrivez au support ISMAIL.',
        );
      const { rows: open } = await client.query(
        "SELECT 1 FROM collection_disputes WHERE file_id = $1 AND status = 'open'",
        [fileId],
      );
      if (open.length > 0) throw new AppError('CONFLICT', oneOpen);
      await pauseFile(client, file, 'disputed', actor);
      const id = randomUUID();
      const { rows } = await client.query<DisputeRow>(
        `INSERT INTO collection_disputes (id, file_id, reason, opened_by, opened_at, status)
         VALUES ($1, $2, $3, $4, $5, 'open') RETURNING ${disputeColumns}`,
        [id, fileId, reason, file.role, ctx.now()],
      );
      await client.query(
        "INSERT INTO collection_file_events (file_id, kind, detail, actor) VALUES ($1, 'dispute', $2, $3)",
        [fileId, { disputeId: id, status: 'open', by: file.role, reason: clip(reason, 500) }, actorLabel(actor)],
      );
      await appendAudit(client, {
        actor: { accountId: actor.accountId, label: actorLabel(actor) },
        action: 'debt_collection.dispute_opened',
        subject: { type: 'collection_file', id: fileId },
        place: 'cloud',
        detail: { disputeId: id, by: file.role },
      });
      if (file.role === 'debtor')
        await ctx.notify(client, {
          key: `debt-dispute-opened:${id}`,
          type: 'debt.dispute_opened',
          recipientId: file.creditor_id,
          data: {
            debtorName: clip(file.debtor_name, 160),
            label: clip(file.label, 200),
            reason: clip(reason, 1000),
            link: ctx.creditorLink(fileId),
          },
        });
      const row = rows[0];
      if (row === undefined) throw new Error('dispute insert returned nothing');
      return disputeView(row);
    });
  } catch (error) {
    if ((error as { code?: string }).code === '23505') throw new AppError('CONFLICT', oneOpen);
    throw error;
  }
}

export async function resolveDispute(
  ctx: LifecycleContext,
  actor: LifecycleActor,
  fileId: string,
  disputeId: string,
  input: { outcome: 'upheld' | 'rejected'; resolution: string },
): Promise<DisputeView> {
  return withTransaction(ctx.db.pool, async (client) => {
    const file = await lockFileFor(client, fileId, actor.ownerId, 'creditor');
    const { rows } = await client.query<DisputeRow>(
      `UPDATE collection_disputes SET status = $3, resolution = $4, resolved_by = $5, resolved_at = $6
        WHERE id = $1 AND file_id = $2 AND status = 'open' RETURNING ${disputeColumns}`,
      [disputeId, fileId, input.outcome, input.resolution, actorLabel(actor), ctx.now()],
    );
    const row = rows[0];
    if (row === undefined) {
      const { rows: any } = await client.query('SELECT 1 FROM collection_disputes WHERE id = $1 AND file_id = $2', [
        disputeId,
        fileId,
      ]);
      if (any.length === 0) throw new AppError('NOT_FOUND', 'Contestation introuvable.');
      throw new AppError('CONFLICT', 'Cette contestation est déjà tranchée.');
    }
    await client.query(
      "INSERT INTO collection_file_events (file_id, kind, detail, actor) VALUES ($1, 'dispute', $2, $3)",
      [fileId, { disputeId, status: input.outcome, resolution: clip(input.resolution, 500) }, actorLabel(actor)],
    );
    if (input.outcome === 'upheld') {
      // The debt is not owed: what is live on it ends with it.
      await client.query(
        "UPDATE collection_promises SET status = 'cancelled', resolved_at = $2 WHERE file_id = $1 AND status = 'pending'",
        [fileId, ctx.now()],
      );
      await client.query(
        "UPDATE collection_plans SET status = 'cancelled', resolved_at = $2 WHERE file_id = $1 AND status = 'active'",
        [fileId, ctx.now()],
      );
      await endFile(client, file, 'written_off', actor, 'dispute_upheld');
    } else await resumeFile(client, file, actor, 'dispute_rejected');
    await appendAudit(client, {
      actor: { accountId: actor.accountId, label: actorLabel(actor) },
      action: `debt_collection.dispute_${input.outcome}`,
      subject: { type: 'collection_file', id: fileId },
      place: 'cloud',
      detail: { disputeId, status: file.status },
    });
    const { rows: creditor } = await client.query<{ name: string }>(
      "SELECT coalesce((SELECT display_name FROM accounts WHERE id = $1), 'ISMAIL') AS name",
      [file.creditor_id],
    );
    await ctx.notify(client, {
      key: `debt-dispute-resolved:${disputeId}`,
      type: 'debt.dispute_resolved',
      recipientId: file.debtor_id,
      data: {
        creditorName: clip(creditor[0]?.name ?? 'ISMAIL', 120),
        label: clip(file.label, 200),
        outcome: clip(
          `${input.outcome === 'upheld' ? 'Contestation acceptée : le dossier est abandonné.' : 'Contestation rejetée : la somme reste due.'} ${input.resolution}`,
          500,
        ),
        link: ctx.debtorLink(fileId),
      },
    });
    return disputeView(row);
  });
}
