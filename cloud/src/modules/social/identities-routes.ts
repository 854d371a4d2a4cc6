/**
 * A signed-in person's linked sign-in identities: the list, and unlinking one (audited). The
 * account keeps its password, so unlinking never locks anyone out.
 */
import type { TSchema } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { AppError, ErrorBodySchema } from '@ismail/shared';
import { appendAudit } from '../../platform/audit/audit-log.js';
import type { Database } from '../../platform/db/database.js';
import { withTransaction } from '../../platform/db/transaction.js';
import { principalOf } from '../../platform/http/access-plugin.js';
import { identitiesListedMax } from './limits.js';
import { IdentitiesSchema, IdentityParamsSchema } from './schemas.js';

// Declares only its refusals: the type provider types no success answer from it (204, no body).
const refusals: Record<string, TSchema> = { '4xx': ErrorBodySchema };

interface IdentityRow {
  id: string;
  provider_label: string;
  issuer: string;
  email: string | null;
  linked_at: Date;
  last_used_at: Date | null;
}

export function identitiesRoutes(db: Database) {
  return async (instance: FastifyInstance): Promise<void> => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();

    app.get(
      '/v1/social/identities',
      {
        config: { access: { resource: 'accounts', action: 'read', needsSecondFactor: false } },
        schema: {
          tags: ['social'],
          summary: 'My linked sign-in identities',
          operationId: 'listSocialIdentities',
          response: { 200: IdentitiesSchema, '4xx': ErrorBodySchema },
        },
      },
      async (request) => {
        const { principal } = principalOf(request);
        const { rows } = await db.pool.query<IdentityRow>(
          `SELECT id, provider_label, issuer, email, linked_at, last_used_at FROM social_identities
           WHERE account_id = $1 ORDER BY linked_at, id LIMIT $2`,
          [principal.accountId, identitiesListedMax],
        );
        return {
          identities: rows.map((row) => ({
            id: row.id,
            providerLabel: row.provider_label,
            issuer: row.issuer,
            email: row.email,
            linkedAt: row.linked_at.toISOString(),
            lastUsedAt: row.last_used_at?.toISOString() ?? null,
          })),
        };
      },
    );

    app.delete(
      '/v1/social/identities/:identityId',
      {
        config: { access: { resource: 'accounts', action: 'modify', needsSecondFactor: false } },
        schema: {
          tags: ['social'],
          summary: 'Unlink one of my sign-in identities',
          operationId: 'unlinkSocialIdentity',
          params: IdentityParamsSchema,
          response: refusals,
        },
      },
      async (request, reply) => {
        const { principal } = principalOf(request);
        await withTransaction(db.pool, async (client) => {
          const { rows } = await client.query<{ issuer: string; provider_label: string }>(
            'DELETE FROM social_identities WHERE id = $1 AND account_id = $2 RETURNING issuer, provider_label',
            [request.params.identityId, principal.accountId],
          );
          const removed = rows[0];
          if (removed === undefined) throw new AppError('NOT_FOUND', 'No such linked identity on your account.');
          await appendAudit(client, {
            actor: { accountId: principal.accountId, label: 'self' },
            action: 'social.identity_unlinked',
            subject: { type: 'account', id: principal.accountId },
            place: `ip:${request.ip}`,
            detail: { issuer: removed.issuer, provider: removed.provider_label },
          });
        });
        return reply.status(204).send();
      },
    );
  };
}
