/**
 * The hub's pairing with the cloud, cash for credits at the counter (works offline), and its
 * sync health. Pairing is the machine administrator's; a top-up needs a signed-in cashier; the
 * sync status is readable on this machine, the rejected operations are a manager's.
 * Cards: routes/cards.ts; booking and catalog lookups: routes/lookups.ts.
 */
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import {
  AppError,
  cardRefusalMessages,
  HubCashTopUpRequestSchema,
  HubCashTopUpResponseSchema,
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
      '/api/v1/sync/rejected',
      { ...manager, schema: { response: { 200: HubRejectedOperationsSchema, ...errors } } },
      async () => ({ rejected: options.outbox.rejected() }),
    );
  };
}
