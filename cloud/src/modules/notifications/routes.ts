/**
 * Notifications for their recipient (SPEC 3.11): the in-app list and a live WebSocket,
 * preferences per event type and channel, marketing consent and its one-click withdrawal,
 * web-push subscriptions; provider delivery receipts; and, for admins, the delivery log and
 * marketing announcements (sent only to those who consented). This plugin holds the in-app list and the live
 * WebSocket, and registers the others (preference-routes.ts, delivery-routes.ts, admin-routes.ts) inside it, so
 * they share its WebSocket support and its form parser (SMS receipts).
 */
import { Type } from '@sinclair/typebox';
import websocket from '@fastify/websocket';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { AppError } from '@ismail/shared';
import { verifyAccessToken } from '../identity/tokens.js';
import type { Database } from '../../platform/db/database.js';
import { withTransaction } from '../../platform/db/transaction.js';
import { principalOf } from '../../platform/http/access-plugin.js';
import type { Keyring } from '../../platform/keys/keyring.js';
import { Uuid, withErrors } from '../../platform/http/schemas.js';
import { notificationAdminRoutes } from './admin-routes.js';
import { notificationDeliveryRoutes } from './delivery-routes.js';
import { notificationPreferenceRoutes } from './preference-routes.js';
import { ownNotifications as own } from './route-schemas.js';
import type { NotificationService } from './service.js';

/** An SMS receipt form is small: more is not a receipt. */
const receiptBodyMaxBytes = 16 * 1024;

export function notificationRoutes(
  db: Database,
  keyring: Keyring,
  notifications: NotificationService,
  vapidPublicKey: string | null,
  pushEndpointProblem?: (endpoint: string) => string | null,
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

    await app.register(notificationPreferenceRoutes(db, notifications));
    await app.register(notificationDeliveryRoutes(db, notifications, vapidPublicKey, pushEndpointProblem));

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
            const unsubscribe = await notifications.inApp.subscribe(principal.accountId, (message) =>
              socket.send(JSON.stringify({ type: 'notification', notification: message })),
            );
            if (unsubscribe === null) {
              socket.close(1008, 'too many screens');
              return;
            }
            // Closed while the screen was being counted: its place is given back at once.
            if (socket.readyState !== socket.OPEN) return unsubscribe();
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

    await app.register(notificationAdminRoutes(db, notifications));
  };
}
