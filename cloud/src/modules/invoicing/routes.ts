/**
 * Invoices over HTTP (SPEC 3.7): a draft is created and changed freely; issuing validates,
 * numbers and freezes it; an issued invoice is corrected only by a credit note: PUT and
 * DELETE answer 409 for it. Issuers see their own invoices (partner staff their partner's);
 * admins see all. The seller is always the issuer's own identity from its account (address,
 * NCC, RCCM, phone: invoice-seller.ts sets them), never the one a body names: a body may leave
 * the seller out or echo that identity, and one naming anyone else is refused with
 * INVOICE_SELLER_NOT_YOURS (issue 20.5). An admin drafts for a partner only by naming it
 * (`onBehalfOf`): the partner is the issuer and seller, and each step is audited as the
 * admin acting on its behalf.
 */
import { PassThrough } from 'node:stream';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import {
  AppError,
  InvoiceDraftSchema,
  SellerSchema,
  type InvoiceDraft,
  type Principal,
  type Seller,
} from '@ismail/shared';
import type pg from 'pg';
import { appendAudit } from '../../platform/audit/audit-log.js';
import type { Database } from '../../platform/db/database.js';
import { actingOwner } from '../identity/owner.js';
import { withTransaction } from '../../platform/db/transaction.js';
import { principalOf } from '../../platform/http/access-plugin.js';
import {
  createDraft,
  creditInvoice,
  issueInvoice,
  registerPattern,
  toRecord,
  updateDraft,
  type InvoiceRecord,
} from './invoices.js';
import { exportInvoice, invoiceFormats } from './render/export.js';
import { sellerFromRequest, sellerIdentity, sellerLogo } from './seller-identity.js';
import { invoiceSellerRoutes } from './seller-routes.js';
import { monthlyTaxReport } from './tax-report.js';
import { periodLines, writeLinesXlsx } from './render/xlsx-stream.js';
import { Uuid, withErrors } from '../../platform/http/schemas.js';

const access = (action: 'read' | 'write' | 'modify' | 'delete') =>
  ({ resource: 'invoices', action, needsSecondFactor: false }) as const;
const adminProfiles = new Set(['hyper_admin', 'super_admin', 'admin']);
/** A draft as a caller sends it: the seller optional, and only ever the caller's own (sellerFromRequest). */
const RequestDocumentSchema = Type.Object(
  {
    ...InvoiceDraftSchema.properties,
    seller: Type.Optional(Type.Partial(SellerSchema, { additionalProperties: false })),
  },
  { additionalProperties: false },
);
type RequestDocument = Omit<InvoiceDraft, 'seller'> & { seller?: Partial<Seller> };

export function invoiceRoutes(db: Database, publicUrl: string) {
  return async (instance: FastifyInstance): Promise<void> => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();
    const ownerOf = (principal: Principal): Promise<string> => actingOwner(db, principal);
    const actorOf = (request: FastifyRequest) => {
      const { principal } = principalOf(request);
      return { accountId: principal.accountId, label: principal.profile, place: `ip:${request.ip}` };
    };
    /** The invoice if the caller may see it; 404 otherwise (no hint that it exists). */
    async function visible(request: FastifyRequest, id: string): Promise<InvoiceRecord> {
      const { principal } = principalOf(request);
      const { rows } = await db.pool.query('SELECT * FROM invoices WHERE id = $1', [id]);
      const row = rows[0] as Parameters<typeof toRecord>[0] | undefined;
      if (row === undefined) throw new AppError('NOT_FOUND', 'No such invoice.');
      const record = toRecord(row);
      if (!adminProfiles.has(principal.profile) && record.issuerAccountId !== (await ownerOf(principal)))
        throw new AppError('NOT_FOUND', 'No such invoice.');
      return record;
    }
    /**
     * The draft with the issuer's own verified identity as seller (issues 19.8, 20.5); from
     * the body only which establishment and till (FNE) it is issued from. A body naming any
     * other seller is refused.
     */
    async function withIssuerSeller(issuerAccountId: string, document: RequestDocument): Promise<InvoiceDraft> {
      return {
        ...document,
        seller: sellerFromRequest(await sellerIdentity(db.pool, issuerAccountId), document.seller),
      };
    }
    /** Whom an admin drafts for: an existing account that issues in its own name (not an admin, not a staff member). */
    async function onBehalfTarget(accountId: string): Promise<string> {
      const { rows } = await db.pool.query<{ profile: string; staff_of: string | null }>(
        'SELECT profile, staff_of FROM accounts WHERE id = $1',
        [accountId],
      );
      const row = rows[0];
      if (row === undefined) throw new AppError('NOT_FOUND', 'No such account to issue for.');
      if (adminProfiles.has(row.profile) || row.staff_of !== null)
        throw new AppError(
          'VALIDATION_FAILED',
          'onBehalfOf names the account that sells: a partner (or its owner account), never an admin or a staff member.',
        );
      return accountId;
    }
    /** Audits a step an account took on an invoice issued in another's name (an admin, a partner's staff). */
    async function auditOnBehalf(
      client: pg.PoolClient,
      request: FastifyRequest,
      action: string,
      invoiceId: string,
      issuerAccountId: string,
    ): Promise<void> {
      const actor = actorOf(request);
      if (actor.accountId === issuerAccountId) return;
      await appendAudit(client, {
        actor: { accountId: actor.accountId, label: actor.label },
        action,
        subject: { type: 'invoice', id: invoiceId },
        place: actor.place,
        detail: { onBehalfOf: issuerAccountId },
      });
    }
    const Params = Type.Object({ invoiceId: Uuid });
    const tags = ['invoices'];
    await app.register(invoiceSellerRoutes(db));

    app.post(
      '/v1/invoices',
      {
        config: { access: access('write') },
        schema: {
          tags,
          summary: 'Create a draft invoice (the seller is the issuer; an admin names the partner it drafts for)',
          operationId: 'createInvoice',
          body: Type.Object(
            {
              register: Type.Optional(Type.String({ pattern: registerPattern.source })),
              onBehalfOf: Type.Optional(Uuid),
              document: RequestDocumentSchema,
            },
            { additionalProperties: false },
          ),
          response: withErrors({}),
        },
      },
      async (request, reply) => {
        const { principal } = principalOf(request);
        const body = request.body;
        if (body.document.kind !== 'invoice')
          throw new AppError('VALIDATION_FAILED', 'credit notes are made with POST /v1/invoices/{id}/credit-notes');
        const admin = adminProfiles.has(principal.profile);
        if (body.onBehalfOf !== undefined && !admin)
          throw new AppError('FORBIDDEN', 'Only an admin drafts an invoice on behalf of another account.');
        // An admin is not a seller: it drafts for the partner it names, or not at all.
        if (admin && body.onBehalfOf === undefined)
          throw new AppError(
            'INVOICE_SELLER_NOT_YOURS',
            'An admin drafts an invoice for a partner: name it with onBehalfOf.',
          );
        const owner = body.onBehalfOf === undefined ? await ownerOf(principal) : await onBehalfTarget(body.onBehalfOf);
        const document = await withIssuerSeller(owner, body.document);
        const draft = await withTransaction(db.pool, async (c) => {
          const created = await createDraft(c, {
            issuerAccountId: owner,
            register: body.register ?? 'cloud',
            document,
            createdBy: principal.accountId,
          });
          await auditOnBehalf(c, request, 'invoice.drafted', created.id, owner);
          return created;
        });
        return reply.status(201).send(draft);
      },
    );

    app.get(
      '/v1/invoices/:invoiceId',
      {
        config: { access: access('read') },
        schema: { tags, summary: 'An invoice', operationId: 'getInvoice', params: Params },
      },
      async (request) => visible(request, request.params.invoiceId),
    );

    app.get(
      '/v1/invoices',
      {
        config: { access: access('read') },
        schema: {
          tags,
          summary: 'My invoices, newest first, with filters',
          operationId: 'listInvoices',
          querystring: Type.Object(
            {
              status: Type.Optional(Type.Union([Type.Literal('draft'), Type.Literal('held'), Type.Literal('issued')])),
              from: Type.Optional(Type.String({ format: 'date-time' })),
              to: Type.Optional(Type.String({ format: 'date-time' })),
              minGrossXof: Type.Optional(Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER })),
              limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
            },
            { additionalProperties: false },
          ),
        },
      },
      async (request) => {
        const { principal } = principalOf(request);
        const q = request.query;
        const all = adminProfiles.has(principal.profile);
        const { rows } = await db.pool.query(
          `SELECT * FROM invoices WHERE ($1::boolean OR issuer_account_id = $2) AND ($3::text IS NULL OR status = $3)
             AND ($4::timestamptz IS NULL OR coalesce(issued_at, created_at) >= $4) AND ($5::timestamptz IS NULL OR coalesce(issued_at, created_at) < $5)
             AND ($6::bigint IS NULL OR (totals->>'grossXof')::bigint >= $6)
           ORDER BY created_at DESC LIMIT $7`,
          [
            all,
            await ownerOf(principal),
            q.status ?? null,
            q.from ?? null,
            q.to ?? null,
            q.minGrossXof ?? null,
            q.limit ?? 50,
          ],
        );
        return { invoices: rows.map((r) => toRecord(r as Parameters<typeof toRecord>[0])) };
      },
    );

    app.get(
      '/v1/invoices/reports/tax',
      {
        config: { access: access('read') },
        schema: {
          tags,
          summary: 'My monthly tax report: totals per tax group, credit notes subtracted',
          operationId: 'taxReport',
          querystring: Type.Object(
            { period: Type.String({ pattern: '^\\d{4}-(0[1-9]|1[0-2])$' }) },
            { additionalProperties: false },
          ),
        },
      },
      async (request) => monthlyTaxReport(db, await ownerOf(principalOf(request).principal), request.query.period),
    );

    app.get(
      '/v1/invoices/exports/lines',
      {
        config: { access: access('read') },
        schema: {
          tags,
          summary: 'Every line of my issued documents in a period, as a streamed XLSX (credit notes negative)',
          operationId: 'exportInvoiceLines',
          querystring: Type.Object(
            { from: Type.String({ format: 'date-time' }), to: Type.String({ format: 'date-time' }) },
            { additionalProperties: false },
          ),
        },
      },
      async (request, reply) => {
        const q = request.query;
        const from = new Date(q.from);
        const to = new Date(q.to);
        if (!(from < to)) throw new AppError('VALIDATION_FAILED', 'from must be before to');
        const owner = await ownerOf(principalOf(request).principal);
        const out = new PassThrough();
        writeLinesXlsx(periodLines(db, owner, from, to), out).catch((error: unknown) =>
          out.destroy(error instanceof Error ? error : new Error(String(error))),
        );
        return reply
          .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
          .header('content-disposition', 'attachment; filename="lignes.xlsx"')
          .send(out);
      },
    );

    app.put(
      '/v1/invoices/:invoiceId',
      {
        config: { access: access('modify') },
        schema: {
          tags,
          summary: 'Change a draft (an issued invoice: 409)',
          operationId: 'updateInvoice',
          params: Params,
          body: Type.Object({ document: RequestDocumentSchema }, { additionalProperties: false }),
        },
      },
      async (request) => {
        const record = await visible(request, request.params.invoiceId);
        const document = await withIssuerSeller(record.issuerAccountId, request.body.document);
        return withTransaction(db.pool, async (c) => {
          const updated = await updateDraft(c, record.id, document);
          await auditOnBehalf(c, request, 'invoice.draft_changed', record.id, record.issuerAccountId);
          return updated;
        });
      },
    );

    app.delete(
      '/v1/invoices/:invoiceId',
      {
        config: { access: access('delete') },
        schema: {
          tags,
          summary: 'Delete a draft (an issued invoice: 409)',
          operationId: 'deleteInvoice',
          params: Params,
        },
      },
      async (request, reply) => {
        const record = await visible(request, request.params.invoiceId);
        if (record.status === 'issued')
          throw new AppError('CONFLICT', `Invoice ${record.number ?? ''} is issued: correct it with a credit note.`);
        await withTransaction(db.pool, async (c) => {
          const { rowCount } = await c.query("DELETE FROM invoices WHERE id = $1 AND status <> 'issued'", [record.id]);
          if (rowCount === 1)
            await auditOnBehalf(c, request, 'invoice.draft_deleted', record.id, record.issuerAccountId);
        });
        return reply.status(204).send();
      },
    );

    app.post(
      '/v1/invoices/:invoiceId/issue',
      {
        config: { access: access('write') },
        schema: {
          tags,
          summary: 'Validate and issue (numbered, frozen); a failing draft is held with its problems',
          operationId: 'issueInvoice',
          params: Params,
        },
      },
      async (request) => {
        const record = await visible(request, request.params.invoiceId);
        return withTransaction(db.pool, (c) => issueInvoice(c, record.id, actorOf(request)));
      },
    );

    app.get(
      '/v1/invoices/:invoiceId/export',
      {
        config: { access: access('read') },
        schema: {
          tags,
          summary: 'An issued invoice as PDF (A4 or ticket), XLSX, CSV or ESC/POS bytes, from the archive',
          operationId: 'exportInvoice',
          params: Params,
          querystring: Type.Object(
            { format: Type.Union(invoiceFormats.map((f) => Type.Literal(f))) },
            { additionalProperties: false },
          ),
        },
      },
      async (request, reply) => {
        const record = await visible(request, request.params.invoiceId);
        if (record.status !== 'issued') throw new AppError('CONFLICT', 'Only an issued invoice can be exported.');
        const exported = await exportInvoice(
          record,
          request.query.format,
          publicUrl,
          await sellerLogo(db.pool, record.issuerAccountId),
        );
        return reply
          .type(exported.contentType)
          .header('content-disposition', `attachment; filename="${record.number ?? record.id}.${exported.extension}"`)
          .send(exported.bytes);
      },
    );

    // A hub's ticket carries its own number and hash (the hub does not know the cloud's id): the same check by number.
    app.get(
      '/v1/invoices/verify',
      {
        config: { access: 'public', rateLimit: { max: 120, timeWindow: 60_000 } },
        schema: {
          tags,
          summary: 'Check a printed invoice by its number and hash (tickets printed by hubs)',
          operationId: 'verifyInvoiceByNumber',
          querystring: Type.Object(
            {
              number: Type.String({ pattern: '^[A-Za-z0-9-]{1,80}$' }),
              hash: Type.String({ pattern: '^[0-9a-f]{64}$' }),
            },
            { additionalProperties: false },
          ),
        },
      },
      async (request) => {
        const query = request.query;
        const { rows } = await db.pool.query<{
          number: string;
          issued_at: Date;
          totals: { grossXof: number };
          document: InvoiceDraft;
          clearance_status: string;
        }>(
          "SELECT number, issued_at, totals, document, clearance_status FROM invoices WHERE number = $1 AND content_hash = $2 AND status = 'issued'",
          [query.number, query.hash],
        );
        const row = rows[0];
        if (row === undefined)
          throw new AppError(
            'NOT_FOUND',
            'No invoice matches this code (a hub ticket is found once the hub has synced).',
          );
        return {
          genuine: true,
          number: row.number,
          issuedAt: row.issued_at.toISOString(),
          seller: row.document.seller.legalName,
          grossXof: row.totals.grossXof,
          clearance: row.clearance_status,
        };
      },
    );

    // Anyone holding the printed QR can check the document is genuine: the hash is the key.
    app.get(
      '/v1/invoices/:invoiceId/verify',
      {
        config: { access: 'public', rateLimit: { max: 120, timeWindow: 60_000 } },
        schema: {
          tags,
          summary: 'Check a printed invoice against the archive',
          operationId: 'verifyInvoice',
          params: Params,
          querystring: Type.Object({ hash: Type.String({ pattern: '^[0-9a-f]{64}$' }) }),
        },
      },
      async (request) => {
        const { invoiceId } = request.params;
        const { rows } = await db.pool.query<{
          number: string;
          issued_at: Date;
          totals: { grossXof: number };
          document: InvoiceDraft;
          content_hash: string;
          clearance_status: string;
        }>(
          "SELECT number, issued_at, totals, document, content_hash, clearance_status FROM invoices WHERE id = $1 AND status = 'issued'",
          [invoiceId],
        );
        const row = rows[0];
        if (row === undefined || row.content_hash !== request.query.hash)
          throw new AppError('NOT_FOUND', 'No invoice matches this code.');
        return {
          genuine: true,
          number: row.number,
          issuedAt: row.issued_at.toISOString(),
          seller: row.document.seller.legalName,
          grossXof: row.totals.grossXof,
          clearance: row.clearance_status,
        };
      },
    );

    app.post(
      '/v1/invoices/:invoiceId/credit-notes',
      {
        config: { access: access('write') },
        schema: {
          tags,
          summary: 'Correct an issued invoice: a credit note taking back some or all of its lines',
          operationId: 'creditInvoice',
          params: Params,
          body: Type.Object(
            {
              lines: Type.Union([
                Type.Literal('all'),
                Type.Array(
                  Type.Object(
                    { index: Type.Integer({ minimum: 0 }), quantityMilli: Type.Integer({ minimum: 1 }) },
                    { additionalProperties: false },
                  ),
                  { minItems: 1, maxItems: 500 },
                ),
              ]),
            },
            { additionalProperties: false },
          ),
        },
      },
      async (request, reply) => {
        const record = await visible(request, request.params.invoiceId);
        const body = request.body;
        return reply
          .status(201)
          .send(await withTransaction(db.pool, (c) => creditInvoice(c, record.id, body.lines, actorOf(request))));
      },
    );
  };
}
