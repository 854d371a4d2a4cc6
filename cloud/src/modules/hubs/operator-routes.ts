/**
 * Operator routes for hubs (the CLI on the cloud machine): register a hub for a partner and
 * read every hub's sync state. The operator acts as ISMAIL's own account in the audit log.
 */
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Database } from '../../platform/db/database.js';
import { operatorAccountId } from '../invoicing/automatic.js';
import { listHubs, registerHub, replaceHub, setOfflineLimits } from './registry.js';
import { Uuid } from '../../platform/http/schemas.js';

export function operatorHubRoutes(db: Database) {
  return async (instance: FastifyInstance): Promise<void> => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();
    app.post(
      '/v1/operator/hubs',
      {
        config: { access: 'operator' },
        schema: {
          tags: ['operator'],
          summary: 'Register a hub for a partner (answers its one-time pairing code)',
          operationId: 'operatorRegisterHub',
          body: Type.Object(
            { partnerId: Uuid, name: Type.String({ minLength: 1, maxLength: 80 }) },
            { additionalProperties: false },
          ),
        },
      },
      async (request, reply) =>
        reply.status(201).send(await registerHub(db, { ...request.body, adminId: operatorAccountId })),
    );
    app.post(
      '/v1/operator/hubs/:hubId/replace',
      {
        config: { access: 'operator' },
        schema: {
          tags: ['operator'],
          summary: 'Start replacing a hub’s machine (new one-time pairing code)',
          operationId: 'operatorReplaceHub',
          params: Type.Object({ hubId: Uuid }),
          body: Type.Object({ reason: Type.String({ minLength: 1, maxLength: 300 }) }, { additionalProperties: false }),
        },
      },
      async (request, reply) =>
        reply
          .status(201)
          .send(
            await replaceHub(
              db,
              request.params.hubId,
              { accountId: operatorAccountId, label: 'operator' },
              request.body.reason,
            ),
          ),
    );
    app.put(
      '/v1/operator/hubs/:hubId/offline-limits',
      {
        config: { access: 'operator' },
        schema: {
          tags: ['operator'],
          summary: 'Set a hub’s offline wallet-debit ceilings',
          operationId: 'operatorSetHubOfflineLimits',
          params: Type.Object({ hubId: Uuid }),
          body: Type.Object(
            {
              perTransactionCentiCredits: Type.Integer({ minimum: 0, maximum: 100_000_000 }),
              perWalletPerDayCentiCredits: Type.Integer({ minimum: 0, maximum: 100_000_000 }),
            },
            { additionalProperties: false },
          ),
        },
      },
      async (request) =>
        setOfflineLimits(db, request.params.hubId, request.body, { accountId: operatorAccountId, label: 'operator' }),
    );
    app.get(
      '/v1/operator/hubs',
      {
        config: { access: 'operator' },
        schema: { tags: ['operator'], summary: 'Every hub and its sync state', operationId: 'operatorListHubs' },
      },
      async () => {
        return { hubs: await listHubs(db) };
      },
    );
  };
}
