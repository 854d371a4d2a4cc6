/**
 * Request and answer shapes of social sign-in (one schema per shape: validation, types and
 * OpenAPI). Every string has a bound.
 */
import { Type } from '@sinclair/typebox';
import { callbackQueryMaxChars, identitiesListedMax } from './limits.js';

/** A random key the browser keeps for the length of one sign-in (base64url of 32 bytes or more). */
const BrowserKey = Type.String({ minLength: 43, maxLength: 128, pattern: '^[A-Za-z0-9_-]+$' });
const TicketText = Type.String({ minLength: 43, maxLength: 128, pattern: '^[A-Za-z0-9_-]+$' });

export const ProviderSchema = Type.Object({
  id: Type.String({ maxLength: 30 }),
  label: Type.String({ maxLength: 60 }),
});

export const ProvidersSchema = Type.Object({ providers: Type.Array(ProviderSchema, { maxItems: 10 }) });

export const StartBodySchema = Type.Object(
  { provider: Type.String({ pattern: '^[a-z0-9_-]{1,30}$' }), browserKey: BrowserKey },
  { additionalProperties: false },
);

export const StartAnswerSchema = Type.Object({ authorizationUrl: Type.String({ maxLength: 4096 }) });

export const CallbackBodySchema = Type.Object(
  {
    query: Type.String({
      minLength: 1,
      maxLength: callbackQueryMaxChars,
      description: 'The query the provider sent back',
    }),
    browserKey: BrowserKey,
  },
  { additionalProperties: false },
);

export const TokensSchema = Type.Object({
  accessToken: Type.String(),
  expiresInS: Type.Integer(),
  refreshToken: Type.String(),
  secondFactor: Type.Boolean(),
  secondFactorRequired: Type.Boolean(),
});

export const CallbackAnswerSchema = Type.Object({
  status: Type.Union([Type.Literal('signed-in'), Type.Literal('second-factor'), Type.Literal('unlinked')]),
  providerLabel: Type.String({ maxLength: 60 }),
  tokens: Type.Optional(TokensSchema),
  ticket: Type.Optional(Type.String({ maxLength: 128 })),
  identity: Type.Optional(
    Type.Object({
      email: Type.Union([Type.String({ maxLength: 254 }), Type.Null()]),
      emailVerified: Type.Boolean(),
      givenName: Type.Union([Type.String({ maxLength: 100 }), Type.Null()]),
      familyName: Type.Union([Type.String({ maxLength: 100 }), Type.Null()]),
    }),
  ),
});

export const LinkBodySchema = Type.Object(
  {
    ticket: TicketText,
    email: Type.String({ minLength: 3, maxLength: 254 }),
    password: Type.String({ minLength: 1, maxLength: 200 }),
    totpCode: Type.Optional(Type.String({ maxLength: 10 })),
  },
  { additionalProperties: false },
);

export const SignUpBodySchema = Type.Object(
  {
    ticket: TicketText,
    profile: Type.Union([Type.Literal('client'), Type.Literal('partner')]),
    email: Type.String({ minLength: 3, maxLength: 254, pattern: '^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$' }),
    password: Type.String({ minLength: 10, maxLength: 200 }),
    firstName: Type.String({ minLength: 1, maxLength: 100 }),
    lastName: Type.String({ minLength: 1, maxLength: 100 }),
    country: Type.String({ pattern: '^[A-Z]{2}$', default: 'CI' }),
  },
  { additionalProperties: false },
);

export const SecondFactorBodySchema = Type.Object(
  { ticket: TicketText, totpCode: Type.String({ minLength: 6, maxLength: 10 }) },
  { additionalProperties: false },
);

export const IdentitySchema = Type.Object({
  id: Type.String({ format: 'uuid' }),
  providerLabel: Type.String({ maxLength: 60 }),
  issuer: Type.String({ maxLength: 300 }),
  email: Type.Union([Type.String({ maxLength: 254 }), Type.Null()]),
  linkedAt: Type.String({ format: 'date-time' }),
  lastUsedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});

export const IdentitiesSchema = Type.Object({
  identities: Type.Array(IdentitySchema, { maxItems: identitiesListedMax }),
});

export const IdentityParamsSchema = Type.Object({ identityId: Type.String({ format: 'uuid' }) });
