/**
 * Documents' routes (issue 27): the download of a signed link by its one viewer, a fresh link for a document's owner,
 * the caller's export jobs. A link alone opens nothing: the signed-in session must be the link's viewer.
 */
import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { AppError } from '@ismail/shared';
import { appendAudit } from '../../platform/audit/audit-log.js';
import type { Database } from '../../platform/db/database.js';
import { withTransaction } from '../../platform/db/transaction.js';
import type { PgExportJobs } from '../../platform/documents/export-jobs.js';
import type { SignedDocumentLinks } from '../../platform/documents/links.js';
import type { PgDocumentStore } from '../../platform/documents/store.js';
import type { DocumentKind } from '../../platform/documents/types.js';
import { principalOf } from '../../platform/http/access-plugin.js';
import { Uuid, withErrors } from '../../platform/http/schemas.js';
import { ownerOf } from '../identity/request-owner.js';

/** A person's own papers: only that account (and admins) get links to them, not the partner's staff. */
const personalKinds: ReadonlySet<DocumentKind> = new Set<DocumentKind>(['kyc', 'data_export']);
const access = { resource: 'documents', action: 'read', needsSecondFactor: false } as const;
const tags = ['documents'];

/** The link refusals: codes of their own (the portal tells « lien expiré » from « ce lien n'est pas pour vous »). */
const LinkErrorSchema = Type.Object({
  error: Type.Object({
    code: Type.Union([Type.Literal('LINK_NOT_YOURS'), Type.Literal('LINK_INVALID'), Type.Literal('LINK_EXPIRED')]),
    message: Type.String({ maxLength: 500 }),
    requestId: Type.String({ maxLength: 100 }),
  }),
});
const linkRefusals = {
  not_yours: { status: 403, code: 'LINK_NOT_YOURS', message: 'Ce lien a été créé pour une autre personne.' },
  invalid: { status: 403, code: 'LINK_INVALID', message: "Ce lien n'est pas valide." },
  expired: { status: 410, code: 'LINK_EXPIRED', message: 'Ce lien a expiré : demandez-en un nouveau.' },
} as const;

const JobSchema = Type.Object({
  id: Uuid,
  kind: Type.String(),
  label: Type.String(),
  status: Type.Union([Type.Literal('queued'), Type.Literal('running'), Type.Literal('done'), Type.Literal('failed')]),
  doneRows: Type.Integer({ minimum: 0 }),
  totalRows: Type.Union([Type.Integer({ minimum: 0 }), Type.Null()]),
  etaSeconds: Type.Union([Type.Integer({ minimum: 0 }), Type.Null()]),
  createdAt: Type.String({ format: 'date-time' }),
  finishedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  error: Type.Union([Type.String(), Type.Null()]),
  downloadUrl: Type.Union([Type.String(), Type.Null()]),
});

/** RFC 6266/5987: the name as typed, UTF-8, plus an ASCII fallback for old clients. */
function contentDisposition(filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}

export function documentRoutes(
  db: Database,
  store: PgDocumentStore,
  links: SignedDocumentLinks,
  exportJobs: PgExportJobs,
) {
  return async (instance: FastifyInstance): Promise<void> => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();

    app.get(
      '/v1/documents/:documentId/content',
      {
        config: { access },
        schema: {
          tags,
          summary: 'Downloads a document through its signed link, for the signed-in person the link was made for',
          operationId: 'documentContent',
          params: Type.Object({ documentId: Uuid }),
          querystring: Type.Object({ link: Type.String({ minLength: 1, maxLength: 200 }) }),
          response: { 403: LinkErrorSchema, 410: LinkErrorSchema, ...withErrors({}) },
        },
      },
      async (request, reply) => {
        const { principal } = principalOf(request);
        const { documentId } = request.params;
        const check = links.verify(request.query.link, documentId, principal.accountId);
        if (!check.ok) return refuseLink(request, reply, check.reason);
        const opened = await store.open(documentId);
        if (opened === null) throw new AppError('NOT_FOUND', "Ce document n'existe plus.");
        await withTransaction(db.pool, (client) =>
          appendAudit(client, {
            actor: { accountId: principal.accountId, label: principal.accountId },
            action: 'document.downloaded',
            subject: { type: 'document', id: documentId },
            place: request.ip,
            detail: { kind: opened.document.kind, viewer: principal.accountId },
          }),
        );
        // The bytes are a stream, not the schema's JSON: the untyped reply sends them as they are read.
        return (reply as FastifyReply)
          .header('cache-control', 'private, no-store')
          .header('content-disposition', contentDisposition(opened.document.filename))
          .header('content-length', String(opened.document.sizeBytes))
          .header('x-content-type-options', 'nosniff')
          .type(opened.document.contentType)
          .send(opened.body);
      },
    );

    app.post(
      '/v1/documents/:documentId/links',
      {
        config: { access },
        schema: {
          tags,
          summary: 'A fresh 10-minute download link to one of my documents (admins: any document)',
          operationId: 'documentLink',
          params: Type.Object({ documentId: Uuid }),
          response: withErrors({
            200: Type.Object({ url: Type.String(), expiresAt: Type.String({ format: 'date-time' }) }),
          }),
        },
      },
      async (request) => {
        const { principal, scope } = principalOf(request);
        const document = await store.describe(request.params.documentId);
        // Staff act for their partner on business documents, never on the person's own papers (identity, data export).
        const owner =
          scope === 'all'
            ? null
            : document !== null && personalKinds.has(document.kind)
              ? principal.accountId
              : await ownerOf(db, request);
        // Someone else's document and one that does not exist answer the same: its existence is not told.
        if (document === null || (owner !== null && document.ownerAccountId !== owner))
          throw new AppError('NOT_FOUND', "Ce document n'existe pas.");
        const { token, expiresAt } = links.token({ documentId: document.id, viewerAccountId: principal.accountId });
        return { url: `/v1/documents/${document.id}/content?link=${token}`, expiresAt: expiresAt.toISOString() };
      },
    );

    app.get(
      '/v1/export-jobs',
      {
        config: { access },
        schema: {
          tags,
          summary: 'My export jobs, newest first (at most 50), with their progress and download link',
          operationId: 'exportJobs',
          response: withErrors({ 200: Type.Object({ jobs: Type.Array(JobSchema, { maxItems: 50 }) }) }),
        },
      },
      async (request) => ({ jobs: await exportJobs.list(principalOf(request).principal.accountId) }),
    );

    app.get(
      '/v1/export-jobs/:jobId',
      {
        config: { access },
        schema: {
          tags,
          summary: "One of my export jobs: status, rows done and expected, time left, the file's link once done",
          operationId: 'exportJob',
          params: Type.Object({ jobId: Uuid }),
          response: withErrors({ 200: JobSchema }),
        },
      },
      async (request) => {
        const job = await exportJobs.view(request.params.jobId, principalOf(request).principal.accountId);
        if (job === null) throw new AppError('NOT_FOUND', "Cet export n'existe pas.");
        return job;
      },
    );
  };
}

function refuseLink(request: FastifyRequest, reply: FastifyReply, reason: keyof typeof linkRefusals): FastifyReply {
  const refusal = linkRefusals[reason];
  request.log.info({ code: refusal.code }, 'request refused');
  return reply
    .status(refusal.status)
    .header('cache-control', 'private, no-store')
    .send({ error: { code: refusal.code, message: refusal.message, requestId: request.id } });
}
