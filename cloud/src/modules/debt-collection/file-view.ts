/**
 * The `DebtFile` shape of API.md, read in one SELECT: the file, its creditor's name ('ISMAIL' when the file is
 * ISMAIL's own, hence the LEFT JOIN) and its flags (a pending or broken promise, an active or broken plan, an open
 * dispute). The debtor's phone is whole for the creditor only. Never writes.
 */
import { Type } from '@sinclair/typebox';
import { Uuid } from '../../platform/http/schemas.js';

const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);

export const DebtFileSchema = Type.Object({
  id: Uuid,
  creditorId: Type.Union([Uuid, Type.Null()]),
  creditorName: Type.String(),
  debtorId: Type.Union([Uuid, Type.Null()]),
  debtorName: Type.String(),
  debtorPhone: Nullable(Type.String()),
  debtorEmail: Nullable(Type.String()),
  source: Type.Union((['invoice', 'lease_rent', 'overdraft', 'manual', 'import'] as const).map((s) => Type.Literal(s))),
  sourceRef: Type.String(),
  label: Type.String(),
  principalXof: Type.Integer(),
  feesXof: Type.Integer(),
  paidXof: Type.Integer(),
  leftXof: Type.Integer(),
  dueOn: Type.String(),
  status: Type.Union(
    (['open', 'in_reminder', 'promise', 'plan', 'disputed', 'paid', 'written_off', 'legal'] as const).map((s) =>
      Type.Literal(s),
    ),
  ),
  assignedAgentId: Type.Union([Uuid, Type.Null()]),
  scenarioId: Type.Union([Uuid, Type.Null()]),
  prescriptionOn: Type.String(),
  openedAt: Type.String({ format: 'date-time' }),
  closedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  flags: Type.Object({
    promise: Type.Union([Type.Literal('pending'), Type.Literal('broken'), Type.Null()]),
    plan: Type.Union([Type.Literal('active'), Type.Literal('broken'), Type.Null()]),
    disputed: Type.Boolean(),
  }),
});

export const DebtEventSchema = Type.Object({
  kind: Type.String(),
  amountXof: Type.Union([Type.Integer(), Type.Null()]),
  detail: Type.Record(Type.String(), Type.Unknown()),
  actor: Type.String(),
  at: Type.String({ format: 'date-time' }),
});

type Source = 'invoice' | 'lease_rent' | 'overdraft' | 'manual' | 'import';
type Status = 'open' | 'in_reminder' | 'promise' | 'plan' | 'disputed' | 'paid' | 'written_off' | 'legal';

export interface FileRow {
  id: string;
  creditor_id: string | null;
  creditor_name: string;
  debtor_id: string | null;
  debtor_name: string;
  debtor_phone: string | null;
  debtor_email: string | null;
  source: Source;
  source_ref: string;
  label: string;
  principal_xof: string;
  fees_xof: string;
  paid_xof: string;
  due_on: string;
  status: Status;
  assigned_agent_id: string | null;
  scenario_id: string | null;
  prescription_on: string;
  opened_at: Date;
  closed_at: Date | null;
  promise_flag: 'pending' | 'broken' | null;
  plan_flag: 'active' | 'broken' | null;
  disputed: boolean;
}

/**
 * Every file column and its flags; callers add WHERE/ORDER. A flag is the latest promise/plan's state when it is
 * pending/active, or broken (a broken one stays visible until a newer one replaces it).
 */
export const fileSelect = `SELECT f.id, f.creditor_id, coalesce(c.display_name, 'ISMAIL') AS creditor_name, f.debtor_id,
  f.debtor_name, f.debtor_phone, f.debtor_email, f.source, f.source_ref, f.label, f.principal_xof, f.fees_xof,
  f.paid_xof, to_char(f.due_on, 'YYYY-MM-DD') AS due_on, f.status, f.assigned_agent_id, f.scenario_id,
  to_char(f.prescription_on, 'YYYY-MM-DD') AS prescription_on, f.opened_at, f.closed_at,
  (SELECT CASE WHEN p.status IN ('pending', 'broken') THEN p.status END FROM collection_promises p
    WHERE p.file_id = f.id ORDER BY p.created_at DESC, p.id LIMIT 1) AS promise_flag,
  (SELECT CASE WHEN p.status = 'active' THEN 'active' WHEN p.status = 'broken' THEN 'broken' END
    FROM collection_plans p WHERE p.file_id = f.id ORDER BY p.created_at DESC, p.id LIMIT 1) AS plan_flag,
  EXISTS (SELECT 1 FROM collection_disputes d WHERE d.file_id = f.id AND d.status = 'open') AS disputed
  FROM collection_files f LEFT JOIN accounts c ON c.id = f.creditor_id`;

/** "+225 07 •• •• •• 12": enough for the debtor to recognise the number, not to copy it. */
export function maskPhone(phone: string | null): string | null {
  if (phone === null) return null;
  const digits = phone.replace(/^\+225/, '');
  return `+225 ${digits.slice(0, 2)} •• •• •• ${digits.slice(-2)}`;
}

export function fileView(r: FileRow, viewerIsCreditor: boolean) {
  const principalXof = Number(r.principal_xof);
  const feesXof = Number(r.fees_xof);
  const paidXof = Number(r.paid_xof);
  return {
    id: r.id,
    creditorId: r.creditor_id,
    creditorName: r.creditor_name,
    debtorId: r.debtor_id,
    debtorName: r.debtor_name,
    debtorPhone: viewerIsCreditor ? r.debtor_phone : maskPhone(r.debtor_phone),
    debtorEmail: r.debtor_email,
    source: r.source,
    sourceRef: r.source_ref,
    label: r.label,
    principalXof,
    feesXof,
    paidXof,
    leftXof: principalXof + feesXof - paidXof,
    dueOn: r.due_on,
    status: r.status,
    assignedAgentId: r.assigned_agent_id,
    scenarioId: r.scenario_id,
    prescriptionOn: r.prescription_on,
    openedAt: r.opened_at.toISOString(),
    closedAt: r.closed_at?.toISOString() ?? null,
    flags: { promise: r.promise_flag, plan: r.plan_flag, disputed: r.disputed },
  };
}

export type DebtFileView = ReturnType<typeof fileView>;

/** Who may read a file: its creditor (or the creditor's staff, through ownerOf), its debtor, its assigned agent. */
export const readableBy = (fileAlias: string, ownerParam: string, selfParam: string): string =>
  `(${fileAlias}.creditor_id = ${ownerParam} OR ${fileAlias}.debtor_id = ${selfParam} OR ${fileAlias}.debtor_id = ${ownerParam}
    OR ${fileAlias}.assigned_agent_id = ${selfParam})`;
