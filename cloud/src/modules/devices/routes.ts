/**
 * The shop-LAN devices of an establishment's hubs as the hubs reported them (SPEC 3.10): the
 * partner sees its own, admins everyone's (optionally one hub's).
 */
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { AppError } from '@ismail/shared';
import type { Database } from '../../platform/db/database.js';
import { principalOf } from '../../platform/http/access-plugin.js';
import { actingOwner } from '../identity/owner.js';
import { Uuid, withErrors } from '../../platform/http/schemas.js';
import { partnerOf } from '../identity/request-owner.js';
import { webhookEvents, type Webhooks } from '../webhooks/webhooks.js';

const DeviceSchema = Type.Object({
  hubId: Type.String(),
  deviceId: Type.String(),
  type: Type.String(),
  name: Type.String(),
  unitId: Type.Union([Type.String(), Type.Null()]),
  state: Type.String(),
  certExpiresAt: Type.Union([Type.String(), Type.Null()]),
  lastSeenAt: Type.Union([Type.String(), Type.Null()]),
});

const WebhookSchema = Type.Object({
  id: Type.String(),
  url: Type.String(),
  events: Type.Array(Type.String()),
  active: Type.Boolean(),
  pending: Type.Integer(),
  failed: Type.Integer(),
  lastError: Type.Union([Type.String(), Type.Null()]),
});

export function cloudDeviceRoutes(db: Database, webhooks: Webhooks) {
  return async (instance: FastifyInstance): Promise<void> => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();
    app.get(
      '/v1/devices',
      {
        config: { access: { resource: 'devices', action: 'read', needsSecondFactor: false } },
        schema: {
          tags: ['devices'],
          summary: 'The devices of my hubs (all hubs for admins), as the hubs reported them',
          operationId: 'listDevices',
          querystring: Type.Object({ hubId: Type.Optional(Uuid) }, { additionalProperties: false }),
          response: withErrors({ 200: Type.Object({ devices: Type.Array(DeviceSchema) }) }),
        },
      },
      async (request) => {
        const { principal, scope } = principalOf(request);
        // Everyone's devices is an administrator's view: with the second factor, like every admin read.
        if (scope === 'all' && !principal.secondFactor) throw new AppError('SECOND_FACTOR_REQUIRED');
        const hubId = request.query.hubId ?? null;
        const owner = scope === 'all' ? null : await actingOwner(db, principal);
        const { rows } = await db.pool.query<{
          hub_id: string;
          device_id: string;
          type: string;
          name: string;
          unit_id: string | null;
          state: string;
          cert_expires_at: Date | null;
          last_seen_at: Date | null;
        }>(
          `SELECT hub_id, device_id, type, name, unit_id, state, cert_expires_at, last_seen_at FROM hub_devices
           WHERE ($1::uuid IS NULL OR partner_id = $1) AND ($2::uuid IS NULL OR hub_id = $2) ORDER BY hub_id, name LIMIT 1000`,
          [owner, hubId],
        );
        return {
          devices: rows.map((r) => ({
            hubId: r.hub_id,
            deviceId: r.device_id,
            type: r.type,
            name: r.name,
            unitId: r.unit_id,
            state: r.state,
            certExpiresAt: r.cert_expires_at?.toISOString() ?? null,
            lastSeenAt: r.last_seen_at?.toISOString() ?? null,
          })),
        };
      },
    );

    const partner = (request: Parameters<typeof partnerOf>[1]) =>
      partnerOf(db, request, 'Webhooks are for partners (their devices’ events).');
    app.post(
      '/v1/webhooks',
      {
        config: { access: { resource: 'devices', action: 'write', needsSecondFactor: false } },
        schema: {
          tags: ['devices'],
          summary: 'Subscribe a URL to my devices’ events; the signing secret is shown once',
          operationId: 'subscribeWebhook',
          body: Type.Object(
            {
              url: Type.String({ minLength: 8, maxLength: 500 }),
              events: Type.Array(Type.Union(webhookEvents.map((e) => Type.Literal(e))), { minItems: 1, maxItems: 10 }),
            },
            { additionalProperties: false },
          ),
          response: withErrors({ 201: Type.Object({ id: Type.String(), secret: Type.String() }) }),
        },
      },
      async (request, reply) => reply.status(201).send(await webhooks.subscribe(await partner(request), request.body)),
    );
    app.get(
      '/v1/webhooks',
      {
        config: { access: { resource: 'devices', action: 'read', needsSecondFactor: false } },
        schema: {
          tags: ['devices'],
          summary: 'My webhooks, with deliveries waiting and given up',
          operationId: 'listWebhooks',
          response: withErrors({ 200: Type.Object({ webhooks: Type.Array(WebhookSchema) }) }),
        },
      },
      async (request) => ({ webhooks: await webhooks.list(await partner(request)) }),
    );
    app.delete(
      '/v1/webhooks/:webhookId',
      {
        config: { access: { resource: 'devices', action: 'delete', needsSecondFactor: false } },
        schema: {
          tags: ['devices'],
          summary: 'Stop a webhook',
          operationId: 'deleteWebhook',
          params: Type.Object({ webhookId: Uuid }),
        },
      },
      async (request) => {
        await webhooks.unsubscribe(await partner(request), request.params.webhookId);
        return { stopped: true };
      },
    );
  };
}
