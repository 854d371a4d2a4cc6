/**
 * Buying credits with Wave, MTN MoMo or Orange Money (SPEC 3.5): the holder starts a top-up and follows its
 * status; credits arrive once the provider confirms (routes.ts, top-ups.ts). Staff act for
 * their partner's wallet. A replayed Idempotency-Key answers the first top-up.
 */
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Database } from '../../platform/db/database.js';
import { principalOf } from '../../platform/http/access-plugin.js';
import { IdempotencyHeaders, Uuid, withErrors } from '../../platform/http/schemas.js';
import { actingOwner } from '../identity/owner.js';
import { TopUpSchema } from '../wallet/schemas.js';
import type { MobileMoneyTopUps } from './top-ups.js';

const read = { resource: 'wallet', action: 'read', needsSecondFactor: false } as const;
const write = { resource: 'wallet', action: 'write', needsSecondFactor: false } as const;

export function topUpRoutes(db: Database, topUps: MobileMoneyTopUps) {
  return async (instance: FastifyInstance): Promise<void> => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();
    const ownerOf = (request: Parameters<typeof principalOf>[0]): Promise<string> =>
      actingOwner(db, principalOf(request).principal);
    app.post(
      '/v1/wallet/top-ups/mobile-money',
      {
        config: { access: write },
        schema: {
          tags: ['wallet'],
          summary: 'Buy credits with Wave, MTN MoMo or Orange Money; credits arrive once the provider confirms',
          operationId: 'walletMobileMoneyTopUp',
          headers: IdempotencyHeaders,
          body: Type.Object(
            {
              provider: Type.Union([Type.Literal('wave'), Type.Literal('momo'), Type.Literal('orange')]),
              amountXof: Type.Integer({ minimum: 100, maximum: 2_000_000 }),
              payerMsisdn: Type.Optional(Type.String({ pattern: '^[0-9]{8,15}$' })),
            },
            { additionalProperties: false },
          ),
          response: withErrors({ 201: TopUpSchema }),
        },
      },
      async (request, reply) => {
        const owner = await ownerOf(request);
        const body = request.body;
        const idempotencyKey = (request.headers as Record<string, string | undefined>)['idempotency-key'] ?? '';
        return reply.status(201).send(await topUps.start({ accountId: owner, ...body, idempotencyKey }));
      },
    );

    app.get(
      '/v1/wallet/top-ups/:paymentId',
      {
        config: { access: read },
        schema: {
          tags: ['wallet'],
          summary: 'A mobile-money top-up and its status',
          operationId: 'walletTopUp',
          params: Type.Object({ paymentId: Uuid }),
          response: withErrors({ 200: TopUpSchema }),
        },
      },
      async (request) => topUps.get(request.params.paymentId, await ownerOf(request)),
    );
  };
}
