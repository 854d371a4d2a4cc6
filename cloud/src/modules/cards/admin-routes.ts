/**
 * Card lifecycle for administrators with the second factor (SPEC 3.3): issue or renew, suspend, reinstate, revoke;
 * audited with the admin as actor.
 */
import { Type, type TSchema } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { ErrorBodySchema } from '@ismail/shared';
import type { Database } from '../../platform/db/database.js';
import { withTransaction } from '../../platform/db/transaction.js';
import { Uuid } from '../../platform/http/schemas.js';
import { adminActorOf } from '../identity/admin-routes.js';
import type { CardService } from './cards.js';
import { requireRecentSecondFactor } from '../operator/admin-step-up.js';

// Only the refusals are declared (the success answers have no schema), so the type provider types no success answer
// from them.
const errors: Record<string, TSchema> = { '4xx': ErrorBodySchema };

export function cardAdminRoutes(db: Database, cards: CardService) {
  return async (instance: FastifyInstance): Promise<void> => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();
    app.post(
      '/v1/admin/accounts/:accountId/cards',
      {
        config: { access: { resource: 'cards', action: 'administer', needsSecondFactor: true } },
        schema: {
          tags: ['admin'],
          summary: 'Issue or renew a card',
          operationId: 'adminIssueCard',
          params: Type.Object({ accountId: Uuid }),
          response: errors,
        },
      },
      async (request, reply) => {
        const { accountId } = request.params;
        const issued = await withTransaction(db.pool, (client) =>
          cards.issue(client, accountId, adminActorOf(request)),
        );
        return reply.status(201).send({ cardId: issued.cardId, expiresAt: issued.expiresAt.toISOString() });
      },
    );

    app.post(
      '/v1/admin/cards/:cardId/:change',
      {
        config: { access: { resource: 'cards', action: 'administer', needsSecondFactor: true } },
        schema: {
          tags: ['admin'],
          summary: 'Suspend, reinstate or revoke a card',
          operationId: 'adminChangeCard',
          params: Type.Object({
            cardId: Uuid,
            change: Type.Union([Type.Literal('suspend'), Type.Literal('reinstate'), Type.Literal('revoke')]),
          }),
          body: Type.Object({ reason: Type.String({ minLength: 3, maxLength: 500 }) }, { additionalProperties: false }),
          response: errors,
        },
      },
      async (request) => {
        const { cardId, change } = request.params;
        await requireRecentSecondFactor(db.pool, request);
        await withTransaction(db.pool, (client) =>
          cards.changeState(client, cardId, change, adminActorOf(request), request.body.reason),
        );
        return { cardId, change, done: true };
      },
    );
  };
}
