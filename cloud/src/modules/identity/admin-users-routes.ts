/**
 * The admins' Users screen (issue 23): find an account, suspend it or reinstate it. Admin profiles with the second
 * factor only (accounts/administer: no other profile holds it); a suspension or reinstatement also needs the code given
 * within the step-up window, a reason, and is audited with the admin as actor (admin-users-suspend.ts).
 */
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { AppError, profileKeys } from '@ismail/shared';
import { appendAudit } from '../../platform/audit/audit-log.js';
import type { Database } from '../../platform/db/database.js';
import { withTransaction } from '../../platform/db/transaction.js';
import { principalOf } from '../../platform/http/access-plugin.js';
import { Uuid, withErrors } from '../../platform/http/schemas.js';
import type { CardService } from '../cards/cards.js';
import { requireRecentSecondFactor } from '../operator/admin-step-up.js';
import { AdminUserSchema, criterionOf, findUsers, userSearchMax } from './admin-users-search.js';
import { reinstateAccount, suspendAccount, type AdminActor } from './admin-users-suspend.js';

const administer = { resource: 'accounts', action: 'administer', needsSecondFactor: true } as const;
const Reason = Type.String({ minLength: 3, maxLength: 500 });

export function adminUserRoutes(db: Database, cards: CardService) {
  return async (instance: FastifyInstance): Promise<void> => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();
    const actorOf = (request: Parameters<typeof principalOf>[0] & { ip: string }): AdminActor => {
      const { principal } = principalOf(request);
      return {
        accountId: principal.accountId,
        label: principal.profile,
        place: `ip:${request.ip}`,
        profile: principal.profile,
      };
    };

    app.get(
      '/v1/admin/users',
      {
        config: { access: administer },
        schema: {
          tags: ['admin'],
          summary: 'Find accounts by ISMAIL ID, e-mail, phone or part of the name (audited search)',
          operationId: 'adminFindUsers',
          querystring: Type.Object(
            {
              q: Type.String({ minLength: 2, maxLength: 200 }),
              profile: Type.Optional(Type.Union(profileKeys.map((k) => Type.Literal(k)))),
            },
            { additionalProperties: false },
          ),
          response: withErrors({
            200: Type.Object({ users: Type.Array(AdminUserSchema, { maxItems: userSearchMax }) }),
          }),
        },
      },
      async (request, reply) => {
        const criterion = criterionOf(request.query.q);
        const users = await findUsers(db.pool, criterion, request.query.profile ?? null);
        const actor = actorOf(request);
        await withTransaction(db.pool, (client) =>
          appendAudit(client, {
            actor,
            action: 'account.searched',
            subject: { type: 'account_search', id: criterion.by },
            place: actor.place,
            detail: { by: criterion.by, found: users.length },
          }),
        );
        reply.header('cache-control', 'no-store');
        return { users };
      },
    );

    app.post(
      '/v1/admin/users/:accountId/:change',
      {
        config: { access: administer },
        schema: {
          tags: ['admin'],
          summary: 'Suspend (sessions end, card suspended) or reinstate an account, with a reason (step-up, audited)',
          operationId: 'adminChangeUserStatus',
          params: Type.Object({
            accountId: Uuid,
            change: Type.Union([Type.Literal('suspend'), Type.Literal('reinstate')]),
          }),
          body: Type.Object({ reason: Reason }, { additionalProperties: false }),
          response: withErrors({ 200: AdminUserSchema }),
        },
      },
      async (request) => {
        const { accountId, change } = request.params;
        await requireRecentSecondFactor(db.pool, request);
        const actor = actorOf(request);
        const reason = request.body.reason.trim();
        if (reason.length < 3) throw new AppError('VALIDATION_FAILED', 'Écrivez un motif (3 caractères au moins).');
        await withTransaction(db.pool, (client) =>
          change === 'suspend'
            ? suspendAccount(client, cards, accountId, actor, reason)
            : reinstateAccount(client, cards, accountId, actor, reason),
        );
        // Committed: its tokens stop at once here and its open screens close (other processes within 30 s).
        if (change === 'suspend') app.sessionGate.ended({ accountId, sessionIds: 'all' });
        const [user] = await findUsers(db.pool, { by: 'id', value: accountId }, null);
        if (user === undefined) throw new Error('the account just changed is not found');
        return user;
      },
    );
  };
}
