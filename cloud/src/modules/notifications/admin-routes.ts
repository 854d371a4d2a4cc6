/** Notifications for admins: the delivery log, and marketing announcements (sent only to those who consented). */
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { MultiLine } from '@ismail/shared';
import type { Database } from '../../platform/db/database.js';
import { Uuid } from '../../platform/http/schemas.js';
import { ChannelSchema } from './route-schemas.js';
import type { NotificationService } from './service.js';

export function notificationAdminRoutes(db: Database, notifications: NotificationService) {
  return async (instance: FastifyInstance): Promise<void> => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();
    app.get(
      '/v1/admin/notifications/deliveries',
      {
        config: { access: { resource: 'audit', action: 'read', needsSecondFactor: true } },
        schema: {
          tags: ['admin', 'notifications'],
          summary: 'The delivery log, filtered',
          operationId: 'adminDeliveries',
          querystring: Type.Object(
            {
              status: Type.Optional(Type.String({ maxLength: 20 })),
              channel: Type.Optional(ChannelSchema),
              eventType: Type.Optional(Type.String({ maxLength: 60 })),
              recipientId: Type.Optional(Uuid),
              limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
            },
            { additionalProperties: false },
          ),
        },
      },
      async (request) => {
        const q = request.query;
        const { rows } = await db.pool.query(
          `SELECT d.id, n.event_type AS "eventType", n.recipient_id AS "recipientId", d.channel, d.status, d.reason, d.provider, d.attempts, d.sms_parts AS "smsParts", d.created_at AS "createdAt", d.updated_at AS "updatedAt"
           FROM notification_deliveries d JOIN notifications n ON n.id = d.notification_id
           WHERE ($1::text IS NULL OR d.status = $1) AND ($2::text IS NULL OR d.channel = $2) AND ($3::text IS NULL OR n.event_type = $3) AND ($4::uuid IS NULL OR n.recipient_id = $4)
           ORDER BY d.created_at DESC LIMIT $5`,
          [q.status ?? null, q.channel ?? null, q.eventType ?? null, q.recipientId ?? null, q.limit ?? 100],
        );
        return { deliveries: rows };
      },
    );

    app.post(
      '/v1/admin/notifications/announcements',
      {
        config: { access: { resource: 'accounts', action: 'administer', needsSecondFactor: true } },
        schema: {
          tags: ['admin', 'notifications'],
          summary: 'Send a marketing announcement (only to those who consented; each with an unsubscribe link)',
          operationId: 'adminAnnouncement',
          body: Type.Object(
            {
              key: Type.String({ pattern: '^[A-Za-z0-9_.:-]{1,100}$' }),
              title: Type.String({ minLength: 1, maxLength: 120 }),
              body: MultiLine({ minLength: 1, maxLength: 1000 }),
              recipientIds: Type.Array(Uuid, { minItems: 1, maxItems: 1000 }),
            },
            { additionalProperties: false },
          ),
        },
      },
      async (request) => {
        const body = request.body;
        let sent = 0;
        let skipped = 0;
        for (const recipientId of body.recipientIds) {
          const who = await db.pool.query<{ first_name: string | null; display_name: string }>(
            'SELECT first_name, display_name FROM accounts WHERE id = $1',
            [recipientId],
          );
          const account = who.rows[0];
          if (account === undefined) continue;
          const result = await notifications.emit({
            key: `announcement:${body.key}`,
            type: 'marketing.announcement',
            recipientId,
            data: { firstName: account.first_name ?? account.display_name, title: body.title, body: body.body },
          });
          if (result.deliveries.some((d) => d.status !== 'skipped')) sent++;
          else skipped++;
        }
        return { sent, skipped };
      },
    );
  };
}
