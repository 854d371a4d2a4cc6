/**
 * Hubs: admins register and revoke them (second factor); a hub pairs with its one-time code
 * and its public key, then calls its routes (`access: 'hub'`) with every request signed by
 * that key and its token (checked by the access plugin, http/hub-auth), not a person's
 * session. Each hub route answers for the hub's own establishment only. Pairing is
 * rate-limited: a code is short enough to be typed.
 */
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import {
  AppError,
  cardTokenMaxChars,
  OfflineTotpTableSchema,
  PushRequestSchema,
  PushResponseSchema,
} from '@ismail/shared';
import type { Database } from '../../platform/db/database.js';
import type { Keyring } from '../../platform/keys/keyring.js';
import { signedHubPolicy, walletBalanceForHub } from './hub-policy.js';
import { hubOf, principalOf } from '../../platform/http/access-plugin.js';
import { listHubs, pairHub, registerHub, replaceHub, revokeHub, setOfflineLimits } from './registry.js';
import type { HubSync } from './sync-push.js';
import { ShapeFeed, shapeTables } from './shape-feed.js';
import { Uuid, withErrors } from '../../platform/http/schemas.js';
import type { MasterKey } from '../../platform/crypto/sealed.js';
import { signInStaffAtHub } from './staff-sign-in.js';
import { approvedPhoto, type KycStore } from '../kyc/documents.js';
import { appendAudit } from '../../platform/audit/audit-log.js';
import { withTransaction } from '../../platform/db/transaction.js';
import { cardCredentialHeader, cardInHubScope, recordCardPresentation } from './card-presentations.js';

const administer = { resource: 'hubs', action: 'administer', needsSecondFactor: true } as const;
const inspect = { resource: 'hubs', action: 'read', needsSecondFactor: true } as const;
const tags = ['hubs'];

const HubSchema = Type.Object({
  id: Type.String(),
  partnerId: Type.String(),
  name: Type.String(),
  status: Type.String(),
  lastAppliedSeq: Type.Integer(),
  lastSeenAt: Type.Union([Type.String(), Type.Null()]),
});

export function hubRoutes(db: Database, sync: HubSync, keyring: Keyring, masterKey: MasterKey, documents: KycStore) {
  const feed = new ShapeFeed(db);
  return async (instance: FastifyInstance): Promise<void> => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();
    // Live long-polls end at once when the cloud shuts down, rather than holding it 20 s.
    const livePolls = new Set<AbortController>();
    app.addHook('preClose', async () => {
      for (const poll of livePolls) poll.abort();
    });
    app.get(
      '/v1/hubs/shape',
      {
        config: { access: 'hub' },
        schema: {
          tags,
          summary:
            "What this hub may hold, as an Electric-style shape (the partner's catalog, bookable units or reservations; the clearance of this hub's own invoices); live=true long-polls",
          operationId: 'hubShape',
          querystring: Type.Object(
            {
              table: Type.Union(shapeTables.map((t) => Type.Literal(t))),
              offset: Type.String({ pattern: '^(-1|\\d+_\\d+)$' }),
              handle: Type.Optional(Type.String({ maxLength: 100 })),
              live: Type.Optional(Type.Boolean()),
              cursor: Type.Optional(Type.String({ maxLength: 40 })),
            },
            // The Electric client adds its own parameters (cache busters, log mode).
            { additionalProperties: true },
          ),
        },
      },
      async (request, reply) => {
        const hub = hubOf(request);
        const abort = new AbortController();
        livePolls.add(abort);
        reply.raw.on('close', () => abort.abort());
        const answer = await feed
          .read({ hubId: hub.id, partnerId: hub.partnerId }, request.query, abort.signal)
          .finally(() => livePolls.delete(abort));
        return reply.status(answer.status).headers(answer.headers).send(answer.body);
      },
    );
    app.post(
      '/v1/admin/hubs',
      {
        config: { access: administer },
        schema: {
          tags,
          summary: "Register a hub for a partner's establishment; answers its one-time pairing code",
          operationId: 'registerHub',
          body: Type.Object(
            { partnerId: Uuid, name: Type.String({ minLength: 1, maxLength: 80 }) },
            { additionalProperties: false },
          ),
          response: withErrors({
            201: Type.Object({ hub: HubSchema, pairingCode: Type.String(), expiresAt: Type.String() }),
          }),
        },
      },
      async (request, reply) => {
        const body = request.body;
        return reply
          .status(201)
          .send(await registerHub(db, { ...body, adminId: principalOf(request).principal.accountId }));
      },
    );
    app.get(
      '/v1/admin/hubs',
      { config: { access: inspect }, schema: { tags, summary: 'Hubs and their sync state', operationId: 'listHubs' } },
      async () => {
        return { hubs: await listHubs(db) };
      },
    );
    app.post(
      '/v1/admin/hubs/:hubId/revoke',
      {
        config: { access: administer },
        schema: {
          tags,
          summary: 'Revoke a hub (stolen, replaced): its token stops working at once',
          operationId: 'revokeHub',
          params: Type.Object({ hubId: Uuid }),
          body: Type.Object({ reason: Type.String({ minLength: 1, maxLength: 300 }) }, { additionalProperties: false }),
          response: withErrors({ 200: HubSchema }),
        },
      },
      async (request) =>
        revokeHub(db, request.params.hubId, principalOf(request).principal.accountId, request.body.reason),
    );
    app.post(
      '/v1/admin/hubs/:hubId/replace',
      {
        config: { access: administer },
        schema: {
          tags,
          summary:
            'Start replacing a hub’s machine: a new one-time pairing code; the old machine’s token stops working',
          operationId: 'replaceHub',
          params: Type.Object({ hubId: Uuid }),
          body: Type.Object({ reason: Type.String({ minLength: 1, maxLength: 300 }) }, { additionalProperties: false }),
        },
      },
      async (request, reply) => {
        const { principal } = principalOf(request);
        return reply
          .status(201)
          .send(
            await replaceHub(
              db,
              request.params.hubId,
              { accountId: principal.accountId, label: principal.profile },
              request.body.reason,
            ),
          );
      },
    );
    app.put(
      '/v1/admin/hubs/:hubId/offline-limits',
      {
        config: { access: administer },
        schema: {
          tags,
          summary: 'Ceilings on wallet debits this hub may take offline (signed into its policy)',
          operationId: 'setHubOfflineLimits',
          params: Type.Object({ hubId: Uuid }),
          body: Type.Object(
            {
              perTransactionCentiCredits: Type.Integer({ minimum: 0, maximum: 100_000_000 }),
              perWalletPerDayCentiCredits: Type.Integer({ minimum: 0, maximum: 100_000_000 }),
              perHubPerDayCentiCredits: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000_000 })),
              cashTopUpPerDayXof: Type.Optional(Type.Integer({ minimum: 0, maximum: 100_000_000 })),
            },
            { additionalProperties: false },
          ),
          response: withErrors({ 200: HubSchema }),
        },
      },
      async (request) =>
        setOfflineLimits(db, request.params.hubId, request.body, {
          accountId: principalOf(request).principal.accountId,
          label: 'admin',
        }),
    );
    app.post(
      '/v1/hubs/pair',
      {
        config: { access: 'public', rateLimit: { max: 10, timeWindow: 60_000 } },
        schema: {
          tags,
          summary: 'A hub pairs with its one-time code and its public key; answers its sync token once',
          operationId: 'pairHub',
          body: Type.Object(
            {
              hubId: Uuid,
              pairingCode: Type.String({ pattern: '^[A-Za-z0-9]{10}$' }),
              publicKey: Type.Object(
                {
                  kty: Type.Literal('OKP'),
                  crv: Type.Literal('Ed25519'),
                  x: Type.String({ pattern: '^[A-Za-z0-9_-]{43}$' }),
                },
                { additionalProperties: false },
              ),
            },
            { additionalProperties: false },
          ),
          response: withErrors({
            200: Type.Object({ hubId: Type.String(), partnerId: Type.String(), token: Type.String() }),
          }),
        },
      },
      async (request) => {
        const body = request.body;
        const { hub, token } = await pairHub(db, body);
        return { hubId: hub.id, partnerId: hub.partnerId, token };
      },
    );
    app.get(
      '/v1/hubs/policy',
      {
        config: { access: 'hub' },
        schema: {
          tags,
          summary: "This hub's signed policy: offline ceilings, invoice register, seller identity, credit rate",
          operationId: 'hubPolicy',
          response: withErrors({
            200: Type.Object({
              policy: Type.String({ description: 'Compact JWS, typ ismail-hub-policy+jwt, signed by the card key' }),
            }),
          }),
        },
      },
      async (request, reply) => {
        const hub = hubOf(request);
        reply.header('cache-control', 'no-store');
        return { policy: (await signedHubPolicy(db, keyring, hub)).policy };
      },
    );
    // Guessing a person's password through a hub: 10 tries a minute per hub and email, like the
    // cloud's own sign-in. Keyed on the hub the signature authenticated, never on a header as
    // written (extra spaces in `Hub  <token>` once bought a fresh budget).
    const checkStaffAttempts = app.createRateLimit({
      max: 10,
      timeWindow: 60_000,
      keyGenerator: (request) => {
        const body = request.body; // unknown here (a rate-limit key, not a route handler): checked, not cast
        const email = typeof body === 'object' && body !== null && 'email' in body ? body.email : undefined;
        return `${hubOf(request).id}|${typeof email === 'string' ? email.trim().toLowerCase() : ''}`;
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
    app.post(
      '/v1/hubs/sync/push',
      {
        config: { access: 'hub' },
        schema: {
          tags,
          summary: "A hub's outbox, applied exactly once and in order; one outcome per operation",
          operationId: 'pushHubOperations',
          body: PushRequestSchema,
          headers: Type.Object(
            { 'x-hub-time': Type.Optional(Type.String({ format: 'date-time' })) },
            { additionalProperties: true },
          ),
          response: withErrors({ 200: PushResponseSchema }),
        },
      },
      async (request) => {
        const hub = hubOf(request);
        const clock = (request.headers as Record<string, string | undefined>)['x-hub-time'];
        return sync.push(hub, request.body.operations, clock === undefined ? undefined : new Date(clock));
      },
    );
  };
}
