/**
 * Generic wallet holds (SPEC 3.5): reserve credits for a booking or an order, capture, release. These routes see
 * generic holds only: a module's hold (a checkout, a stay, a withdrawal request) is resolved by that module's flow,
 * and is not found here.
 */
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { AppError } from '@ismail/shared';
import type { Database } from '../../platform/db/database.js';
import { IdempotencyHeaders, Uuid, withErrors } from '../../platform/http/schemas.js';
import type { WalletOperations } from './operations.js';
import { CentiCredits, ModuleSchema, OperationSchema } from './schemas.js';
import { sendOperation, walletWrite, walletWriteContext } from './write-context.js';

export function walletHoldRoutes(db: Database, ops: WalletOperations) {
  return async (instance: FastifyInstance): Promise<void> => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();
    app.post(
      '/v1/wallet/holds',
      {
        config: { access: walletWrite },
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
        const { owner, ctx } = await walletWriteContext(db, request);
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
        config: { access: walletWrite },
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
        const { owner, ctx } = await walletWriteContext(db, request);
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
        config: { access: walletWrite },
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
        const { owner, ctx } = await walletWriteContext(db, request);
        const { holdId } = request.params;
        const parties = await holdParties(holdId);
        if (parties.payee !== owner && parties.payer !== owner && parties.creator !== owner)
          throw new AppError('HOLD_NOT_FOUND');
        return sendOperation(reply, await ops.release(ctx, { holdId }));
      },
    );
  };
}
