/**
 * Hubs, the hub's own side: a hub pairs with its one-time code and its public key (rate-limited: a code is short
 * enough to be typed), then calls its routes (`access: 'hub'`) with every request signed by that key and its token
 * (checked by the access plugin, http/hub-auth), not a person's session: its shape feed, its signed policy, its
 * outbox push. Each hub route answers for the hub's own establishment only. Admin routes are in admin-routes.ts,
 * the counter's (staff sign-in, card photo and balance) in counter-routes.ts. With ELECTRIC_URL set, the shape feed is
 * the Electric sync service's, reached through this same authenticated route (electric-proxy.ts).
 */
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { AppError, PushRequestSchema, PushResponseSchema, toErrorResponse } from '@ismail/shared';
import type { Database } from '../../platform/db/database.js';
import type { Keyring } from '../../platform/keys/keyring.js';
import { signedHubPolicy } from './hub-policy.js';
import { hubOf } from '../../platform/http/access-plugin.js';
import { pairHub } from './registry.js';
import type { HubSync } from './sync-push.js';
import { ShapeFeed, shapeTables } from './shape-feed.js';
import { ElectricProxy } from './electric-proxy.js';
import { Uuid, withErrors } from '../../platform/http/schemas.js';

const tags = ['hubs'];

/** The native feed's offsets (shape-feed.ts); Electric's add `now` and the end of its snapshot, `<n>_inf`. */
const nativeOffsetPattern = '^(-1|\\d+_\\d+)$';
const electricOffsetPattern = '^(-1|now|\\d{1,20}_(\\d{1,20}|inf))$';
/** A hub's answer when Electric is not serving (the hub's client retries a 503 with backoff). */
const electricUnavailableMessage =
  'Le service de synchronisation (Electric) ne répond pas pour le moment ; le hub réessaiera de lui-même.';

/** `electricUrl`: the Electric sync service the shape feed is forwarded to (ELECTRIC_URL); unset, the cloud's own. */
export function hubRoutes(db: Database, sync: HubSync, keyring: Keyring, electricUrl?: string) {
  const proxy = electricUrl === undefined ? undefined : new ElectricProxy({ electricUrl });
  // In proxy mode the native feed, and its listening connection, are not started.
  const feed = proxy === undefined ? new ShapeFeed(db) : undefined;
  return async (instance: FastifyInstance): Promise<void> => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();
    // Live long-polls end at once when the cloud shuts down, rather than holding it 20 s.
    const livePolls = new Set<AbortController>();
    app.addHook('preClose', async () => {
      for (const poll of livePolls) poll.abort();
    });
    // The feed's listening connection (shape-wake.ts) ends with the app, before the pool.
    app.addHook('onClose', async () => feed?.close());
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
              offset: Type.String({ pattern: proxy === undefined ? nativeOffsetPattern : electricOffsetPattern }),
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
        const reader = { hubId: hub.id, partnerId: hub.partnerId };
        const ifNoneMatch = request.headers['if-none-match'];
        if (proxy !== undefined) {
          const relayed = await proxy
            .forward(reader, request.query, ifNoneMatch, abort.signal)
            .finally(() => livePolls.delete(abort));
          if (relayed.kind === 'unavailable') {
            const refusal = new AppError('SYNC_SERVICE_UNAVAILABLE', electricUnavailableMessage);
            // The hub left or the cloud is closing: not Electric's fault, nothing to log as a server fault.
            if (abort.signal.aborted)
              return reply.status(refusal.httpStatus).send(toErrorResponse(refusal, request.id).body);
            request.log.warn({ why: relayed.why, table: request.query.table }, 'Electric did not serve a hub shape');
            throw refusal;
          }
          return reply
            .status(relayed.status)
            .headers(relayed.headers)
            .send(relayed.status === 204 || relayed.status === 304 ? undefined : relayed.body);
        }
        if (feed === undefined) throw new Error('the hub shape route has neither a feed nor a proxy');
        const answer = await feed
          .read(reader, request.query, abort.signal, ifNoneMatch)
          .finally(() => livePolls.delete(abort));
        // A 304 has no body (the asker keeps the rows it holds).
        return reply
          .status(answer.status)
          .headers(answer.headers)
          .send(answer.status === 304 ? undefined : answer.body);
      },
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
