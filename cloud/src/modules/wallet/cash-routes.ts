/**
 * Cash top-ups sold at a counter: only at an active hub of the caller's own establishment (cash-drawers.ts), within
 * the drawer's daily ceiling, written with the ledger operation so a refusal writes nothing.
 */
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { appendAudit } from '../../platform/audit/audit-log.js';
import type { Database } from '../../platform/db/database.js';
import { principalOf } from '../../platform/http/access-plugin.js';
import { IdempotencyHeaders, Uuid, withErrors } from '../../platform/http/schemas.js';
import { authorizeCashSale, cashTopUpMaxXofPerOperation, enforceDailyCashCeiling } from './cash-drawers.js';
import type { LedgerCommand } from './ledger-types.js';
import type { WalletOperations } from './operations.js';
import { OperationSchema } from './schemas.js';
import { sendOperation, walletWrite, walletWriteContext } from './write-context.js';

export function walletCashRoutes(db: Database, ops: WalletOperations) {
  return async (instance: FastifyInstance): Promise<void> => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();
    app.post(
      '/v1/wallet/top-ups/cash',
      {
        config: { access: walletWrite },
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
        const { ctx } = await walletWriteContext(db, request);
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
  };
}
