/**
 * Provider notifications (public: the providers call them). Wave's webhook is refused unless
 * its HMAC signature over the raw body is valid and fresh; MTN's callback is unsigned, so
 * it only triggers a status check. Neither can grant credits by itself.
 */
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { MobileMoneyTopUps } from './top-ups.js';
import { Uuid, withErrors } from '../../platform/http/schemas.js';

/** Providers retry; a flood from one address is not a provider. */
const notificationRateLimit = { max: 600, timeWindow: 60_000 };
const webhookBodyMaxBytes = 64 * 1024;

export function paymentRoutes(topUps: MobileMoneyTopUps) {
  return async (instance: FastifyInstance): Promise<void> => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();
    // The signature covers the exact bytes: keep them (this plugin's JSON parser only).
    app.addContentTypeParser(
      'application/json',
      { parseAs: 'buffer', bodyLimit: webhookBodyMaxBytes },
      (_request, body, done) => {
        done(null, body);
      },
    );

    app.post(
      '/v1/payments/wave/webhook',
      {
        config: { access: 'public', rateLimit: notificationRateLimit },
        schema: {
          tags: ['payments'],
          summary: 'Wave checkout events (signed)',
          operationId: 'waveWebhook',
          response: withErrors({ 200: Type.Object({ outcome: Type.String(), status: Type.Optional(Type.String()) }) }),
        },
      },
      async (request) => {
        const raw = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
        const signature = request.headers['wave-signature'];
        const result = await topUps.onWaveWebhook(raw, typeof signature === 'string' ? signature : undefined);
        request.log.info({ outcome: result.outcome }, 'wave webhook');
        return result;
      },
    );

    // Where Wave sends the payer back. It proves nothing (anyone can open it): the credits
    // come from the verified webhook or the cloud's own status check, never from this page.
    app.get(
      '/v1/payments/wave/return',
      {
        config: { access: 'public' },
        schema: {
          tags: ['payments'],
          summary: 'Where the payer returns after Wave: sent on to the portal screen that follows the top-up',
          operationId: 'waveReturn',
          querystring: Type.Object({ outcome: Type.Optional(Type.String({ maxLength: 20 })) }),
        },
      },
      async (request, reply) => {
        // The portal's return screen follows the top-up it started (its id stays on the phone) and polls its status.
        const outcome = request.query.outcome === 'error' ? 'error' : 'success';
        return reply.redirect(`/wallet/top-up/return?provider=wave&outcome=${outcome}`, 303);
      },
    );

    app.post(
      '/v1/payments/momo/callback/:paymentId',
      {
        config: { access: 'public', rateLimit: notificationRateLimit },
        schema: {
          tags: ['payments'],
          summary: 'MTN MoMo callback (unsigned: triggers a status check)',
          operationId: 'momoCallback',
          params: Type.Object({ paymentId: Uuid }),
          response: withErrors({ 200: Type.Object({ received: Type.Boolean() }) }),
        },
      },
      async (request) => {
        const { paymentId } = request.params;
        await topUps.settle(paymentId).catch(() => undefined);
        return { received: true };
      },
    );
  };
}
