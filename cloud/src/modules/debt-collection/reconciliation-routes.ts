/**
 * /v1/debt-collection/suggestions (issue 26, part C1, API.md §Payments): a creditor's wallet payments waiting to be
 * matched with a file, confirmed on the file it chooses or rejected. Creditors only (partners and their staff),
 * refused to other profiles before the body is read; another creditor's suggestion is 404.
 */
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Database } from '../../platform/db/database.js';
import { principalOf } from '../../platform/http/access-plugin.js';
import { Uuid, withErrors } from '../../platform/http/schemas.js';
import { partnerOf } from '../identity/request-owner.js';
import { PaymentAnswerSchema } from './payments-routes.js';
import type { Reconciliation } from './reconciliation.js';

const access = (action: 'read' | 'write') =>
  ({ resource: 'debt_collection', action, needsSecondFactor: false }) as const;
const tags = ['debt-collection'];
const SuggestionParams = Type.Object({ id: Uuid });
const creditorsOnly = 'Réservé aux créanciers (comptes partenaires).';

const SuggestionSchema = Type.Object({
  id: Uuid,
  payerName: Type.String(),
  amountXof: Type.Integer(),
  at: Type.String({ format: 'date-time' }),
  file: Type.Union([Type.Object({ id: Uuid, label: Type.String(), leftXof: Type.Integer() }), Type.Null()]),
});

export function reconciliationRoutes(db: Database, reconciliation: Reconciliation) {
  return async (instance: FastifyInstance): Promise<void> => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();
    app.addHook('preValidation', async (request) => {
      await partnerOf(db, request, creditorsOnly);
    });
    app.get(
      '/v1/debt-collection/suggestions',
      {
        config: { access: access('read') },
        schema: {
          tags,
          summary: 'Wallet payments received from debtors without naming a file, each with the file suggested',
          operationId: 'debtPaymentSuggestions',
          response: withErrors({ 200: Type.Object({ suggestions: Type.Array(SuggestionSchema) }) }),
        },
      },
      async (request) => reconciliation.list(await partnerOf(db, request, creditorsOnly)),
    );
    app.post(
      '/v1/debt-collection/suggestions/:id/confirm',
      {
        config: { access: access('write') },
        schema: {
          tags,
          summary: 'Match a wallet payment with a file (the rest, if any, goes to the debtor’s oldest files)',
          operationId: 'confirmDebtPaymentSuggestion',
          params: SuggestionParams,
          body: Type.Object({ fileId: Uuid }, { additionalProperties: false }),
          response: withErrors({ 200: PaymentAnswerSchema }),
        },
      },
      async (request) =>
        reconciliation.confirm(
          await partnerOf(db, request, creditorsOnly),
          request.params.id,
          request.body.fileId,
          principalOf(request).principal.accountId,
        ),
    );
    app.post(
      '/v1/debt-collection/suggestions/:id/reject',
      {
        config: { access: access('write') },
        schema: {
          tags,
          summary: 'Leave a wallet payment unmatched: no file changes',
          operationId: 'rejectDebtPaymentSuggestion',
          params: SuggestionParams,
          response: withErrors({ 200: Type.Object({ ok: Type.Literal(true) }) }),
        },
      },
      async (request) =>
        reconciliation.reject(
          await partnerOf(db, request, creditorsOnly),
          request.params.id,
          principalOf(request).principal.accountId,
        ),
    );
  };
}
