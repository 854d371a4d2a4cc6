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
export const DebtFileSchema = Type.Object({
  id: Uuid,
  creditorId: Nullable(Uuid),
  creditorName: Type.String(),
  debtorId: Nullable(Uuid),
  debtorName: Type.String(),
  debtorPhone: Nullable(Type.String()),
  debtorEmail: Nullable(Type.String()),
  source: Type.String(),
  sourceRef: Type.String(),
  label: Type.String(),
  principalXof: Type.Integer(),
  feesXof: Type.Integer(),
  paidXof: Type.Integer(),
  leftXof: Type.Integer(),
  dueOn: Type.String(),
  status: Type.String(),
  assignedAgentId: Nullable(Uuid),
  scenarioId: Nullable(Uuid),
  prescriptionOn: Type.String(),
  openedAt: Instant,
  closedAt: Nullable(Instant),
  flags: Type.Object({
    promise: Nullable(Type.Union([Type.Literal('pending'), Type.Literal('broken')])),
    plan: Nullable(Type.Union([Type.Literal('active'), Type.Literal('broken')])),
    disputed: Type.Boolean(),
  }),
});

/** The file for its creditor: whole contact details (the creditor entered them), flags from the latest records. */
export async function creditorFileView(db: Database, fileId: string) {
  const { rows } = await db.pool.query<{
    id: string;
    creditor_id: string | null;
    creditor_name: string;
    debtor_id: string | null;
    debtor_name: string;
    debtor_phone: string | null;
    debtor_email: string | null;
    source: string;
    source_ref: string;
    label: string;
    principal_xof: string;
    fees_xof: string;
    paid_xof: string;
    due_on: string;
    status: string;
    assigned_agent_id: string | null;
    scenario_id: string | null;
    prescription_on: string;
    opened_at: Date;
    closed_at: Date | null;
    promise: string | null;
    plan: string | null;
    disputed: boolean;
  }>(
    `SELECT f.id, f.creditor_id, coalesce(a.display_name, 'ISMAIL') AS creditor_name, f.debtor_id, f.debtor_name,
        f.debtor_phone, f.debtor_email, f.source, f.source_ref, f.label, f.principal_xof, f.fees_xof, f.paid_xof,
        to_char(f.due_on, 'YYYY-MM-DD') AS due_on, f.status, f.assigned_agent_id, f.scenario_id,
        to_char(f.prescription_on, 'YYYY-MM-DD') AS prescription_on, f.opened_at, f.closed_at,
        (SELECT p.status FROM collection_promises p WHERE p.file_id = f.id AND p.status IN ('pending', 'broken')
          ORDER BY p.created_at DESC LIMIT 1) AS promise,
        (SELECT p.status FROM collection_plans p WHERE p.file_id = f.id AND p.status IN ('active', 'broken')
          ORDER BY p.created_at DESC LIMIT 1) AS plan,
        EXISTS (SELECT 1 FROM collection_disputes d WHERE d.file_id = f.id AND d.status = 'open') AS disputed
       FROM collection_files f LEFT JOIN accounts a ON a.id = f.creditor_id WHERE f.id = $1`,
    [fileId],
  );
  const r = rows[0];
  if (r === undefined) throw new Error('debt file vanished');
  const owed = Number(r.principal_xof) + Number(r.fees_xof);
  return {
    id: r.id,
    creditorId: r.creditor_id,
    creditorName: r.creditor_name,
    debtorId: r.debtor_id,
    debtorName: r.debtor_name,
    debtorPhone: r.debtor_phone,
    debtorEmail: r.debtor_email,
    source: r.source,
    sourceRef: r.source_ref,
    label: r.label,
    principalXof: Number(r.principal_xof),
    feesXof: Number(r.fees_xof),
    paidXof: Number(r.paid_xof),
    leftXof: owed - Number(r.paid_xof),
    dueOn: r.due_on,
    status: r.status,
    assignedAgentId: r.assigned_agent_id,
    scenarioId: r.scenario_id,
    prescriptionOn: r.prescription_on,
    openedAt: r.opened_at.toISOString(),
    closedAt: r.closed_at?.toISOString() ?? null,
    flags: {
      // A live promise or plan only: once it ended another way (kept, completed, cancelled), no flag.
      promise: r.promise === 'pending' || r.promise === 'broken' ? r.promise : null,
      plan: r.plan === 'active' || r.plan === 'broken' ? r.plan : null,
      disputed: r.disputed,
    },
  };
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
