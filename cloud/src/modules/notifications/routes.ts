/**
 * Notifications for their recipient (SPEC 3.11): the in-app list and a live WebSocket,
 * preferences per event type and channel, marketing consent and its one-click withdrawal,
 * web-push subscriptions; provider delivery receipts; and, for admins, the delivery log and
 * marketing announcements (sent only to those who consented).
 */
import { Type } from '@sinclair/typebox';
import websocket from '@fastify/websocket';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import {
  AppError,
  MultiLine,
  notificationChannels,
  notificationEventPolicies,
  notificationEventTypes,
} from '@ismail/shared';
import { verifyAccessToken } from '../identity/tokens.js';
import type { Database } from '../../platform/db/database.js';
import { withTransaction } from '../../platform/db/transaction.js';
import { principalOf } from '../../platform/http/access-plugin.js';
import type { Keyring } from '../../platform/keys/keyring.js';
import type { NotificationService } from './service.js';
import { pushEndpointProblem } from './push.js';
import { Uuid, withErrors } from '../../platform/http/schemas.js';

const own = (action: 'read' | 'write' | 'modify') =>
  ({ resource: 'notifications', action, needsSecondFactor: false }) as const;
const receiptBodyMaxBytes = 16 * 1024;
const ChannelSchema = Type.Union(notificationChannels.map((c) => Type.Literal(c)));
const EventTypeSchema = Type.Union(notificationEventTypes.map((t) => Type.Literal(t)));

// A delivery receipt as either provider posts it (Africa’s Talking: a form with id, status and failureReason;
// Orange: JSON with deliveryInfoNotification), every field optional and anything else let through: the
// handler checks what its provider needs.
const ReceiptBodySchema = Type.Object(
  {
    id: Type.Optional(Type.String({ maxLength: 200 })),
    status: Type.Optional(Type.String({ maxLength: 100 })),
    failureReason: Type.Optional(Type.String({ maxLength: 500 })),
    deliveryInfoNotification: Type.Optional(
      Type.Object(
        {
          callbackData: Type.Optional(Type.String({ maxLength: 200 })),
          deliveryInfo: Type.Optional(
            Type.Object(
              { deliveryStatus: Type.Optional(Type.String({ maxLength: 100 })) },
              { additionalProperties: true },
            ),
          ),
        },
        { additionalProperties: true },
      ),
    ),
  },
  { additionalProperties: true },
);

export function notificationRoutes(
  db: Database,
  keyring: Keyring,
  notifications: NotificationService,
  vapidPublicKey: string | null,
) {
  return async (instance: FastifyInstance): Promise<void> => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();
    await app.register(websocket, { options: { maxPayload: 4096 } });
    // Africa's Talking posts its delivery reports as a form.
    app.addContentTypeParser(
      'application/x-www-form-urlencoded',
      { parseAs: 'string', bodyLimit: receiptBodyMaxBytes },
      (_request, body, done) => {
        done(null, Object.fromEntries(new URLSearchParams(body as string)));
      },
    );

    app.get(
      '/v1/notifications',
      {
        config: { access: own('read') },
        schema: {
          tags: ['notifications'],
          summary: 'My notifications, newest first, with what happened on each channel',
          operationId: 'listNotifications',
          querystring: Type.Object(
            { limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })) },
            { additionalProperties: false },
          ),
          response: withErrors({
            200: Type.Object({
              notifications: Type.Array(
                Type.Object({
                  id: Type.String(),
                  type: Type.String(),
                  title: Type.String(),
                  body: Type.String(),
                  createdAt: Type.String(),
                  readAt: Type.Union([Type.String(), Type.Null()]),
                  deliveries: Type.Array(
                    Type.Object({
                      channel: Type.String(),
                      status: Type.String(),
                      reason: Type.Union([Type.String(), Type.Null()]),
                    }),
                  ),
                }),
              ),
            }),
          }),
        },
      },
      async (request) => {
        const { principal } = principalOf(request);
        const limit = request.query.limit ?? 50;
        const { rows } = await db.pool.query<{
          id: string;
          event_type: string;
          title: string;
          body: string;
          created_at: Date;
          read_at: Date | null;
          deliveries: { channel: string; status: string; reason: string | null }[];
        }>(
          `SELECT n.id, n.event_type, n.title, n.body, n.created_at, n.read_at,
                  coalesce(json_agg(json_build_object('channel', d.channel, 'status', d.status, 'reason', d.reason) ORDER BY d.channel) FILTER (WHERE d.id IS NOT NULL), '[]') AS deliveries
           FROM notifications n LEFT JOIN notification_deliveries d ON d.notification_id = n.id
           WHERE n.recipient_id = $1 GROUP BY n.id ORDER BY n.created_at DESC LIMIT $2`,
          [principal.accountId, limit],
        );
        return {
          notifications: rows.map((r) => ({
            id: r.id,
            type: r.event_type,
            title: r.title,
            body: r.body,
            createdAt: r.created_at.toISOString(),
            readAt: r.read_at?.toISOString() ?? null,
            deliveries: r.deliveries,
          })),
        };
      },
    );

    app.post(
      '/v1/notifications/:notificationId/read',
      {
        config: { access: own('write') },
        schema: {
          tags: ['notifications'],
          summary: 'Mark a notification read',
          operationId: 'readNotification',
          params: Type.Object({ notificationId: Uuid }),
          response: withErrors({ 200: Type.Object({ read: Type.Boolean() }) }),
        },
      },
      async (request) => {
        const { principal } = principalOf(request);
        const { notificationId } = request.params;
        const updated = await withTransaction(db.pool, async (client) => {
          const result = await client.query(
            'UPDATE notifications SET read_at = coalesce(read_at, now()) WHERE id = $1 AND recipient_id = $2 RETURNING id',
            [notificationId, principal.accountId],
          );
          if (result.rowCount === 0) return false;
          const inApp = await client.query<{ id: string }>(
            "UPDATE notification_deliveries SET status = 'read', updated_at = now() WHERE notification_id = $1 AND channel = 'in_app' AND status <> 'read' RETURNING id",
            [notificationId],
          );
          for (const d of inApp.rows)
            await client.query(
              "INSERT INTO notification_delivery_events (delivery_id, status, detail) VALUES ($1, 'read', NULL)",
              [d.id],
            );
          return true;
        });
        if (!updated) throw new AppError('NOT_FOUND', 'No such notification.');
        return { read: true };
      },
    );

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

    app.get(
      '/v1/notifications/push-key',
      {
        config: { access: 'public' },
        schema: {
          tags: ['notifications'],
          summary: 'The VAPID public key browsers subscribe with',
          operationId: 'pushKey',
        },
      },
      async () => {
        if (vapidPublicKey === null) throw new AppError('NOT_FOUND', 'Web push is not configured.');
        return { publicKey: vapidPublicKey };
      },
    );

    app.post(
      '/v1/notifications/push-subscriptions',
      {
        config: { access: own('write') },
        schema: {
          tags: ['notifications'],
          summary: "Register this browser's push subscription",
          operationId: 'addPushSubscription',
          body: Type.Object(
            {
              endpoint: Type.String({ format: 'uri', maxLength: 1000, pattern: '^https?://' }),
              keys: Type.Object(
                { p256dh: Type.String({ maxLength: 200 }), auth: Type.String({ maxLength: 100 }) },
                { additionalProperties: false },
              ),
            },
            { additionalProperties: false },
          ),
          response: withErrors({ 201: Type.Object({ registered: Type.Boolean() }) }),
        },
      },
      async (request, reply) => {
        const { principal } = principalOf(request);
        const body = request.body;
        // Only a known push service (the cloud posts to this URL: no SSRF); checked again at each send.
        const problem = pushEndpointProblem(body.endpoint);
        if (problem !== null)
          throw new AppError('PUSH_ENDPOINT_REFUSED', `This push subscription is refused: ${problem}.`);
        await db.pool.query(
          `INSERT INTO push_subscriptions (endpoint, account_id, p256dh, auth) VALUES ($1, $2, $3, $4)
           ON CONFLICT (endpoint) DO UPDATE SET account_id = EXCLUDED.account_id, p256dh = EXCLUDED.p256dh, auth = EXCLUDED.auth, created_at = now()`,
          [body.endpoint, principal.accountId, body.keys.p256dh, body.keys.auth],
        );
        return reply.status(201).send({ registered: true });
      },
    );

    // Delivery receipts: the URL carries a token only we and the provider know (providers do not sign).
    app.post(
      '/v1/notifications/receipts/:provider/:token',
      {
        config: { access: 'public', rateLimit: { max: 1200, timeWindow: 60_000 } },
        schema: {
          tags: ['notifications'],
          summary: 'SMS delivery receipts (Africa’s Talking form, Orange JSON)',
          operationId: 'smsReceipt',
          params: Type.Object({
            provider: Type.Union([Type.Literal('africastalking'), Type.Literal('orange')]),
            token: Type.String({ maxLength: 64 }),
          }),
          body: ReceiptBodySchema,
        },
      },
      async (request) => {
        const { provider, token } = request.params;
        if (token !== notifications.receiptToken(provider)) throw new AppError('FORBIDDEN', 'Unknown receipt address.');
        if (provider === 'africastalking') {
          const form = request.body;
          if (typeof form.id !== 'string') throw new AppError('VALIDATION_FAILED', 'id is required');
          const outcome =
            form.status === 'Success'
              ? 'delivered'
              : form.status === 'Failed' || form.status === 'Rejected'
                ? 'failed'
                : null;
          if (outcome !== null)
            await notifications.onReceipt('africastalking', form.id, outcome, form.failureReason ?? form.status ?? '');
        } else {
          const body = request.body;
          const id = body.deliveryInfoNotification?.callbackData;
          const status = body.deliveryInfoNotification?.deliveryInfo?.deliveryStatus;
          if (typeof id !== 'string') throw new AppError('VALIDATION_FAILED', 'callbackData is required');
          const outcome =
            status === 'DeliveredToTerminal' || status === 'DeliveredToNetwork'
              ? 'delivered'
              : status === 'DeliveryImpossible'
                ? 'failed'
                : null;
          if (outcome !== null) await notifications.onReceipt('orange', id, outcome, status ?? '');
        }
        return { received: true };
      },
    );

    // Browsers cannot set headers on a WebSocket: the access token travels as the subprotocol
    // ("bearer", "<token>"), never in the URL (URLs are logged).
    app.get(
      '/v1/notifications/stream',
      { websocket: true, config: { access: 'public' }, schema: { hide: true } },
      (socket, request) => {
        const offered = (request.headers['sec-websocket-protocol'] ?? '').split(',').map((p) => p.trim());
        const token = offered[0] === 'bearer' ? offered[1] : undefined;
        void (async () => {
          try {
            if (token === undefined) throw new Error('no token');
            const principal = await verifyAccessToken(keyring, token);
            if (!(await app.sessionGate.isOpen(principal))) throw new Error('session ended');
            const unsubscribe = notifications.inApp.subscribe(principal.accountId, (message) =>
              socket.send(JSON.stringify({ type: 'notification', notification: message })),
            );
            if (unsubscribe === null) {
              socket.close(1008, 'too many screens');
              return;
            }
            // Signed out or suspended: the screen closes at once (4001: sign in again), not at the token's expiry.
            const stopWatching = app.sessionGate.watch(principal, () => socket.close(4001, 'session ended'));
            socket.on('close', () => {
              stopWatching();
              unsubscribe();
            });
            socket.send(JSON.stringify({ type: 'ready' }));
          } catch {
            socket.close(1008, 'sign-in required');
          }
        })();
      },
    );

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
