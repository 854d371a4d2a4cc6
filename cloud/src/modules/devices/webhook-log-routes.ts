/**
 * A partner's webhook tools beyond subscribing (issue 23): send a test event (queued and posted signed like any
 * device event, audited) and read a webhook's delivery log. Scoped to the caller's partner: another partner's webhook
 * id answers 404.
 */
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { appendAudit } from '../../platform/audit/audit-log.js';
import type { Database } from '../../platform/db/database.js';
import { withTransaction } from '../../platform/db/transaction.js';
import { principalOf } from '../../platform/http/access-plugin.js';
import { Uuid, withErrors } from '../../platform/http/schemas.js';
import { partnerOf } from '../identity/request-owner.js';
import { deliveryLog, queueTestEvent } from '../webhooks/delivery-log.js';

const DeliverySchema = Type.Object({
  id: Type.String(),
  eventId: Type.String(),
  eventType: Type.String(),
  status: Type.Union([Type.Literal('pending'), Type.Literal('delivered'), Type.Literal('failed')]),
  attempts: Type.Integer(),
  statusCode: Type.Union([Type.Integer(), Type.Null()]),
  error: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String(),
  lastAttemptAt: Type.Union([Type.String(), Type.Null()]),
  deliveredAt: Type.Union([Type.String(), Type.Null()]),
  nextAttemptAt: Type.Union([Type.String(), Type.Null()]),
});

export function webhookLogRoutes(db: Database) {
  return async (instance: FastifyInstance): Promise<void> => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();
    const partner = (request: Parameters<typeof partnerOf>[1]) =>
      partnerOf(db, request, 'Webhooks are for partners (their devices’ events).');
    app.post(
      '/v1/webhooks/:webhookId/test',
      {
        config: { access: { resource: 'devices', action: 'write', needsSecondFactor: false } },
        schema: {
          tags: ['devices'],
          summary: 'Send a test event to my webhook (queued, signed and posted like any event)',
          operationId: 'testWebhook',
          params: Type.Object({ webhookId: Uuid }),
          response: withErrors({ 202: Type.Object({ deliveryId: Type.String(), eventId: Type.String() }) }),
        },
      },
      async (request, reply) => {
        const partnerId = await partner(request);
        const { principal } = principalOf(request);
        const queued = await queueTestEvent(db, partnerId, request.params.webhookId);
        await withTransaction(db.pool, (client) =>
          appendAudit(client, {
            actor: { accountId: principal.accountId, label: principal.profile },
            action: 'webhook.test_sent',
            subject: { type: 'webhook', id: request.params.webhookId },
            place: `ip:${request.ip}`,
            detail: { partnerId, deliveryId: queued.deliveryId },
          }),
        );
        return reply.status(202).send(queued);
      },
    );
    app.get(
      '/v1/webhooks/:webhookId/deliveries',
      {
        config: { access: { resource: 'devices', action: 'read', needsSecondFactor: false } },
        schema: {
          tags: ['devices'],
          summary: 'My webhook’s latest deliveries: attempts, status code, time, next retry',
          operationId: 'listWebhookDeliveries',
          params: Type.Object({ webhookId: Uuid }),
          response: withErrors({ 200: Type.Object({ deliveries: Type.Array(DeliverySchema) }) }),
        },
      },
      async (request) => ({ deliveries: await deliveryLog(db, await partner(request), request.params.webhookId) }),
    );
  };
}
