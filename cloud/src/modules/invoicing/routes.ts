/**
 * Invoices over HTTP (SPEC 3.7): a draft is created and changed freely; issuing validates,
 * numbers and freezes it; an issued invoice is corrected only by a credit note: PUT and
 * DELETE answer 409 for it. Issuers see their own invoices (partner staff their partner's);
 * admins see all; a buyer reads the issued invoices addressed to it (`as=buyer`, the detail
 * and the exports), never changes them. The seller is always the issuer's own identity from its account (address,
 * NCC, RCCM, phone: invoice-seller.ts sets them), never the one a body names: a body may leave
 * the seller out or echo that identity, and one naming anyone else is refused with
 * INVOICE_SELLER_NOT_YOURS (issue 20.5). An admin drafts for a partner only by naming it
 * (`onBehalfOf`): the partner is the issuer and seller, and each step is audited as the
 * admin acting on its behalf. Reports and exports: reports/invoice-report-routes.ts; the public checks of a printed
 * invoice in verify-routes.ts, the rules they share in invoice-guards.ts.
 */
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { AppError } from '@ismail/shared';
import type { Database } from '../../platform/db/database.js';
import { withTransaction } from '../../platform/db/transaction.js';
import { principalOf } from '../../platform/http/access-plugin.js';
import { Uuid, withErrors } from '../../platform/http/schemas.js';
import {
  adminProfiles,
  invoiceAccess as access,
  invoiceGuards,
  InvoiceParams as Params,
  invoiceTags as tags,
  RequestDocumentSchema,
} from './invoice-guards.js';
import { createDraft, creditInvoice, issueInvoice, registerPattern, updateDraft } from './invoices.js';
import { InvoiceListQuery, InvoiceListSchema, InvoiceRecordSchema, listInvoices } from './invoice-list.js';
import { invoiceSellerRoutes } from './seller-routes.js';
import { invoiceVerifyRoutes } from './verify-routes.js';

export function invoiceRoutes(db: Database, _publicUrl: string) {
  return async (instance: FastifyInstance): Promise<void> => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();
    const guards = invoiceGuards(db);
    const { ownerOf, actorOf, visible, readable, withIssuerSeller, onBehalfTarget, auditOnBehalf } = guards;
    await app.register(invoiceSellerRoutes(db));
    await app.register(invoiceVerifyRoutes(db));

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
        schema: {
          tags,
          summary: 'An invoice I issued, or one addressed to me once issued (with its clearance reference and QR)',
          operationId: 'getInvoice',
          params: Params,
          response: withErrors({ 200: InvoiceRecordSchema }),
        },
      },
      async (request) => readable(request, request.params.invoiceId),
    );

    app.get(
      '/v1/invoices',
      {
        config: { access: access('read') },
        schema: {
          tags,
          summary: 'Invoices I issued (default, as=seller) or addressed to me (as=buyer), newest first, with filters',
          operationId: 'listInvoices',
          querystring: InvoiceListQuery,
          response: withErrors({ 200: InvoiceListSchema }),
        },
      },
      async (request) => {
        const { principal } = principalOf(request);
        return listInvoices(db, await ownerOf(principal), adminProfiles.has(principal.profile), request.query);
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
              // The array first: validating 'all' first would coerce a one-line array to its element (ajv's
              // coerceTypes 'array') before the array branch sees it.
              lines: Type.Union([
                Type.Array(
                  Type.Object(
                    { index: Type.Integer({ minimum: 0 }), quantityMilli: Type.Integer({ minimum: 1 }) },
                    { additionalProperties: false },
                  ),
                  { minItems: 1, maxItems: 500 },
                ),
                Type.Literal('all'),
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
