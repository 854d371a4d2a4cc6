/**
 * /v1/debt-files (read): the caller's files as creditor (default) or as debtor, latest first, 100 a page with a
 * cursor, filtered by status and a search; and one file with its history. Only the file's creditor (or its staff), its
 * debtor and its assigned agent read it; anyone else gets 404, not a hint that it exists. Never writes.
 */
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { AppError } from '@ismail/shared';
import type { Database } from '../../platform/db/database.js';
import { principalOf } from '../../platform/http/access-plugin.js';
import { Uuid, withErrors } from '../../platform/http/schemas.js';
import { ownerOf } from '../identity/request-owner.js';
import { DebtEventSchema, DebtFileSchema, fileSelect, fileView, readableBy, type FileRow } from './file-view.js';

const access = { resource: 'debt_collection', action: 'read', needsSecondFactor: false } as const;
const tags = ['debt-collection'];
/** A page of files: enough for a screen, bounded for a phone. */
export const debtFilePageMax = 100;
/** A file's history shown at once: a file with more events than this is an anomaly, not a use case. */
const eventsMax = 1000;

const StatusFilter = Type.Union(
  (['open', 'in_reminder', 'promise', 'plan', 'disputed', 'paid', 'written_off', 'legal', 'active'] as const).map((s) =>
    Type.Literal(s),
  ),
);

/** The cursor is the last file's (openedAt, id), opaque to the client. */
const encodeCursor = (openedAt: Date, id: string): string =>
  Buffer.from(`${openedAt.toISOString()}|${id}`, 'utf8').toString('base64url');
function decodeCursor(cursor: string): { at: string; id: string } {
  const [at, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  if (at === undefined || id === undefined || Number.isNaN(Date.parse(at)) || !/^[0-9a-f-]{36}$/.test(id))
    throw new AppError('VALIDATION_FAILED', 'Curseur de pagination invalide.');
  return { at, id };
}

/** The file as its reader may see it, or 404 (not theirs, or not a file). */
export async function readableFile(db: Database, fileId: string, owner: string, self: string) {
  const { rows } = await db.pool.query<FileRow>(`${fileSelect} WHERE f.id = $1 AND ${readableBy('f', '$2', '$3')}`, [
    fileId,
    owner,
    self,
  ]);
  const file = rows[0];
  if (file === undefined) throw new AppError('NOT_FOUND', 'Dossier introuvable.');
  return fileView(file, file.creditor_id === owner);
}

export function debtFileRoutes(db: Database) {
  return async (instance: FastifyInstance): Promise<void> => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();
    app.get(
      '/v1/debt-files',
      {
        config: { access },
        schema: {
          tags,
          summary:
            'My debt files as creditor (default) or as debtor, latest first, 100 a page (status: one status or "active"; q: name, label, phone or reference)',
          operationId: 'myDebtFiles',
          querystring: Type.Object(
            {
              role: Type.Optional(Type.Union([Type.Literal('creditor'), Type.Literal('debtor')])),
              status: Type.Optional(StatusFilter),
              q: Type.Optional(Type.String({ maxLength: 80 })),
              cursor: Type.Optional(Type.String({ maxLength: 200 })),
            },
            { additionalProperties: false },
          ),
          response: withErrors({
            200: Type.Object({
              files: Type.Array(DebtFileSchema),
              nextCursor: Type.Union([Type.String(), Type.Null()]),
            }),
          }),
        },
      },
      async (request) => {
        const owner = await ownerOf(db, request);
        const self = principalOf(request).principal.accountId;
        const { role, status, q, cursor } = request.query;
        const where: string[] = [];
        const params: unknown[] = [];
        const param = (value: unknown): string => `$${String(params.push(value))}`;
        if (role === 'debtor') where.push(`f.debtor_id IN (${param(self)}, ${param(owner)})`);
        else where.push(`(f.creditor_id = ${param(owner)} OR f.assigned_agent_id = ${param(self)})`);
        if (status === 'active') where.push("f.status NOT IN ('paid', 'written_off')");
        else if (status !== undefined) where.push(`f.status = ${param(status)}`);
        const search = q?.trim() ?? '';
        if (search !== '') {
          const like = param(`%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
          where.push(
            `(services_fold(f.debtor_name) LIKE services_fold(${like}) OR services_fold(f.label) LIKE services_fold(${like})
              OR f.debtor_phone LIKE ${like} OR f.source_ref LIKE ${like})`,
          );
        }
        if (cursor !== undefined) {
          const after = decodeCursor(cursor);
          where.push(`(f.opened_at, f.id) < (${param(after.at)}::timestamptz, ${param(after.id)}::uuid)`);
        }
        const { rows } = await db.pool.query<FileRow>(
          `${fileSelect} WHERE ${where.join(' AND ')} ORDER BY f.opened_at DESC, f.id DESC
            LIMIT ${String(debtFilePageMax + 1)}`,
          params,
        );
        const page = rows.slice(0, debtFilePageMax);
        const last = page.at(-1);
        return {
          files: page.map((r) => fileView(r, r.creditor_id === owner)),
          nextCursor:
            rows.length > debtFilePageMax && last !== undefined ? encodeCursor(last.opened_at, last.id) : null,
        };
      },
    );
    app.get(
      '/v1/debt-files/:fileId',
      {
        config: { access },
        schema: {
          tags,
          summary: 'One debt file with its whole history (its creditor, debtor or assigned agent only)',
          operationId: 'debtFile',
          params: Type.Object({ fileId: Uuid }),
          response: withErrors({
            200: Type.Object({ file: DebtFileSchema, events: Type.Array(DebtEventSchema) }),
          }),
        },
      },
      async (request) => {
        const owner = await ownerOf(db, request);
        const file = await readableFile(db, request.params.fileId, owner, principalOf(request).principal.accountId);
        const events = await db.pool.query<{
          kind: string;
          amount_xof: string | null;
          detail: Record<string, unknown>;
          actor: string;
          at: Date;
        }>(
          `SELECT kind, amount_xof, detail, actor, at FROM collection_file_events WHERE file_id = $1 ORDER BY id
            LIMIT ${String(eventsMax)}`,
          [file.id],
        );
        return {
          file,
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
