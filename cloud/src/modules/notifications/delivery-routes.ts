/**
 * Delivery channels' own routes: the VAPID key browsers subscribe with, their web-push subscriptions (known push
 * services only), and the SMS providers' delivery receipts (a form or JSON, at an address only we and they know).
 */
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { AppError } from '@ismail/shared';
import type { Database } from '../../platform/db/database.js';
import { principalOf } from '../../platform/http/access-plugin.js';
import { withErrors } from '../../platform/http/schemas.js';
import { pushEndpointProblem } from './push.js';
import { ownNotifications as own } from './route-schemas.js';
import type { NotificationService } from './service.js';

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

/**
 * A receipt can overtake the send it reports on: the provider posts it while the cloud is still recording the send's
 * message id. Answered 404 (not 200) so the provider posts it again, instead of the receipt being lost.
 */
function known(found: boolean): void {
  if (!found) throw new AppError('NOT_FOUND', 'No message with this id yet: send the receipt again.');
}
export function notificationDeliveryRoutes(
  db: Database,
  notifications: NotificationService,
  vapidPublicKey: string | null,
  endpointProblem: (endpoint: string) => string | null = pushEndpointProblem,
) {
  return async (instance: FastifyInstance): Promise<void> => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();
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
        const problem = endpointProblem(body.endpoint);
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
            known(
              await notifications.onReceipt(
                'africastalking',
                form.id,
                outcome,
                form.failureReason ?? form.status ?? '',
              ),
            );
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
          if (outcome !== null) known(await notifications.onReceipt('orange', id, outcome, status ?? ''));
        }
        return { received: true };
      },
    );
  };
}
