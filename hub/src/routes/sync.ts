/**
 * The hub's counter operations that work offline (cash for credits, counter sales), its
 * pairing with the cloud, and its sync health. Pairing is the machine administrator's; counter
 * operations need a signed-in cashier; the sync status is readable on this machine.
 */
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import {
  AppError,
  cardRefusalMessages,
  hubBinaryResponse,
  HubBookingStaysQuerySchema,
  HubBookingStaysSchema,
  HubBookingUnitsSchema,
  HubCardCheckSchema,
  HubCardParamsSchema,
  HubCardVerifyRequestSchema,
  HubCashTopUpRequestSchema,
  HubCashTopUpResponseSchema,
  HubCatalogProductsSchema,
  HubCatalogQuerySchema,
  HubErrorResponses,
  HubPairingRequestSchema,
  HubPairingResponseSchema,
  HubRejectedOperationsSchema,
  HubSyncStatusSchema,
  type CashTopUpPayload,
} from '@ismail/shared';
import { principalOf, type HubAuth } from '../http/hub-auth.js';
import type { CredentialStore } from '../sync/credentials.js';
import type { CounterOperations, Outbox } from '../sync/outbox.js';
import type { SyncClient } from '../sync/sync-client.js';
import type { CardTrust } from '../cards/card-trust.js';
import type { CardPhotos } from '../cards/card-photos.js';
import type { CatalogSync } from '../sync/catalog-sync.js';
import type { BookingSync } from '../sync/booking-sync.js';
import type { PolicyStore } from '../sync/policy-store.js';
import { syncStatus } from '../sync/status.js';

export interface SyncRoutesOptions {
  readonly auth: HubAuth;
  readonly cloudUrl: string;
  readonly outbox: Outbox;
  readonly counter: CounterOperations;
  readonly credentials: CredentialStore;
  readonly sync: SyncClient;
  readonly cardTrust: CardTrust;
  readonly catalog: CatalogSync;
  readonly booking: BookingSync;
  readonly policies: PolicyStore;
  readonly photos: CardPhotos;
}

export function syncRoutes(options: SyncRoutesOptions) {
  return async (instance: FastifyInstance): Promise<void> => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();
    const errors = HubErrorResponses;
    const admin = { onRequest: options.auth.guard('admin') };
    const cashier = { onRequest: options.auth.guard('cashier') };
    const manager = { onRequest: options.auth.guard('manager') };

    app.post(
      '/api/v1/pairing',
      { ...admin, schema: { body: HubPairingRequestSchema, response: { 200: HubPairingResponseSchema, ...errors } } },
      async (request) => {
        if (options.credentials.load() !== null) throw new AppError('CONFLICT', 'This hub is already paired.');
        const body = request.body;
        const response = await fetch(`${options.cloudUrl.replace(/\/$/, '')}/v1/hubs/pair`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ ...body, publicKey: options.credentials.publicKey() }),
          signal: AbortSignal.timeout(15_000),
        }).catch(() => {
          throw new AppError('CLOUD_UNREACHABLE', 'The cloud cannot be reached: pairing needs the network once.');
        });
        const answer = (await response.json()) as {
          hubId?: string;
          partnerId?: string;
          token?: string;
          error?: { code?: string; message?: string };
        };
        if (
          response.status !== 200 ||
          answer.token === undefined ||
          answer.hubId === undefined ||
          answer.partnerId === undefined
        ) {
          throw new AppError(
            'UNAUTHENTICATED',
            answer.error?.message ?? `The cloud refused the pairing (HTTP ${String(response.status)}).`,
          );
        }
        options.credentials.save({
          hubId: answer.hubId,
          partnerId: answer.partnerId,
          token: answer.token,
          cloudUrl: options.cloudUrl,
        });
        options.sync.nudge();
        void options.policies.pull().catch(() => undefined);
        return { hubId: answer.hubId, partnerId: answer.partnerId, paired: true as const };
      },
    );

    app.post(
      '/api/v1/cash-top-ups',
      {
        ...cashier,
        // For an account by id, or for the holder of the card (or dynamic QR) scanned at the counter.
        schema: {
          body: HubCashTopUpRequestSchema,
          response: { 200: HubCashTopUpResponseSchema, 201: HubCashTopUpResponseSchema, ...errors },
        },
      },
      async (request, reply) => {
        const body = request.body;
        let payload: CashTopUpPayload;
        if ('token' in body) {
          const check = await options.cardTrust.verify(body.token);
          if (!check.ok) throw new AppError('FORBIDDEN', `Card refused: ${cardRefusalMessages[check.reason].fr}`);
          payload = { ismailId: check.claims.sub, amountXof: body.amountXof };
        } else {
          payload = { accountId: body.accountId, amountXof: body.amountXof };
        }
        // The signed daily cash ceiling, enforced before the customer leaves (the cloud enforces it again).
        const policy = await options.policies.current();
        const result = options.counter.sellCreditsForCash(
          { id: body.id, payload },
          principalOf(request),
          policy?.offline.cashTopUpPerDayXof ?? null,
        );
        options.sync.nudge();
        return reply.status(result.created ? 201 : 200).send(result);
      },
    );

    app.get('/api/v1/sync/status', { schema: { response: { 200: HubSyncStatusSchema, ...errors } } }, async () =>
      syncStatus(options),
    );

    app.get(
      '/api/v1/booking/units',
      { ...cashier, schema: { response: { 200: HubBookingUnitsSchema, ...errors } } },
      async () => ({ units: options.booking.units() }),
    );

    // Who stays here on a day (confirmed reservations), from the synced inventory: works offline.
    app.get(
      '/api/v1/booking/stays',
      {
        ...cashier,
        schema: { querystring: HubBookingStaysQuerySchema, response: { 200: HubBookingStaysSchema, ...errors } },
      },
      async (request) => ({ stays: options.booking.staysOn(request.query.day) }),
    );

    // Product lookup at the counter (a scanned barcode, a typed name), from the synced catalog.
    app.get(
      '/api/v1/catalog/products',
      { schema: { querystring: HubCatalogQuerySchema, response: { 200: HubCatalogProductsSchema, ...errors } } },
      async (request) => {
        const query = request.query;
        return { products: options.catalog.lookup({ barcode: query.barcode, text: query.q }) };
      },
    );

    // A scanned card or dynamic QR, checked with what this hub holds (works offline).
    app.post(
      '/api/v1/cards/verify',
      { ...cashier, schema: { body: HubCardVerifyRequestSchema, response: { 200: HubCardCheckSchema, ...errors } } },
      async (request) => {
        const check = await options.cardTrust.verify(request.body.token);
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

    app.get(
      '/api/v1/sync/rejected',
      { ...manager, schema: { response: { 200: HubRejectedOperationsSchema, ...errors } } },
      async () => ({ rejected: options.outbox.rejected() }),
    );
  };
}
