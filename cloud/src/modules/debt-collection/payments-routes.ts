/**
 * /v1/debt-files/:fileId/pay and /payments (issue 26, part C1, API.md §Payments): the debtor pays its file from the
 * wallet (its key in the body pays once); the creditor records money received outside ISMAIL (its reference records
 * once) and both read the file's payments. Anyone else gets 404. Recording is a creditor's (a partner), refused to
 * other profiles before the body is read (the access matrix sees 403, not 400).
 */
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { AppError } from '@ismail/shared';
import type { Database } from '../../platform/db/database.js';
import { principalOf } from '../../platform/http/access-plugin.js';
import { Uuid, withErrors } from '../../platform/http/schemas.js';
import { ownerOf, partnerOf } from '../identity/request-owner.js';
import { DebtFileSchema } from './file-view.js';
import { debtPaymentMethods } from './payments-apply.js';
import type { DebtPaymentFlows } from './payments-wallet.js';

const access = (action: 'read' | 'write') =>
  ({ resource: 'debt_collection', action, needsSecondFactor: false }) as const;
const tags = ['debt-collection'];
const FileParams = Type.Object({ fileId: Uuid });
/** One payment: 1 FCFA to 10 billion FCFA (bounded like every number). */
const AmountXof = Type.Integer({ minimum: 1, maximum: 10_000_000_000 });

export const DebtPaymentSchema = Type.Object({
  id: Uuid,
  fileId: Uuid,
  amountXof: Type.Integer(),
  feesPartXof: Type.Integer(),
  principalPartXof: Type.Integer(),
  method: Type.Union(debtPaymentMethods.map((m) => Type.Literal(m))),
  reference: Type.Union([Type.String(), Type.Null()]),
  at: Type.String({ format: 'date-time' }),
  leftXof: Type.Integer(),
});
export const PaymentAnswerSchema = Type.Object({ payment: DebtPaymentSchema, file: DebtFileSchema });

const PayBody = Type.Object(
  {
    amountXof: AmountXof,
    idempotencyKey: Type.String({
      pattern: '^[A-Za-z0-9_.:-]{1,128}$',
      description: 'Chosen by the client per payment: the same key pays once',
    }),
  },
  { additionalProperties: false },
);
const RecordBody = Type.Object(
  {
    amountXof: AmountXof,
    method: Type.Union([Type.Literal('cash'), Type.Literal('mobile_money'), Type.Literal('bank')]),
    reference: Type.String({ minLength: 1, maxLength: 120, pattern: '\\S' }),
    paidOn: Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'The day the money was received (Abidjan)' }),
  },
  { additionalProperties: false },
);

export function paymentRoutes(db: Database, flows: DebtPaymentFlows) {
  return async (instance: FastifyInstance): Promise<void> => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();
    app.post(
      '/v1/debt-files/:fileId/pay',
      {
        config: { access: access('write') },
        schema: {
          tags,
          summary: 'The debtor pays (part of) its debt file from the wallet; the same idempotencyKey pays once',
          operationId: 'payDebtFile',
          params: FileParams,
          body: PayBody,
          response: withErrors({ 200: PaymentAnswerSchema }),
        },
      },
      async (request) =>
        flows.pay(
          await ownerOf(db, request),
          request.params.fileId,
          request.body.amountXof,
          request.body.idempotencyKey,
        ),
    );
    app.get(
      '/v1/debt-files/:fileId/payments',
      {
        config: { access: access('read') },
        schema: {
          tags,
          summary: 'The payments of a debt file, oldest first (its creditor or debtor only)',
          operationId: 'debtFilePayments',
          params: FileParams,
          response: withErrors({ 200: Type.Object({ payments: Type.Array(DebtPaymentSchema) }) }),
        },
      },
      async (request) => flows.payments(request.params.fileId, await ownerOf(db, request)),
    );
    await app.register(async (scoped) => {
      const creditor = scoped.withTypeProvider<TypeBoxTypeProvider>();
      creditor.addHook('preValidation', async (request) => {
        await partnerOf(db, request, 'Réservé aux créanciers (comptes partenaires).');
      });
      creditor.post(
        '/v1/debt-files/:fileId/payments',
        {
          config: { access: access('write') },
          schema: {
            tags,
            summary: 'The creditor records a payment received in cash, by mobile money or by bank; once per reference',
            operationId: 'recordDebtPayment',
            params: FileParams,
            body: RecordBody,
            response: withErrors({ 200: PaymentAnswerSchema, 201: PaymentAnswerSchema }),
          },
        },
        async (request, reply) => {
          if (Number.isNaN(Date.parse(`${request.body.paidOn}T00:00:00Z`)))
            throw new AppError('VALIDATION_FAILED', 'La date du paiement n’est pas une date valide.');
          const { replayed, ...answer } = await flows.record(
            await ownerOf(db, request),
            request.params.fileId,
            request.body,
            principalOf(request).principal.accountId,
          );
          return reply.status(replayed ? 200 : 201).send(answer);
        },
      );
    });
  };
}
