/**
 * The holder's wallet (SPEC 3.5): balance, history with running balance, transfers, module
 * charges and payments, holds, withdrawal requests, commission statements (mobile-money
 * top-ups: payments/top-up-routes.ts); and cash top-ups sold at a counter. Every write needs an Idempotency-Key: a
 * replay answers 200 with the first result and `idempotent-replayed: true`.
 * Partner staff act on their partner's wallet, within the actions delegated to them.
 *
 * The generic hold routes see generic holds only: a module's hold (a checkout, a stay, a
 * withdrawal request) is resolved by that module's flow, and is not found here. Cash is
 * sold only at an active hub of the caller's own establishment (cash-drawers.ts).
 */
import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { AppError, centiCreditsToXof, type Principal } from '@ismail/shared';
import { appendAudit } from '../../platform/audit/audit-log.js';
import type { Database } from '../../platform/db/database.js';
import { actingOwner } from '../identity/owner.js';
import { principalOf } from '../../platform/http/access-plugin.js';
import { authorizeCashSale, cashTopUpMaxXofPerOperation, enforceDailyCashCeiling } from './cash-drawers.js';
import { commissionStatement, periodPattern } from './commission-runs.js';
import { historyPageMax, walletBalance, walletHistory } from './history.js';
import type { LedgerCommand, LedgerOutcome } from './ledger-types.js';
import type { WalletOperations, WriteContext } from './operations.js';
import { creditRateAt } from './rates.js';
import { IdempotencyHeaders, Uuid, withErrors } from '../../platform/http/schemas.js';
import { BalanceSchema, CentiCredits, HistorySchema, ModuleSchema, OperationSchema } from './schemas.js';

const read = { resource: 'wallet', action: 'read', needsSecondFactor: false } as const;
const write = { resource: 'wallet', action: 'write', needsSecondFactor: false } as const;

export function sendOperation(reply: FastifyReply, outcome: LedgerOutcome): FastifyReply {
  if (outcome.replayed) reply.header('idempotent-replayed', 'true');
  return reply.status(outcome.replayed ? 200 : 201).send({ ...outcome.result, replayed: outcome.replayed });
}

export function walletRoutes(db: Database, ops: WalletOperations) {
  return async (instance: FastifyInstance): Promise<void> => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();
    /** Staff act for their partner; everyone else for themselves. */
    const ownerOf = (principal: Principal): Promise<string> => actingOwner(db, principal);
    async function context(request: FastifyRequest): Promise<{ owner: string; ctx: WriteContext }> {
      const { principal } = principalOf(request);
      const owner = await ownerOf(principal);
      const key = (request.headers as Record<string, string | undefined>)['idempotency-key'] ?? '';
      // Keys are scoped to the wallet owner: two staff of one partner share its key space.
      return {
        owner,
        ctx: { actor: { accountId: principal.accountId, label: principal.profile }, scope: owner, idempotencyKey: key },
      };
    }

    app.get(
      '/v1/wallet',
      {
        config: { access: read },
        schema: {
          tags: ['wallet'],
          summary: 'My wallet balance',
          operationId: 'walletBalance',
          response: withErrors({ 200: BalanceSchema }),
        },
      },
      async (request) => {
        const owner = await ownerOf(principalOf(request).principal);
        const balance = await walletBalance(db, owner);
        const { rows } = await db.pool.query<{ country: string }>('SELECT country FROM accounts WHERE id = $1', [
          owner,
        ]);
        const rate = await creditRateAt(db.pool, rows[0]?.country ?? 'CI');
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
        config: { access: read },
        schema: {
          tags: ['wallet'],
          summary: 'My wallet movements, newest first, with the balance after each',
          operationId: 'walletHistory',
          querystring: Type.Object(
            {
              limit: Type.Optional(Type.Integer({ minimum: 1, maximum: historyPageMax })),
              beforeSeq: Type.Optional(Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER })),
            },
            { additionalProperties: false },
          ),
          response: withErrors({ 200: HistorySchema }),
        },
      },
      async (request) => {
        const owner = await ownerOf(principalOf(request).principal);
        const query = request.query;
        return walletHistory(db, owner, { limit: query.limit ?? 50, beforeSeq: query.beforeSeq });
      },
    );

    app.post(
      '/v1/wallet/transfers',
      {
        config: { access: write },
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
        config: { access: write },
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
        config: { access: write },
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
      '/v1/wallet/holds',
      {
        config: { access: write },
        schema: {
          tags: ['wallet'],
          summary:
            'Reserve credits for a booking or an order (counted against the balance until captured, released or lapsed)',
          operationId: 'walletHold',
          headers: IdempotencyHeaders,
          body: Type.Object(
            {
              payeeAccountId: Type.Optional(Uuid),
              module: ModuleSchema,
              amountCentiCredits: CentiCredits,
              timeoutSeconds: Type.Integer({ minimum: 60, maximum: 90 * 24 * 3600 }),
            },
            { additionalProperties: false },
          ),
          response: withErrors({ 200: OperationSchema, 201: OperationSchema }),
        },
      },
      async (request, reply) => {
        const { owner, ctx } = await context(request);
        const { payeeAccountId, ...body } = request.body;
        return sendOperation(reply, await ops.hold(ctx, { payerId: owner, payeeId: payeeAccountId, ...body }));
      },
    );

    /** Who may resolve a generic hold: its payee captures; payer, payee or its creator may release. */
    async function holdParties(
      holdId: string,
    ): Promise<{ payer: string | null; payee: string | null; creator: string }> {
      // Generic holds only: another purpose's hold answers as no hold at all (the ledger refuses it too).
      const { rows } = await db.pool.query<{ payer: string | null; payee: string | null; scope: string }>(
        `SELECT d.owner_account_id AS payer, c.owner_account_id AS payee, o.scope FROM ledger_transfers t
         JOIN ledger_accounts d ON d.id = t.debit_account_id JOIN ledger_accounts c ON c.id = t.credit_account_id
         JOIN ledger_operations o ON o.id = t.operation_id WHERE t.id = $1 AND t.phase = 'pending' AND t.hold_purpose = 'generic' AND d.kind = 'wallet'`,
        [holdId],
      );
      const row = rows[0];
      if (row === undefined) throw new AppError('HOLD_NOT_FOUND');
      return { payer: row.payer, payee: row.payee, creator: row.scope };
    }

    app.post(
      '/v1/wallet/holds/:holdId/capture',
      {
        config: { access: write },
        schema: {
          tags: ['wallet'],
          summary: 'Capture a hold made to me, in full or in part (the rest is released)',
          operationId: 'walletCapture',
          headers: IdempotencyHeaders,
          params: Type.Object({ holdId: Uuid }),
          body: Type.Object({ amountCentiCredits: Type.Optional(CentiCredits) }, { additionalProperties: false }),
          response: withErrors({ 200: OperationSchema, 201: OperationSchema }),
        },
      },
      async (request, reply) => {
        const { owner, ctx } = await context(request);
        const { holdId } = request.params;
        const parties = await holdParties(holdId);
        if (parties.payee !== owner && parties.creator !== owner) throw new AppError('HOLD_NOT_FOUND');
        const body = request.body;
        return sendOperation(reply, await ops.capture(ctx, { holdId, amountCentiCredits: body?.amountCentiCredits }));
      },
    );

    app.post(
      '/v1/wallet/holds/:holdId/release',
      {
        config: { access: write },
        schema: {
          tags: ['wallet'],
          summary: 'Release a hold',
          operationId: 'walletRelease',
          headers: IdempotencyHeaders,
          params: Type.Object({ holdId: Uuid }),
          response: withErrors({ 200: OperationSchema, 201: OperationSchema }),
        },
      },
      async (request, reply) => {
        const { owner, ctx } = await context(request);
        const { holdId } = request.params;
        const parties = await holdParties(holdId);
        if (parties.payee !== owner && parties.payer !== owner && parties.creator !== owner)
          throw new AppError('HOLD_NOT_FOUND');
        return sendOperation(reply, await ops.release(ctx, { holdId }));
      },
    );

    app.post(
      '/v1/wallet/withdrawals',
      {
        config: { access: write },
        schema: {
          tags: ['wallet'],
          summary: 'Ask to withdraw credits (sales reps): held until an admin pays or refuses',
          operationId: 'walletWithdraw',
          headers: IdempotencyHeaders,
          body: Type.Object({ amountCentiCredits: CentiCredits }, { additionalProperties: false }),
          response: withErrors({ 200: OperationSchema, 201: OperationSchema }),
        },
      },
      async (request, reply) => {
        const { owner, ctx } = await context(request);
        return sendOperation(
          reply,
          await ops.requestWithdrawal(ctx, { accountId: owner, amountCentiCredits: request.body.amountCentiCredits }),
        );
      },
    );

    app.post(
      '/v1/wallet/top-ups/cash',
      {
        config: { access: write },
        schema: {
          tags: ['wallet'],
          summary:
            "Sell credits for cash at one of my establishment's active hubs (its partner, its staff with write, or an admin on the partner's behalf)",
          operationId: 'walletCashTopUp',
          headers: IdempotencyHeaders,
          body: Type.Object(
            {
              accountId: Uuid,
              hubId: Uuid,
              amountXof: Type.Integer({ minimum: 50, maximum: cashTopUpMaxXofPerOperation }),
            },
            { additionalProperties: false },
          ),
          response: withErrors({ 200: OperationSchema, 201: OperationSchema }),
        },
      },
      async (request, reply) => {
        const { principal } = principalOf(request);
        const body = request.body;
        const { hub, onBehalfOf } = await authorizeCashSale(db, principal, body);
        const { ctx } = await context(request);
        const at = new Date();
        const bounded: LedgerCommand['extraWrites'] = async (client, result) => {
          await enforceDailyCashCeiling(client, hub, body.amountXof, at);
          // An admin selling at a partner's counter acts on that partner's behalf: said in the audit, with the sale.
          if (onBehalfOf !== null) {
            await appendAudit(client, {
              actor: { accountId: principal.accountId, label: principal.profile },
              action: 'wallet.cash_top_up_on_behalf',
              subject: { type: 'hub', id: body.hubId },
              place: `ip:${request.ip}`,
              detail: {
                onBehalfOf,
                operationId: result.operationId,
                accountId: body.accountId,
                amountXof: body.amountXof,
              },
            });
          }
        };
        return sendOperation(reply, await ops.buyCreditsWithCash(ctx, body, bounded));
      },
    );

    app.get(
      '/v1/wallet/commissions/:period',
      {
        config: { access: read },
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
