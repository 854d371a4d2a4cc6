/**
 * The wallet routes the client portal adds (SPEC 3.5): find whom to pay by ISMAIL ID (what a payer needs, masked,
 * rate-limited per session and audited), send credits to an ISMAIL ID (the cloud resolves it, never the caller's
 * word), and a sales rep's list of withdrawal requests with their status.
 */
import { createHash } from 'node:crypto';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { AppError } from '@ismail/shared';
import { appendAudit } from '../../platform/audit/audit-log.js';
import type { Database } from '../../platform/db/database.js';
import { withTransaction } from '../../platform/db/transaction.js';
import { principalOf } from '../../platform/http/access-plugin.js';
import { IdempotencyHeaders, withErrors } from '../../platform/http/schemas.js';
import { actingOwner } from '../identity/owner.js';
import type { WalletOperations } from './operations.js';
import { findRecipient } from './recipients.js';
import { CentiCredits, OperationSchema } from './schemas.js';
import { listWithdrawals, withdrawalListMax } from './withdrawal-list.js';
import { walletRead, walletWrite, walletWriteContext } from './write-context.js';

const IsmailId = Type.String({ minLength: 10, maxLength: 30, pattern: '^[A-Za-z0-9-]+$' });
const RecipientSchema = Type.Object({ ismailId: Type.String(), displayName: Type.String() });

/**
 * Per session, not per address: many phones share one carrier address in Abidjan. Enough for a person checking a
 * few IDs, too few to walk the ID space.
 */
const lookupRateLimit = {
  max: 20,
  timeWindow: 60_000,
  keyGenerator: (request: FastifyRequest): string =>
    createHash('sha256')
      .update(request.headers.authorization ?? request.ip)
      .digest('hex'),
};

export function walletPortalRoutes(db: Database, ops: WalletOperations) {
  return async (instance: FastifyInstance): Promise<void> => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();

    app.get(
      '/v1/wallet/recipients/:ismailId',
      {
        config: { access: walletWrite, rateLimit: lookupRateLimit },
        schema: {
          tags: ['wallet'],
          summary: 'Whom an ISMAIL ID pays: their name as a payer may see it (masked), before a transfer',
          operationId: 'walletRecipient',
          params: Type.Object({ ismailId: IsmailId }),
          response: withErrors({ 200: RecipientSchema }),
        },
      },
      async (request) => {
        const { principal } = principalOf(request);
        const owner = await actingOwner(db, principal);
        const recipient = await findRecipient(db, owner, request.params.ismailId);
        // Who looked whom up is evidence if someone harvests names.
        await withTransaction(db.pool, (client) =>
          appendAudit(client, {
            actor: { accountId: principal.accountId, label: principal.profile },
            action: 'wallet.recipient_looked_up',
            subject: { type: 'account', id: recipient.accountId },
            place: `ip:${request.ip}`,
            detail: { ismailId: recipient.ismailId },
          }),
        );
        return { ismailId: recipient.ismailId, displayName: recipient.displayName };
      },
    );

    app.post(
      '/v1/wallet/transfers/by-ismail-id',
      {
        config: { access: walletWrite, rateLimit: lookupRateLimit },
        schema: {
          tags: ['wallet'],
          summary: 'Send credits to the user with this ISMAIL ID (not oneself, not a suspended or closed account)',
          operationId: 'walletTransferByIsmailId',
          headers: IdempotencyHeaders,
          body: Type.Object(
            { toIsmailId: IsmailId, amountCentiCredits: CentiCredits },
            { additionalProperties: false },
          ),
          response: withErrors({
            200: Type.Intersect([OperationSchema, Type.Object({ recipient: RecipientSchema })]),
            201: Type.Intersect([OperationSchema, Type.Object({ recipient: RecipientSchema })]),
          }),
        },
      },
      async (request, reply) => {
        const { owner, ctx } = await walletWriteContext(db, request);
        const recipient = await findRecipient(db, owner, request.body.toIsmailId);
        const outcome = await ops.transfer(ctx, {
          fromId: owner,
          toId: recipient.accountId,
          amountCentiCredits: request.body.amountCentiCredits,
        });
        const shown = { ismailId: recipient.ismailId, displayName: recipient.displayName };
        if (outcome.replayed) reply.header('idempotent-replayed', 'true');
        return reply
          .status(outcome.replayed ? 200 : 201)
          .send({ ...outcome.result, recipient: shown, replayed: outcome.replayed });
      },
    );

    app.get(
      '/v1/wallet/withdrawals',
      {
        config: { access: walletRead },
        schema: {
          tags: ['wallet'],
          summary: 'My withdrawal requests (sales reps), newest first, with their status',
          operationId: 'walletWithdrawals',
          querystring: Type.Object(
            { limit: Type.Optional(Type.Integer({ minimum: 1, maximum: withdrawalListMax })) },
            { additionalProperties: false },
          ),
          response: withErrors({
            200: Type.Object({
              withdrawals: Type.Array(
                Type.Object({
                  holdId: Type.String(),
                  operationId: Type.String(),
                  requestedAt: Type.String(),
                  amountCentiCredits: Type.Integer(),
                  destinationMsisdn: Type.Union([Type.String(), Type.Null()]),
                  status: Type.Union([
                    Type.Literal('pending'),
                    Type.Literal('paid'),
                    Type.Literal('refused'),
                    Type.Literal('expired'),
                  ]),
                  decidedAt: Type.Union([Type.String(), Type.Null()]),
                }),
              ),
            }),
          }),
        },
      },
      async (request) => {
        const { principal } = principalOf(request);
        // Withdrawals are a sales rep's: everyone else hears so plainly, as the request route says.
        if (principal.profile !== 'sales_rep') throw new AppError('FORBIDDEN', 'Only sales reps have withdrawals.');
        return { withdrawals: await listWithdrawals(db, principal.accountId, request.query.limit ?? 20) };
      },
    );
  };
}
