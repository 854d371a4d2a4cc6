/**
 * Orange Money's notification and return page (public: Orange and the payer call them). The
 * notification is not signed: it is refused unless it carries the notif_token Orange gave for
 * that payment (compared in constant time), and even then it only makes the cloud read the
 * transaction status from Orange itself; credits come from that read, once (top-ups.ts).
 */
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { AppError } from '@ismail/shared';
import { Uuid, withErrors } from '../../platform/http/schemas.js';
import type { MobileMoneyTopUps } from './top-ups.js';

/** Providers retry; a flood from one address is not a provider. */
const notificationRateLimit = { max: 600, timeWindow: 60_000 };
const notificationBodyMaxBytes = 16 * 1024;

export function orangeRoutes(topUps: MobileMoneyTopUps) {
  return async (instance: FastifyInstance): Promise<void> => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();

    app.post(
      '/v1/payments/orange/notification/:paymentId',
      {
        bodyLimit: notificationBodyMaxBytes,
        config: { access: 'public', rateLimit: notificationRateLimit },
        schema: {
          tags: ['payments'],
          summary: 'Orange Money notification (unsigned: checked by its notif_token, then a status read)',
          operationId: 'orangeMoneyNotification',
          params: Type.Object({ paymentId: Uuid }),
          body: Type.Object({
            status: Type.String({ maxLength: 40 }),
            notif_token: Type.String({ minLength: 1, maxLength: 200 }),
            txnid: Type.Optional(Type.String({ maxLength: 100 })),
          }),
          response: withErrors({ 200: Type.Object({ received: Type.Boolean(), status: Type.String() }) }),
        },
      },
      async (request) => {
        const { paymentId } = request.params;
        if (!(await topUps.notificationTokenMatches('orange', paymentId, request.body.notif_token)))
          throw new AppError('PAYMENT_SIGNATURE_INVALID');
        // What the notification claims is not read: the status comes from Orange.
        const settled = await topUps.settle(paymentId);
        request.log.info({ status: settled.status }, 'orange money notification');
        return { received: true, status: settled.status };
      },
    );

    // Where Orange sends the payer back. It proves nothing (anyone can open it): the credits
    // come from the cloud's own status read, never from this page.
    app.get(
      '/v1/payments/orange/return',
      {
        config: { access: 'public' },
        schema: {
          tags: ['payments'],
          summary: 'Where the payer returns after Orange Money: sent on to the portal screen that follows the top-up',
          operationId: 'orangeMoneyReturn',
          querystring: Type.Object({ outcome: Type.Optional(Type.String({ maxLength: 20 })) }),
        },
      },
      async (request, reply) => {
        // The portal's return screen follows the top-up it started (its id stays on the phone) and polls its status.
        const outcome = request.query.outcome === 'cancel' ? 'cancel' : 'success';
        return reply.redirect(`/wallet/top-up/return?provider=orange&outcome=${outcome}`, 303);
      },
    );
  };
}
