/** /v1/admin/services/disputes: the admins' dispute desk (list, decide); second factor required, decisions audited. */
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Database } from '../../platform/db/database.js';
import { Uuid, withErrors } from '../../platform/http/schemas.js';
import { ownerOf } from '../identity/request-owner.js';
import type { ServicesFlows } from './flows.js';
import { AdminDisputeListSchema, DisputeSchema } from './flow-schemas.js';

const access = { resource: 'services', action: 'administer', needsSecondFactor: true } as const;
const tags = ['services', 'admin'];

export function adminDisputeRoutes(db: Database, flows: ServicesFlows) {
  return async (instance: FastifyInstance): Promise<void> => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();
    app.get(
      '/v1/admin/services/disputes',
      {
        config: { access },
        schema: {
          tags,
          summary: 'Service disputes, open ones oldest first',
          operationId: 'adminServiceDisputes',
          querystring: Type.Object(
            { status: Type.Optional(Type.Union([Type.Literal('open'), Type.Literal('decided')])) },
            { additionalProperties: false },
          ),
          response: withErrors({ 200: AdminDisputeListSchema }),
        },
      },
      async (request) => ({ disputes: await flows.disputes.list(request.query.status ?? 'open') }),
    );
    app.post(
      '/v1/admin/services/disputes/:disputeId/decision',
      {
        config: { access },
        schema: {
          tags,
          summary: 'Decide a dispute: release to the provider, or refund the client in full or in part',
          operationId: 'decideServiceDispute',
          params: Type.Object({ disputeId: Uuid }),
          body: Type.Object(
            {
              outcome: Type.Union([Type.Literal('release'), Type.Literal('refund')]),
              refundBp: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000 })),
              note: Type.String({ minLength: 1, maxLength: 2000 }),
            },
            { additionalProperties: false },
          ),
          response: withErrors({ 200: DisputeSchema }),
        },
      },
      async (request) => flows.disputes.decide(await ownerOf(db, request), request.params.disputeId, request.body),
    );
  };
}
