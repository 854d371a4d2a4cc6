/**
 * /v1/debt-files: the files of the caller as creditor (default) or as debtor, latest first, and one file with its
 * history. Only the file's creditor (or its staff) and its debtor read it; anyone else gets 404, not a hint that it
 * exists.
 */
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { AppError } from '@ismail/shared';
import type { Database } from '../../platform/db/database.js';
import { Uuid, withErrors } from '../../platform/http/schemas.js';
import { ownerOf } from '../identity/request-owner.js';

const access = { resource: 'debt_collection', action: 'read', needsSecondFactor: false } as const;
const tags = ['debt-collection'];
/** A page of files: enough for a screen, bounded for a phone. */
export const debtFilePageMax = 100;

const DebtFileSchema = Type.Object({
  id: Uuid,
  creditorId: Uuid,
  creditorName: Type.String(),
  debtorId: Type.Union([Uuid, Type.Null()]),
  debtorName: Type.String(),
  source: Type.String(),
  sourceRef: Type.String(),
  label: Type.String(),
  principalXof: Type.Integer(),
  feesXof: Type.Integer(),
  paidXof: Type.Integer(),
  leftXof: Type.Integer(),
  dueOn: Type.String(),
  status: Type.String(),
  prescriptionOn: Type.String(),
  openedAt: Type.String({ format: 'date-time' }),
  closedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});
const DebtEventSchema = Type.Object({
  kind: Type.String(),
  amountXof: Type.Union([Type.Integer(), Type.Null()]),
  detail: Type.Record(Type.String(), Type.Unknown()),
  actor: Type.String(),
  at: Type.String({ format: 'date-time' }),
});

interface FileRow {
  id: string;
  creditor_id: string;
  creditor_name: string;
  debtor_id: string | null;
  debtor_name: string;
  source: string;
  source_ref: string;
  label: string;
  principal_xof: string;
  fees_xof: string;
  paid_xof: string;
  due_on: string;
  status: string;
  prescription_on: string;
  opened_at: Date;
  closed_at: Date | null;
}

const fileSelect = `SELECT f.id, f.creditor_id, coalesce(a.display_name, '') AS creditor_name, f.debtor_id, f.debtor_name,
  f.source, f.source_ref, f.label, f.principal_xof, f.fees_xof, f.paid_xof, to_char(f.due_on, 'YYYY-MM-DD') AS due_on,
  f.status, to_char(f.prescription_on, 'YYYY-MM-DD') AS prescription_on, f.opened_at, f.closed_at
  FROM collection_files f JOIN accounts a ON a.id = f.creditor_id`;

const view = (r: FileRow) => ({
  id: r.id,
  creditorId: r.creditor_id,
  creditorName: r.creditor_name,
  debtorId: r.debtor_id,
  debtorName: r.debtor_name,
  source: r.source,
  sourceRef: r.source_ref,
  label: r.label,
  principalXof: Number(r.principal_xof),
  feesXof: Number(r.fees_xof),
  paidXof: Number(r.paid_xof),
  leftXof: Number(r.principal_xof) + Number(r.fees_xof) - Number(r.paid_xof),
  dueOn: r.due_on,
  status: r.status,
  prescriptionOn: r.prescription_on,
  openedAt: r.opened_at.toISOString(),
  closedAt: r.closed_at?.toISOString() ?? null,
});

export function debtFileRoutes(db: Database) {
  return async (instance: FastifyInstance): Promise<void> => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();
    app.get(
      '/v1/debt-files',
      {
        config: { access },
        schema: {
          tags,
          summary: 'My debt files as creditor (default) or as debtor, latest first',
          operationId: 'myDebtFiles',
          querystring: Type.Object(
            { role: Type.Optional(Type.Union([Type.Literal('creditor'), Type.Literal('debtor')])) },
            { additionalProperties: false },
          ),
          response: withErrors({ 200: Type.Object({ files: Type.Array(DebtFileSchema) }) }),
        },
      },
      async (request) => {
        const me = await ownerOf(db, request);
        const column = request.query.role === 'debtor' ? 'f.debtor_id' : 'f.creditor_id';
        const { rows } = await db.pool.query<FileRow>(
          `${fileSelect} WHERE ${column} = $1 ORDER BY f.opened_at DESC, f.id LIMIT ${String(debtFilePageMax)}`,
          [me],
        );
        return { files: rows.map(view) };
      },
    );
    app.get(
      '/v1/debt-files/:fileId',
      {
        config: { access },
        schema: {
          tags,
          summary: 'One debt file with its whole history (its creditor or debtor only)',
          operationId: 'debtFile',
          params: Type.Object({ fileId: Uuid }),
          response: withErrors({
            200: Type.Object({ file: DebtFileSchema, events: Type.Array(DebtEventSchema) }),
          }),
        },
      },
      async (request) => {
        const me = await ownerOf(db, request);
        const { rows } = await db.pool.query<FileRow>(
          `${fileSelect} WHERE f.id = $1 AND (f.creditor_id = $2 OR f.debtor_id = $2)`,
          [request.params.fileId, me],
        );
        const file = rows[0];
        if (file === undefined) throw new AppError('NOT_FOUND', 'Dossier introuvable.');
        const events = await db.pool.query<{
          kind: string;
          amount_xof: string | null;
          detail: Record<string, unknown>;
          actor: string;
          at: Date;
        }>(
          'SELECT kind, amount_xof, detail, actor, at FROM collection_file_events WHERE file_id = $1 ORDER BY id LIMIT 1000',
          [file.id],
        );
        return {
          file: view(file),
          events: events.rows.map((e) => ({
            kind: e.kind,
            amountXof: e.amount_xof === null ? null : Number(e.amount_xof),
            detail: e.detail,
            actor: e.actor,
            at: e.at.toISOString(),
          })),
        };
      },
    );
  };
}
