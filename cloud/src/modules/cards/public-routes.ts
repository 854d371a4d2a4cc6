/**
 * Public card routes: the JWKS verifiers use, the signed revocation list hubs download,
 * and online verification (rate limited: it answers "is this card genuine" to anyone).
 */
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { cardRefusalReasons, cardTokenMaxChars, ErrorBodySchema, profileKeys } from '@ismail/shared';
import { currentRevocationList, type CardService } from './cards.js';
import type { Database } from '../../platform/db/database.js';
import type { Keyring } from '../../platform/keys/keyring.js';

const JwksSchema = Type.Object({
  keys: Type.Array(
    Type.Object({
      kid: Type.String(),
      kty: Type.String(),
      crv: Type.String(),
      x: Type.String(),
      y: Type.String(),
      alg: Type.String(),
      use: Type.String(),
    }),
    { maxItems: 50 },
  ),
});

const VerifyBodySchema = Type.Object(
  {
    token: Type.String({ minLength: 1, maxLength: cardTokenMaxChars }),
    place: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: false },
);

const CardCheckSchema = Type.Union([
  Type.Object({
    outcome: Type.Literal('valid'),
    holder: Type.Object({
      ismailId: Type.String(),
      firstName: Type.String(),
      lastName: Type.String(),
      role: Type.Union(profileKeys.map((k) => Type.Literal(k))),
      status: Type.String(),
    }),
    card: Type.Object({
      id: Type.String(),
      form: Type.Union([Type.Literal('printed'), Type.Literal('dynamic')]),
      expiresAt: Type.String(),
      kid: Type.String(),
    }),
  }),
  Type.Object({
    outcome: Type.Literal('refused'),
    reason: Type.Union(cardRefusalReasons.map((r) => Type.Literal(r))),
    message: Type.Object({ fr: Type.String(), en: Type.String() }),
    detail: Type.String(),
  }),
]);

/** Verification answers anyone; bound how fast one address can probe it. */
const verifyRateLimit = { max: 120, timeWindow: '1 minute' };

export function publicCardRoutes(db: Database, keyring: Keyring, cards: CardService) {
  return async (instance: FastifyInstance): Promise<void> => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();
    // On the untyped instance: jose's JWK type leaves `kid` optional where the schema (and every key the keyring
    // publishes) has it.
    instance.get(
      '/.well-known/jwks.json',
      {
        config: { access: 'public' },
        schema: {
          tags: ['cards'],
          summary: 'Public keys that sign professional cards',
          operationId: 'getCardJwks',
          response: { 200: JwksSchema },
        },
      },
      async (_request, reply) => {
        reply.header('cache-control', 'public, max-age=300');
        return keyring.publicKeys('card');
      },
    );
    app.get(
      '/v1/cards/revocations',
      {
        config: { access: 'public' },
        schema: {
          tags: ['cards'],
          summary: 'Signed list of revoked and suspended cards (for offline verification at hubs)',
          operationId: 'getCardRevocations',
          response: {
            200: Type.Object({ list: Type.String({ description: 'Compact JWS, typ ismail-revocations+jwt' }) }),
          },
        },
      },
      async (_request, reply) => {
        reply.header('cache-control', 'no-store');
        return { list: await currentRevocationList(db.pool, keyring) };
      },
    );
    app.post(
      '/v1/cards/verify',
      {
        config: { access: 'public', rateLimit: verifyRateLimit },
        schema: {
          tags: ['cards'],
          summary: 'Verify a card or dynamic code online (every check is logged)',
          operationId: 'verifyCard',
          body: VerifyBodySchema,
          response: { 200: CardCheckSchema, '4xx': ErrorBodySchema },
        },
      },
      async (request) => {
        const body = request.body;
        return cards.verify(db.pool, body.token, { place: body.place ?? `ip:${request.ip}` });
      },
    );
  };
}
