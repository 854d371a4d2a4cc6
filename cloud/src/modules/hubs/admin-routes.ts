/**
 * Hubs, admin side: register a hub for a partner's establishment (answering its one-time pairing code), list them
 * with their sync state, revoke or replace one, and set its offline ceilings. Every route needs a second factor.
 */
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Database } from '../../platform/db/database.js';
import { principalOf } from '../../platform/http/access-plugin.js';
import { Uuid, withErrors } from '../../platform/http/schemas.js';
import { listHubs, registerHub, replaceHub, revokeHub, setOfflineLimits } from './registry.js';
import { requireRecentSecondFactor } from '../operator/admin-step-up.js';

const administer = { resource: 'hubs', action: 'administer', needsSecondFactor: true } as const;
const inspect = { resource: 'hubs', action: 'read', needsSecondFactor: true } as const;
const tags = ['hubs'];

const HubSchema = Type.Object({
  id: Type.String(),
  partnerId: Type.String(),
  name: Type.String(),
  status: Type.String(),
  lastAppliedSeq: Type.Integer(),
  lastSeenAt: Type.Union([Type.String(), Type.Null()]),
});

export function hubAdminRoutes(db: Database) {
  return async (instance: FastifyInstance): Promise<void> => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();
    app.post(
      '/v1/admin/hubs',
      {
        config: { access: administer },
        schema: {
          tags,
          summary: "Register a hub for a partner's establishment; answers its one-time pairing code",
          operationId: 'registerHub',
          body: Type.Object(
            { partnerId: Uuid, name: Type.String({ minLength: 1, maxLength: 80 }) },
            { additionalProperties: false },
          ),
          response: withErrors({
            201: Type.Object({ hub: HubSchema, pairingCode: Type.String(), expiresAt: Type.String() }),
          }),
        },
      },
      async (request, reply) => {
        const body = request.body;
        return reply
          .status(201)
          .send(await registerHub(db, { ...body, adminId: principalOf(request).principal.accountId }));
      },
    );
    app.get(
      '/v1/admin/hubs',
      { config: { access: inspect }, schema: { tags, summary: 'Hubs and their sync state', operationId: 'listHubs' } },
      async () => {
        return { hubs: await listHubs(db) };
      },
    );
    app.post(
      '/v1/admin/hubs/:hubId/revoke',
      {
        config: { access: administer },
        schema: {
          tags,
          summary: 'Revoke a hub (stolen, replaced): its token stops working at once',
          operationId: 'revokeHub',
          params: Type.Object({ hubId: Uuid }),
          body: Type.Object({ reason: Type.String({ minLength: 1, maxLength: 300 }) }, { additionalProperties: false }),
          response: withErrors({ 200: HubSchema }),
        },
      },
      async (request) => {
        // Revoking stops a shop's counter: the authenticator code must have been given within the step-up window.
        await requireRecentSecondFactor(db.pool, request);
        return revokeHub(db, request.params.hubId, principalOf(request).principal.accountId, request.body.reason);
      },
    );
    app.post(
      '/v1/admin/hubs/:hubId/replace',
      {
        config: { access: administer },
        schema: {
          tags,
          summary:
            'Start replacing a hub’s machine: a new one-time pairing code; the old machine’s token stops working',
          operationId: 'replaceHub',
          params: Type.Object({ hubId: Uuid }),
          body: Type.Object({ reason: Type.String({ minLength: 1, maxLength: 300 }) }, { additionalProperties: false }),
        },
      },
      async (request, reply) => {
        await requireRecentSecondFactor(db.pool, request);
        const { principal } = principalOf(request);
        return reply
          .status(201)
          .send(
            await replaceHub(
              db,
              request.params.hubId,
              { accountId: principal.accountId, label: principal.profile },
              request.body.reason,
            ),
          );
      },
    );
    app.put(
      '/v1/admin/hubs/:hubId/offline-limits',
      {
        config: { access: administer },
        schema: {
          tags,
          summary: 'Ceilings on wallet debits this hub may take offline (signed into its policy)',
          operationId: 'setHubOfflineLimits',
          params: Type.Object({ hubId: Uuid }),
          body: Type.Object(
            {
              perTransactionCentiCredits: Type.Integer({ minimum: 0, maximum: 100_000_000 }),
              perWalletPerDayCentiCredits: Type.Integer({ minimum: 0, maximum: 100_000_000 }),
              perHubPerDayCentiCredits: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000_000 })),
              cashTopUpPerDayXof: Type.Optional(Type.Integer({ minimum: 0, maximum: 100_000_000 })),
            },
            { additionalProperties: false },
          ),
          response: withErrors({ 200: HubSchema }),
        },
      },
      async (request) =>
        setOfflineLimits(db, request.params.hubId, request.body, {
          accountId: principalOf(request).principal.accountId,
          label: 'admin',
        }),
    );
  };
}
