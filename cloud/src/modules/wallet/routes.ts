/**
 * The holder's wallet (SPEC 3.5): balance, history with running balance, transfers, module charges and payments,
 * withdrawal requests, commission statements. Holds: hold-routes.ts; cash sold at a counter: cash-routes.ts;
 * mobile-money top-ups: payments/top-up-routes.ts. Every write needs an Idempotency-Key (write-context.ts).
 * Partner staff act on their partner's wallet, within the actions delegated to them.
 */
import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { centiCreditsToXof } from '@ismail/shared';
import type { Database } from '../../platform/db/database.js';
import { principalOf } from '../../platform/http/access-plugin.js';
import { actingOwner } from '../identity/owner.js';
import { commissionStatement, periodPattern } from './commission-runs.js';
import { historyPageMax, walletBalanceWithRate, walletHistory } from './history.js';
import type { WalletOperations } from './operations.js';
import { creditRateAt } from './rates.js';
import { IdempotencyHeaders, Uuid, withErrors } from '../../platform/http/schemas.js';
import { BalanceSchema, CentiCredits, HistorySchema, ModuleSchema, OperationSchema } from './schemas.js';
import { sendOperation, walletRead, walletWrite, walletWriteContext } from './write-context.js';

export function walletRoutes(db: Database, ops: WalletOperations) {
  return async (instance: FastifyInstance): Promise<void> => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();
    const context = (request: FastifyRequest) => walletWriteContext(db, request);

    app.get(
      '/v1/wallet',
      {
        config: { access: walletRead },
        schema: {
          tags: ['wallet'],
          summary: 'My wallet balance',
          operationId: 'walletBalance',
          response: withErrors({ 200: BalanceSchema }),
        },
      },
      async (request) => {
        const owner = await actingOwner(db, principalOf(request).principal);
        const { country, xofPerCredit, ...balance } = await walletBalanceWithRate(db, owner);
        // No rate for the country: creditRateAt gives the same refusal as everywhere else.
        const rate = xofPerCredit === null ? await creditRateAt(db.pool, country) : { country, xofPerCredit };
        return {
          ...balance,
          availableXof: centiCreditsToXof(balance.availableCentiCredits, rate),
          xofPerCredit: rate.xofPerCredit,
        };
      },
    );

    app.get(
      '/v1/wallet/history',
      {
        config: { access: walletRead },
        schema: {
          tags: ['wallet'],
          summary: 'My wallet movements, newest first, with the balance after each',
          operationId: 'walletHistory',
          querystring: Type.Object(
            {
              limit: Type.Optional(Type.Integer({ minimum: 1, maximum: historyPageMax })),
              beforeSeq: Type.Optional(Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER })),
              kinds: Type.Optional(
                Type.String({
                  pattern: '^[a-z_]{1,40}(,[a-z_]{1,40}){0,19}$',
                  description: 'Operation kinds, by commas',
                }),
              ),
              from: Type.Optional(
                Type.String({
                  format: 'date',
                  pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$',
                  description: 'First day (UTC)',
                }),
              ),
              to: Type.Optional(
                Type.String({ format: 'date', pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$', description: 'Last day (UTC)' }),
              ),
            },
            { additionalProperties: false },
          ),
          response: withErrors({ 200: HistorySchema }),
        },
      },
      async (request) => {
        const owner = await actingOwner(db, principalOf(request).principal);
        const query = request.query;
        return walletHistory(db, owner, {
          limit: query.limit ?? 50,
          beforeSeq: query.beforeSeq,
          kinds: query.kinds?.split(','),
          fromDay: query.from,
          toDay: query.to,
        });
      },
    );

    app.post(
      '/v1/wallet/transfers',
      {
        config: { access: walletWrite },
        schema: {
          tags: ['wallet'],
          summary: 'Send credits to another user',
          operationId: 'walletTransfer',
          headers: IdempotencyHeaders,
          body: Type.Object({ toAccountId: Uuid, amountCentiCredits: CentiCredits }, { additionalProperties: false }),
          response: withErrors({ 200: OperationSchema, 201: OperationSchema }),
        },
      },
      async (request, reply) => {
        const { owner, ctx } = await context(request);
        const body = request.body;
        return sendOperation(
          reply,
          await ops.transfer(ctx, {
            fromId: owner,
            toId: body.toAccountId,
            amountCentiCredits: body.amountCentiCredits,
          }),
        );
      },
    );

    app.post(
      '/v1/wallet/consumptions',
      {
        config: { access: walletWrite },
        schema: {
          tags: ['wallet'],
          summary:
            'Pay a module charge from the tariff table (VAT, sales commissions and cashback in the same operation)',
          operationId: 'walletConsume',
          headers: IdempotencyHeaders,
          body: Type.Object(
            {
              tariffCode: Type.String({ pattern: '^[a-z_]{1,40}$' }),
              units: Type.Integer({ minimum: 1, maximum: 10_000 }),
              unitPriceCredits: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000 })),
            },
            { additionalProperties: false },
          ),
          response: withErrors({ 200: OperationSchema, 201: OperationSchema }),
        },
      },
      async (request, reply) => {
        const { owner, ctx } = await context(request);
        const body = request.body;
        return sendOperation(reply, await ops.consume(ctx, { accountId: owner, ...body }));
      },
    );

    app.post(
      '/v1/wallet/payments',
      {
        config: { access: walletWrite },
        schema: {
          tags: ['wallet'],
          summary: "Pay another user for a module transaction (the payee pays the module's platform commission)",
          operationId: 'walletPay',
          headers: IdempotencyHeaders,
          body: Type.Object(
            { payeeAccountId: Uuid, module: ModuleSchema, amountCentiCredits: CentiCredits },
            { additionalProperties: false },
          ),
          response: withErrors({ 200: OperationSchema, 201: OperationSchema }),
        },
      },
      async (request, reply) => {
        const { owner, ctx } = await context(request);
        const body = request.body;
        return sendOperation(
          reply,
          await ops.pay(ctx, {
            payerId: owner,
            payeeId: body.payeeAccountId,
            module: body.module,
            amountCentiCredits: body.amountCentiCredits,
          }),
        );
      },
    );

    app.post(
      '/v1/wallet/withdrawals',
      {
        config: { access: walletWrite },
        schema: {
          tags: ['wallet'],
          summary: 'Ask to withdraw credits (sales reps): held until an admin pays or refuses',
          operationId: 'walletWithdraw',
          headers: IdempotencyHeaders,
          body: Type.Object(
            {
              amountCentiCredits: CentiCredits,
              destinationMsisdn: Type.Optional(
                Type.String({
                  pattern: '^[0-9]{8,15}$',
                  description: 'Mobile-money number to pay, digits with country code',
                }),
              ),
            },
            { additionalProperties: false },
          ),
          response: withErrors({ 200: OperationSchema, 201: OperationSchema }),
        },
      },
      async (request, reply) => {
        const { owner, ctx } = await context(request);
        const { amountCentiCredits, destinationMsisdn } = request.body;
        return sendOperation(
          reply,
          await ops.requestWithdrawal(ctx, {
            accountId: owner,
            amountCentiCredits,
            // Absent stays absent: a request without a number hashes as it always did.
            ...(destinationMsisdn === undefined ? {} : { destinationMsisdn }),
          }),
        );
      },
    );

    app.get(
      '/v1/wallet/commissions/:period',
      {
        config: { access: walletRead },
        schema: {
          tags: ['wallet'],
          summary: 'My sales-commission statement for a month',
          operationId: 'walletCommissionStatement',
          params: Type.Object({ period: Type.String({ pattern: periodPattern.source }) }),
          response: withErrors({
            200: Type.Object({
              period: Type.String(),
              accrued: Type.Integer(),
              paid: Type.Union([Type.Integer(), Type.Null()]),
              lines: Type.Array(
                Type.Object({
                  at: Type.String(),
                  operationId: Type.String(),
                  role: Type.String(),
                  level: Type.String(),
                  rateBp: Type.Integer(),
                  module: Type.String(),
                  amountCentiCredits: Type.Integer(),
                }),
              ),
            }),
          }),
        },
      },
      async (request) => commissionStatement(db, principalOf(request).principal.accountId, request.params.period),
    );
  };
}
