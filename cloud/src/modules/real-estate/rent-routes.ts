/**
 * /v1/real-estate/rent-dues (issue 25): the tenant pays a due from the wallet; the landlord records cash or mobile
 * money received. Both take an Idempotency-Key: the same key pays once. Recording is the landlord's (a partner),
 * refused to other profiles before the body is read.
 */
import { Type } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { AppError } from '@ismail/shared';
import type { Database } from '../../platform/db/database.js';
import { IdempotencyHeaders, Uuid, withErrors } from '../../platform/http/schemas.js';
import { idempotencyKeyOf, ownerOf, partnerOf } from '../identity/request-owner.js';
import { PayBody, PaymentResultSchema, RecordBody } from './lease-schemas.js';
import type { RentPayments } from './rent-payments.js';

const access = { resource: 'real_estate', action: 'write', needsSecondFactor: false } as const;
const tags = ['real-estate'];
const DueParams = Type.Object({ dueId: Uuid });

export function rentRoutes(db: Database, payments: RentPayments) {
  return async (instance: FastifyInstance): Promise<void> => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();
    app.post(
      '/v1/real-estate/rent-dues/:dueId/pay',
      {
        config: { access },
        schema: {
          tags,
          summary:
            'The tenant pays a rent due from the wallet: what is left by default, or `amountXof` of it (optional JSON body)',
          operationId: 'payRentDue',
          headers: IdempotencyHeaders,
          params: DueParams,
          response: withErrors({ 200: PaymentResultSchema }),
        },
      },
      async (request) => {
        // The body is optional (the contract's pay has none): read and checked here rather than by the route schema.
        const body: unknown = request.body ?? {};
        if (!Value.Check(PayBody, body))
          throw new AppError('VALIDATION_FAILED', 'Le montant doit être un entier positif en FCFA.');
        return payments.pay(
          await ownerOf(db, request),
          request.params.dueId,
          body.amountXof,
          idempotencyKeyOf(request),
        );
      },
    );
    await app.register(async (scoped) => {
      const landlord = scoped.withTypeProvider<TypeBoxTypeProvider>();
      landlord.addHook('preValidation', async (request) => {
        await partnerOf(db, request, 'Seul le bailleur enregistre un paiement reçu.');
      });
      landlord.post(
        '/v1/real-estate/rent-dues/:dueId/record',
        {
          config: { access },
          schema: {
            tags,
            summary: 'The landlord records rent received in cash or by mobile money (receipt issued)',
            operationId: 'recordRentPayment',
            headers: IdempotencyHeaders,
            params: DueParams,
            body: RecordBody,
            response: withErrors({ 200: PaymentResultSchema }),
          },
        },
        async (request) =>
          payments.record(await ownerOf(db, request), request.params.dueId, request.body, idempotencyKeyOf(request)),
      );
    });
  };
}
