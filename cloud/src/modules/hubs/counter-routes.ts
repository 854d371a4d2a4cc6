/**
 * Hubs, counter side: a person signing in at a hub's counter (rate-limited per hub and email), and, for a card
 * presented there, the holder's KYC photo (audited) and wallet balance. Each answers for the hub's own establishment.
 */
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { AppError, cardTokenMaxChars, OfflineTotpTableSchema } from '@ismail/shared';
import type { Database } from '../../platform/db/database.js';
import type { Keyring } from '../../platform/keys/keyring.js';
import type { MasterKey } from '../../platform/crypto/sealed.js';
import { hubOf } from '../../platform/http/access-plugin.js';
import { Uuid, withErrors } from '../../platform/http/schemas.js';
import { appendAudit } from '../../platform/audit/audit-log.js';
import { withTransaction } from '../../platform/db/transaction.js';
import { approvedPhoto, type KycStore } from '../kyc/documents.js';
import { walletBalanceForHub } from './hub-policy.js';
import { signInStaffAtHub } from './staff-sign-in.js';
import { cardCredentialHeader, cardInHubScope, recordCardPresentation } from './card-presentations.js';

const tags = ['hubs'];

export function hubCounterRoutes(db: Database, keyring: Keyring, masterKey: MasterKey, documents: KycStore) {
  return async (instance: FastifyInstance): Promise<void> => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();
    // Guessing a person's password through a hub: 10 tries a minute per hub and email, like the
    // cloud's own sign-in. Keyed on the hub the signature authenticated, never on a header as
    // written (extra spaces in `Hub  <token>` once bought a fresh budget).
    const checkStaffAttempts = app.createRateLimit({
      max: 10,
      timeWindow: 60_000,
      keyGenerator: (request) => {
        const body = request.body; // unknown here (a rate-limit key, not a route handler): checked, not cast
        const email = typeof body === 'object' && body !== null && 'email' in body ? body.email : undefined;
        return `staff-sign-in|${hubOf(request).id}|${typeof email === 'string' ? email.trim().toLowerCase() : ''}`;
      },
    });
    app.post(
      '/v1/hubs/staff/sign-in',
      {
        config: { access: 'hub', rateLimit: { max: 100, timeWindow: '1 minute' } },
        schema: {
          tags,
          summary:
            'A person signing in at this hub’s counter: who they are and their role there (owner and selling staff only)',
          operationId: 'hubStaffSignIn',
          body: Type.Object(
            {
              email: Type.String({ minLength: 3, maxLength: 254 }),
              password: Type.String({ minLength: 1, maxLength: 200 }),
              totpCode: Type.Optional(Type.String({ maxLength: 10 })),
            },
            { additionalProperties: false },
          ),
          response: withErrors({
            200: Type.Object({
              accountId: Type.String(),
              ismailId: Type.Union([Type.String(), Type.Null()]),
              name: Type.String(),
              role: Type.Union([Type.Literal('cashier'), Type.Literal('manager')]),
              offlineTotp: Type.Union([OfflineTotpTableSchema, Type.Null()]),
            }),
          }),
        },
      },
      async (request, reply) => {
        const hub = hubOf(request);
        const limit = await checkStaffAttempts(request);
        if (!limit.isAllowed && limit.isExceeded)
          throw new AppError('RATE_LIMITED', 'Too many sign-in attempts for this person at this hub; wait a minute.');
        reply.header('cache-control', 'no-store');
        return signInStaffAtHub(db, masterKey, hub, request.body);
      },
    );
    // The face for a card shown at the counter (the card carries only its hash): the card must be
    // in force and in this hub's scope (presented here, its credential in x-card-credential, or
    // a customer of the establishment); the hub verifies the hash; each read is audited (a photo
    // is biometric data). Out of scope answers as a card that does not exist.
    app.get(
      '/v1/hubs/cards/:cardId/photo',
      {
        config: { access: 'hub' },
        schema: {
          tags,
          summary:
            'The KYC photo of a card in force presented at this hub, or of a customer of its establishment (audited)',
          operationId: 'hubCardPhoto',
          params: Type.Object({ cardId: Uuid }),
          headers: Type.Object(
            { [cardCredentialHeader]: Type.Optional(Type.String({ maxLength: cardTokenMaxChars })) },
            { additionalProperties: true },
          ),
        },
      },
      async (request, reply) => {
        const hub = hubOf(request);
        const { cardId } = request.params;
        await recordCardPresentation(
          db,
          keyring,
          hub,
          cardId,
          (request.headers as Record<string, string | undefined>)[cardCredentialHeader],
        );
        const holder = await cardInHubScope(db, hub, cardId);
        const photo = holder === null ? undefined : await approvedPhoto(db.pool, documents, holder.accountId);
        if (photo === undefined) throw new AppError('NOT_FOUND', 'No photo for a card in force with this id.');
        await withTransaction(db.pool, (client) =>
          appendAudit(client, {
            actor: { label: `hub:${hub.id}` },
            action: 'card.photo_read',
            subject: { type: 'card', id: cardId },
            place: `hub:${hub.id}`,
            detail: {},
          }),
        );
        const png = photo.subarray(0, 4).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47]));
        return reply
          .type(png ? 'image/png' : 'image/jpeg')
          .header('cache-control', 'no-store')
          .send(photo);
      },
    );
    app.post(
      '/v1/hubs/wallet-balance',
      {
        config: { access: 'hub' },
        schema: {
          tags,
          summary:
            'A wallet balance for a card in force presented at this hub (its credential in x-card-credential), or of a customer of its establishment',
          operationId: 'hubWalletBalance',
          body: Type.Object(
            { ismailId: Type.String({ minLength: 5, maxLength: 40 }), cardId: Uuid },
            { additionalProperties: false },
          ),
          headers: Type.Object(
            { [cardCredentialHeader]: Type.Optional(Type.String({ maxLength: cardTokenMaxChars })) },
            { additionalProperties: true },
          ),
          response: withErrors({
            200: Type.Object({
              accountId: Type.String(),
              ismailId: Type.String(),
              availableCentiCredits: Type.Integer(),
              at: Type.String(),
              checkId: Type.String({
                description: 'Names this answer in an online wallet payment (authorises one, up to this balance)',
              }),
            }),
          }),
        },
      },
      async (request) => {
        const hub = hubOf(request);
        const body = request.body;
        await recordCardPresentation(
          db,
          keyring,
          hub,
          body.cardId,
          (request.headers as Record<string, string | undefined>)[cardCredentialHeader],
          body.ismailId,
        );
        const holder = await cardInHubScope(db, hub, body.cardId);
        if (holder?.ismailId !== body.ismailId)
          throw new AppError('NOT_FOUND', 'No card in force with this id for this ISMAIL ID.');
        return walletBalanceForHub(db, { ...body, hubId: hub.id });
      },
    );
  };
}
