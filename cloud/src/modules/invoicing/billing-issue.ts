/**
 * Issuing a draft from the partner's portal (issue 23): `POST /v1/billing/invoices/{id}/issue` with only how it was
 * paid. The cloud computes the total from the stored lines, records one payment of exactly that amount, and issues
 * (numbered, frozen; a draft that fails validation is held with its problems). The screen never sends an amount.
 *
 * Owns nothing new: it is PUT then POST /issue of routes.ts in one transaction, with the same guards (the issuer or
 * its staff with write; anyone else 404) and the same audit. An issued invoice is answered as it is (a retry after a
 * lost answer issues nothing twice).
 */
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { AppError, computeTotals, paymentMethods } from '@ismail/shared';
import type { Database } from '../../platform/db/database.js';
import { withTransaction } from '../../platform/db/transaction.js';
import { withErrors } from '../../platform/http/schemas.js';
import {
  InvoiceParams as Params,
  invoiceAccess as access,
  invoiceGuards,
  invoiceTags as tags,
} from './invoice-guards.js';
import { InvoiceRecordSchema } from './invoice-list.js';
import { issueInvoice, updateDraft } from './invoices.js';

export function billingIssueRoutes(db: Database) {
  const { visible, actorOf, auditOnBehalf } = invoiceGuards(db);
  return async (instance: FastifyInstance): Promise<void> => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();
    app.post(
      '/v1/billing/invoices/:invoiceId/issue',
      {
        config: { access: access('write') },
        schema: {
          tags,
          summary: 'Issue my draft paid in full by one method: the cloud computes the total and records that payment',
          operationId: 'billingIssueInvoice',
          params: Params,
          body: Type.Object(
            { paymentMethod: Type.Union(paymentMethods.map((m) => Type.Literal(m))) },
            { additionalProperties: false },
          ),
          response: withErrors({ 200: InvoiceRecordSchema }),
        },
      },
      async (request) => {
        const record = await visible(request, request.params.invoiceId);
        if (record.status === 'issued') return record;
        if (record.kind !== 'invoice') throw new AppError('CONFLICT', 'Credit notes are issued with their invoice.');
        const document = record.document;
        let grossXof: number;
        try {
          grossXof = computeTotals(document).grossXof;
        } catch (error) {
          throw new AppError('VALIDATION_FAILED', (error as Error).message);
        }
        const paid = { ...document, payments: [{ method: request.body.paymentMethod, amountXof: grossXof }] };
        return withTransaction(db.pool, async (c) => {
          await updateDraft(c, record.id, paid);
          await auditOnBehalf(c, request, 'invoice.draft_changed', record.id, record.issuerAccountId);
          return issueInvoice(c, record.id, actorOf(request));
        });
      },
    );
  };
}
