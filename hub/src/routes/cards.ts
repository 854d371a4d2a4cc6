/**
 * A card or dynamic QR scanned at the counter, checked with what this hub holds (the card keys
 * and revocation list it pulled: works offline), and the face the signed card names.
 * Both need a signed-in cashier. Schemas: shared/src/hub-api.
 */
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import {
  AppError,
  cardRefusalMessages,
  hubBinaryResponse,
  HubCardCheckSchema,
  HubCardParamsSchema,
  HubCardVerifyRequestSchema,
  HubErrorResponses,
} from '@ismail/shared';
import type { HubAuth } from '../http/hub-auth.js';
import type { CardTrust } from '../cards/card-trust.js';
import type { CardPhotos } from '../cards/card-photos.js';
import type { Outbox } from '../sync/outbox.js';

export function cardRoutes(options: { auth: HubAuth; cardTrust: CardTrust; photos: CardPhotos; outbox: Outbox }) {
  return async (instance: FastifyInstance): Promise<void> => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();
    const errors = HubErrorResponses;
    const cashier = { onRequest: options.auth.guard('cashier') };

    // A scanned card or dynamic QR, checked with what this hub holds (works offline).
    app.post(
      '/api/v1/cards/verify',
      { ...cashier, schema: { body: HubCardVerifyRequestSchema, response: { 200: HubCardCheckSchema, ...errors } } },
      async (request) => {
        const check = await options.cardTrust.verify(request.body.token);
        // The holder sees where their card was checked: a check of a card this cloud signed (its
        // claims read) goes to the cloud with the next sync. A forged or unreadable token names no
        // card and is not reported.
        if (check.ok || check.claims !== undefined)
          options.outbox.append('cards.checked', {
            token: request.body.token.trim(),
            outcome: check.ok ? 'valid' : 'refused',
            reason: check.ok ? null : check.reason,
          });
        if (!check.ok)
          return {
            ok: false as const,
            reason: check.reason,
            message: cardRefusalMessages[check.reason].fr,
            revocationListAgeS: check.revocationListAgeS,
            stale: check.stale,
          };
        const claims = check.claims;
        const photo =
          claims.ph === undefined ? false : await options.photos.ensure(claims.cid, claims.ph, request.body.token);
        return {
          ok: true as const,
          ismailId: claims.sub,
          cardId: claims.cid,
          name: `${claims.gn} ${claims.fn}`,
          profile: claims.role,
          status: claims.st,
          kind: claims.typ,
          expiresAt: new Date(claims.exp * 1000).toISOString(),
          photo,
          revocationListAgeS: check.revocationListAgeS,
          stale: check.stale,
        };
      },
    );

    // The face of a card checked here (only a photo whose hash the signed card carries).
    const photoResponse = hubBinaryResponse(['image/jpeg', 'image/png'], 'The photo the signed card names');
    app.get(
      '/api/v1/cards/:cardId/photo',
      { ...cashier, schema: { params: HubCardParamsSchema, response: { 200: photoResponse, ...errors } } },
      async (request, reply) => {
        const photo = options.photos.get(request.params.cardId);
        if (photo === undefined) throw new AppError('NOT_FOUND', 'No photo of this card at this counter.');
        return reply.type(photo.contentType).header('cache-control', 'private, max-age=3600').send(photo.bytes);
      },
    );
  };
}
