/**
 * A recipient's notification preferences: channels per event type, marketing consent (recorded at each change), and
 * the one-click withdrawal a signed link in a message makes.
 */
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { AppError, notificationEventPolicies, notificationEventTypes } from '@ismail/shared';
import type { Database } from '../../platform/db/database.js';
import { withTransaction } from '../../platform/db/transaction.js';
import { principalOf } from '../../platform/http/access-plugin.js';
import { Uuid, withErrors } from '../../platform/http/schemas.js';
import { ChannelSchema, EventTypeSchema, ownNotifications as own } from './route-schemas.js';
import type { NotificationService } from './service.js';

export function notificationPreferenceRoutes(db: Database, notifications: NotificationService) {
  return async (instance: FastifyInstance): Promise<void> => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();
    const PreferencesSchema = Type.Object({
      marketingConsent: Type.Boolean(),
      events: Type.Array(
        Type.Object({
          eventType: Type.String(),
          category: Type.String(),
          channels: Type.Array(Type.Object({ channel: Type.String(), enabled: Type.Boolean() })),
        }),
      ),
    });

    async function preferencesOf(accountId: string) {
      const prefs = await db.pool.query<{ event_type: string; channel: string; enabled: boolean }>(
        'SELECT event_type, channel, enabled FROM notification_preferences WHERE account_id = $1',
        [accountId],
      );
      const consent = await db.pool.query<{ granted: boolean }>(
        'SELECT granted FROM marketing_consents WHERE account_id = $1 ORDER BY id DESC LIMIT 1',
        [accountId],
      );
      const off = new Set(prefs.rows.filter((p) => !p.enabled).map((p) => `${p.event_type}/${p.channel}`));
      return {
        marketingConsent: consent.rows[0]?.granted === true,
        events: notificationEventTypes.map((type) => ({
          eventType: type,
          category: notificationEventPolicies[type].category,
          channels: notificationEventPolicies[type].channels.map((channel) => ({
            channel,
            enabled: !off.has(`${type}/${channel}`),
          })),
        })),
      };
    }

    app.get(
      '/v1/notifications/preferences',
      {
        config: { access: own('read') },
        schema: {
          tags: ['notifications'],
          summary: 'My channels per event type, and my marketing consent',
          operationId: 'getNotificationPreferences',
          response: withErrors({ 200: PreferencesSchema }),
        },
      },
      async (request) => preferencesOf(principalOf(request).principal.accountId),
    );

    app.put(
      '/v1/notifications/preferences',
      {
        config: { access: own('modify') },
        schema: {
          tags: ['notifications'],
          summary: 'Turn channels on or off per event type',
          operationId: 'setNotificationPreferences',
          body: Type.Object(
            {
              changes: Type.Array(
                Type.Object(
                  { eventType: EventTypeSchema, channel: ChannelSchema, enabled: Type.Boolean() },
                  { additionalProperties: false },
                ),
                { minItems: 1, maxItems: 100 },
              ),
            },
            { additionalProperties: false },
          ),
          response: withErrors({ 200: PreferencesSchema }),
        },
      },
      async (request) => {
        const { principal } = principalOf(request);
        const { changes } = request.body;
        for (const change of changes) {
          if (!notificationEventPolicies[change.eventType].channels.includes(change.channel))
            throw new AppError('VALIDATION_FAILED', `${change.eventType} is not sent by ${change.channel}`);
        }
        await withTransaction(db.pool, async (client) => {
          for (const change of changes) {
            await client.query(
              `INSERT INTO notification_preferences (account_id, event_type, channel, enabled) VALUES ($1, $2, $3, $4)
               ON CONFLICT (account_id, event_type, channel) DO UPDATE SET enabled = EXCLUDED.enabled, updated_at = now()`,
              [principal.accountId, change.eventType, change.channel, change.enabled],
            );
          }
        });
        return preferencesOf(principal.accountId);
      },
    );

    app.put(
      '/v1/notifications/marketing-consent',
      {
        config: { access: own('modify') },
        schema: {
          tags: ['notifications'],
          summary: 'Give or withdraw consent to marketing messages (recorded)',
          operationId: 'setMarketingConsent',
          body: Type.Object({ granted: Type.Boolean() }, { additionalProperties: false }),
          response: withErrors({ 200: PreferencesSchema }),
        },
      },
      async (request) => {
        const { principal } = principalOf(request);
        await db.pool.query(
          "INSERT INTO marketing_consents (account_id, granted, source) VALUES ($1, $2, 'preferences')",
          [principal.accountId, request.body.granted],
        );
        return preferencesOf(principal.accountId);
      },
    );

    app.get(
      '/v1/notifications/marketing-consent/history',
      {
        config: { access: own('read') },
        schema: {
          tags: ['notifications'],
          summary: 'Every change of my marketing consent, newest first (when, given or withdrawn, from where)',
          operationId: 'getMarketingConsentHistory',
          querystring: Type.Object(
            { limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })) },
            { additionalProperties: false },
          ),
          response: withErrors({
            200: Type.Object({
              history: Type.Array(
                Type.Object({
                  granted: Type.Boolean(),
                  source: Type.String(),
                  at: Type.String({ format: 'date-time' }),
                }),
              ),
            }),
          }),
        },
      },
      async (request) => {
        const { principal } = principalOf(request);
        const { rows } = await db.pool.query<{ granted: boolean; source: string; at: Date }>(
          'SELECT granted, source, at FROM marketing_consents WHERE account_id = $1 ORDER BY id DESC LIMIT $2',
          [principal.accountId, request.query.limit ?? 50],
        );
        return { history: rows.map((r) => ({ granted: r.granted, source: r.source, at: r.at.toISOString() })) };
      },
    );

    app.get(
      '/v1/notifications/unsubscribe',
      {
        config: { access: 'public' },
        schema: {
          tags: ['notifications'],
          summary: 'One-click withdrawal of marketing consent (signed link from a message)',
          operationId: 'unsubscribe',
          querystring: Type.Object({ account: Uuid, token: Type.String({ maxLength: 100 }) }),
        },
      },
      async (request, reply) => {
        const { account, token } = request.query;
        if (!notifications.verifyUnsubscribeToken(account, token))
          throw new AppError('FORBIDDEN', 'This unsubscribe link is not valid.');
        await db.pool.query(
          "INSERT INTO marketing_consents (account_id, granted, source) VALUES ($1, false, 'unsubscribe_link')",
          [account],
        );
        return reply
          .type('text/html; charset=utf-8')
          .send(
            '<!doctype html><html lang="fr"><meta charset="utf-8"><title>ISMAIL</title><p>Vous ne recevrez plus nos messages commerciaux. Les messages liés à votre compte continuent.</p></html>',
          );
      },
    );
  };
}
