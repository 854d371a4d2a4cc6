/**
 * The hub's counter operations that work offline (cash for credits, counter sales), its
 * pairing with the cloud, and its sync health. Pairing is the machine administrator's; counter
 * operations need a signed-in cashier; the sync status is readable on this machine.
 */
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { AppError, cardRefusalMessages, cardTokenMaxChars, type CashTopUpPayload } from '@ismail/shared';
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

const Uuid = Type.String({ pattern: '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' });

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
  return async (app: FastifyInstance): Promise<void> => {
    const admin = { onRequest: options.auth.guard('admin') };
    const cashier = { onRequest: options.auth.guard('cashier') };
    const manager = { onRequest: options.auth.guard('manager') };

    app.post(
      '/api/v1/pairing',
      { ...admin, schema: { body: Type.Object({ hubId: Uuid, pairingCode: Type.String({ pattern: '^[A-Za-z0-9]{10}$' }) }, { additionalProperties: false }) } },
      async (request) => {
        if (options.credentials.load() !== null) throw new AppError('CONFLICT', 'This hub is already paired.');
        const body = request.body as { hubId: string; pairingCode: string };
        const response = await fetch(`${options.cloudUrl.replace(/\/$/, '')}/v1/hubs/pair`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ ...body, publicKey: options.credentials.publicKey() }),
          signal: AbortSignal.timeout(15_000),
        }).catch(() => {
          throw new AppError('CLOUD_UNREACHABLE', 'The cloud cannot be reached: pairing needs the network once.');
        });
        const answer = (await response.json()) as { hubId?: string; partnerId?: string; token?: string; error?: { code?: string; message?: string } };
        if (response.status !== 200 || answer.token === undefined || answer.hubId === undefined || answer.partnerId === undefined) {
          throw new AppError('UNAUTHENTICATED', answer.error?.message ?? `The cloud refused the pairing (HTTP ${String(response.status)}).`);
        }
        options.credentials.save({ hubId: answer.hubId, partnerId: answer.partnerId, token: answer.token, cloudUrl: options.cloudUrl });
        options.sync.nudge();
        void options.policies.pull().catch(() => undefined);
        return { hubId: answer.hubId, partnerId: answer.partnerId, paired: true };
      },
    );

    app.post(
      '/api/v1/cash-top-ups',
      {
        ...cashier,
        schema: {
          // For an account by id, or for the holder of the card (or dynamic QR) scanned at the counter.
          body: Type.Union([
            Type.Object({ id: Uuid, accountId: Uuid, amountXof: Type.Integer({ minimum: 1, maximum: 2_000_000 }) }, { additionalProperties: false }),
            Type.Object({ id: Uuid, token: Type.String({ minLength: 1, maxLength: cardTokenMaxChars }), amountXof: Type.Integer({ minimum: 1, maximum: 2_000_000 }) }, { additionalProperties: false }),
          ]),
        },
      },
      async (request, reply) => {
        const body = request.body as { id: string; amountXof: number } & ({ accountId: string } | { token: string });
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
        const result = options.counter.sellCreditsForCash({ id: body.id, payload }, principalOf(request), policy?.offline.cashTopUpPerDayXof ?? null);
        options.sync.nudge();
        return reply.status(result.created ? 201 : 200).send(result);
      },
    );

    app.get('/api/v1/sync/status', async () => syncStatus(options));

    app.get('/api/v1/booking/units', cashier, async () => ({ units: options.booking.units() }));

    // Who stays here on a day (confirmed reservations), from the synced inventory: works offline.
    app.get(
      '/api/v1/booking/stays',
      { ...cashier, schema: { querystring: Type.Object({ day: Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' }) }, { additionalProperties: false }) } },
      async (request) => ({ stays: options.booking.staysOn((request.query as { day: string }).day) }),
    );

    // Product lookup at the counter (a scanned barcode, a typed name), from the synced catalog.
    app.get(
      '/api/v1/catalog/products',
      { schema: { querystring: Type.Object({ barcode: Type.Optional(Type.String({ pattern: '^[0-9A-Za-z-]{1,64}$' })), q: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })) }, { additionalProperties: false }) } },
      async (request) => {
        const query = request.query as { barcode?: string; q?: string };
        return { products: options.catalog.lookup({ barcode: query.barcode, text: query.q }) };
      },
    );

    // A scanned card or dynamic QR, checked with what this hub holds (works offline).
    app.post('/api/v1/cards/verify', { ...cashier, schema: { body: Type.Object({ token: Type.String({ minLength: 1, maxLength: cardTokenMaxChars }) }, { additionalProperties: false }) } }, async (request) => {
      const check = await options.cardTrust.verify((request.body as { token: string }).token);
      if (!check.ok) return { ok: false, reason: check.reason, message: cardRefusalMessages[check.reason].fr, revocationListAgeS: check.revocationListAgeS, stale: check.stale };
      const claims = check.claims;
      const photo = claims.ph === undefined ? false : await options.photos.ensure(claims.cid, claims.ph, (request.body as { token: string }).token);
      return {
        ok: true,
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
    });

    // The face of a card checked here (only a photo whose hash the signed card carries).
    app.get('/api/v1/cards/:cardId/photo', { ...cashier, schema: { params: Type.Object({ cardId: Uuid }) } }, async (request, reply) => {
      const photo = options.photos.get((request.params as { cardId: string }).cardId);
      if (photo === undefined) throw new AppError('NOT_FOUND', 'No photo of this card at this counter.');
      return reply.type(photo.contentType).header('cache-control', 'private, max-age=3600').send(photo.bytes);
    });

    app.get('/api/v1/sync/rejected', manager, async () => ({ rejected: options.outbox.rejected() }));
  };
}
