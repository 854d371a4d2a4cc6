/**
 * What the lifecycle routes answer: a file's promises, plans, disputes and tasks, and the file itself (API.md
 * `DebtFile`, with its flags) after a dispute is resolved. Read with the pool, after the flow's transaction committed.
 */
import { Type } from '@sinclair/typebox';
import type { Database } from '../../platform/db/database.js';
import { Uuid } from '../../platform/http/schemas.js';
import { disputesOf } from './disputes.js';
import { plansOf } from './plans.js';
import { promiseColumns, promiseView, type PromiseRow } from './promises.js';
import { tasksOfFile } from './tasks.js';
import { fileSelect, fileView, type DebtFileView, type FileRow } from './file-view.js';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const Instant = Type.String({ format: 'date-time' });

export const PromiseSchema = Type.Object({
  id: Uuid,
  amountXof: Type.Integer(),
  promisedOn: Type.String(),
  status: Type.Union(['pending', 'kept', 'broken', 'cancelled'].map((s) => Type.Literal(s))),
  createdAt: Instant,
  resolvedAt: Nullable(Instant),
});
export const PlanSchema = Type.Object({
  id: Uuid,
  status: Type.Union(['active', 'completed', 'broken', 'cancelled'].map((s) => Type.Literal(s))),
  graceDays: Type.Integer(),
  instalments: Type.Array(
    Type.Object({ seq: Type.Integer(), dueOn: Type.String(), amountXof: Type.Integer(), coveredXof: Type.Integer() }),
  ),
  createdAt: Instant,
});
export const DisputeSchema = Type.Object({
  id: Uuid,
  reason: Type.String(),
  status: Type.Union(['open', 'upheld', 'rejected'].map((s) => Type.Literal(s))),
  resolution: Nullable(Type.String()),
  openedBy: Type.String(),
  openedAt: Instant,
  resolvedAt: Nullable(Instant),
});
export const TaskSchema = Type.Object({
  id: Uuid,
  fileId: Uuid,
  fileLabel: Type.String(),
  debtorName: Type.String(),
  kind: Type.Union(['call', 'letter', 'legal'].map((s) => Type.Literal(s))),
  stepKey: Nullable(Type.String()),
  dueOn: Type.String(),
  status: Type.Union(['open', 'done', 'cancelled'].map((s) => Type.Literal(s))),
  note: Nullable(Type.String()),
  assignedTo: Nullable(Uuid),
});
export const LifecycleSchema = Type.Object({
  promises: Type.Array(PromiseSchema),
  plans: Type.Array(PlanSchema),
  disputes: Type.Array(DisputeSchema),
  tasks: Type.Array(TaskSchema),
});

/** The file for its creditor (whole contact details, the same flags as every other answer: file-view.ts). */
export async function creditorFileView(db: Database, fileId: string): Promise<DebtFileView> {
  const { rows } = await db.pool.query<FileRow>(`${fileSelect} WHERE f.id = $1`, [fileId]);
  const row = rows[0];
  if (row === undefined) throw new Error('debt file vanished');
  return fileView(row, true);
}

/** A file's lifecycle for `me` (its creditor, agent through the creditor, or debtor); null for anyone else. */
export async function lifecycleOf(db: Database, fileId: string, me: string) {
  const { rows } = await db.pool.query<{ creditor_id: string | null; debtor_id: string | null; paid_xof: string }>(
    'SELECT creditor_id, debtor_id, paid_xof FROM collection_files WHERE id = $1',
    [fileId],
  );
  const file = rows[0];
  if (file === undefined || (file.creditor_id !== me && file.debtor_id !== me)) return null;
  const role = file.creditor_id === me ? 'creditor' : 'debtor';
  const promises = await db.pool.query<PromiseRow>(
    `SELECT ${promiseColumns} FROM collection_promises WHERE file_id = $1 ORDER BY created_at DESC, id LIMIT 100`,
    [fileId],
  );
  return {
    promises: promises.rows.map(promiseView),
    plans: await plansOf(db.pool, fileId, Number(file.paid_xof)),
    disputes: await disputesOf(db.pool, fileId),
    tasks: await tasksOfFile(db, fileId, role),
  };
}
