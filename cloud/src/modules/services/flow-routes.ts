/**
 * /v1/services requests and quotes: a client sends a request to providers (Idempotency-Key), reads its requests and
 * their quotes, and accepts a quote's live version (booked and paid into escrow); a provider reads its inbox and sends
 * quotes. Provider-only routes settle who may call before reading the body.
 */
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Database } from '../../platform/db/database.js';
import { IdempotencyHeaders, Uuid, withErrors } from '../../platform/http/schemas.js';
import { idempotencyKeyOf, ownerOf } from '../identity/request-owner.js';
import { decodeCursor, encodeCursor } from './cursor.js';
import type { ServicesFlows } from './flows.js';
import {
  AppointmentSchema,
  InboxSchema,
  QuoteInputSchema,
  QuoteSchema,
  RequestDetailSchema,
  RequestInputSchema,
  RequestListSchema,
  ServiceRequestSchema,
} from './flow-schemas.js';
import { providerOf } from './request-owner.js';
import { requestPageMax } from './requests.js';

const access = (action: 'read' | 'write') => ({ resource: 'services', action, needsSecondFactor: false }) as const;
const tags = ['services'];
const Page = Type.Object({ cursor: Type.Optional(Type.String({ maxLength: 200 })) }, { additionalProperties: false });

const next = <T extends { createdAt: string; id: string }>(rows: readonly T[]): string | null => {
  const last = rows.at(-1);
  return rows.length === requestPageMax && last !== undefined ? encodeCursor(last.createdAt, last.id) : null;
};

export function serviceRequestRoutes(db: Database, flows: ServicesFlows) {
  return async (instance: FastifyInstance): Promise<void> => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();
    app.post(
      '/v1/services/requests',
      {
        config: { access: access('write') },
        schema: {
          tags,
          summary: 'Ask one to five providers for a quote',
          operationId: 'createServiceRequest',
          headers: IdempotencyHeaders,
          body: RequestInputSchema,
          response: withErrors({ 201: ServiceRequestSchema }),
        },
      },
      async (request, reply) =>
        reply
          .status(201)
          .send(await flows.requests.create(await ownerOf(db, request), request.body, idempotencyKeyOf(request))),
    );
    app.get(
      '/v1/services/requests',
      {
        config: { access: access('read') },
        schema: {
          tags,
          summary: 'My service requests, newest first',
          operationId: 'myServiceRequests',
          querystring: Page,
          response: withErrors({ 200: RequestListSchema }),
        },
      },
      async (request) => {
        const requests = await flows.requests.mine(await ownerOf(db, request), decodeCursor(request.query.cursor));
        return { requests, next: next(requests) };
      },
    );
    app.get(
      '/v1/services/requests/:requestId',
      {
        config: { access: access('read') },
        schema: {
          tags,
          summary: 'A request with the quotes its reader may see',
          operationId: 'serviceRequest',
          params: Type.Object({ requestId: Uuid }),
          response: withErrors({ 200: RequestDetailSchema }),
        },
      },
      async (request) => flows.requests.detail(request.params.requestId, await ownerOf(db, request)),
    );
    app.post(
      '/v1/services/quotes/:quoteId/accept',
      {
        config: { access: access('write') },
        schema: {
          tags,
          summary: 'Accept the live version of a quote: book the slot and hold the payment in escrow',
          operationId: 'acceptServiceQuote',
          headers: IdempotencyHeaders,
          params: Type.Object({ quoteId: Uuid }),
          body: Type.Object({ version: Type.Integer({ minimum: 1, maximum: 100 }) }, { additionalProperties: false }),
          response: withErrors({ 201: AppointmentSchema }),
        },
      },
      async (request, reply) =>
        reply
          .status(201)
          .send(
            await flows.appointments.acceptQuote(
              await ownerOf(db, request),
              request.params.quoteId,
              request.body.version,
              idempotencyKeyOf(request),
            ),
          ),
    );

    // Provider-only: who may call is settled before the body is read (a client gets 403, not 400).
    await app.register(async (scoped) => {
      const provider = scoped.withTypeProvider<TypeBoxTypeProvider>();
      provider.addHook('preValidation', async (request) => {
        await providerOf(db, request);
      });
      provider.get(
        '/v1/services/inbox',
        {
          config: { access: access('read') },
          schema: {
            tags,
            summary: 'Requests sent to me as a provider, newest first',
            operationId: 'serviceInbox',
            querystring: Page,
            response: withErrors({ 200: InboxSchema }),
          },
        },
        async (request) => {
          const requests = await flows.requests.inbox(
            await providerOf(db, request),
            decodeCursor(request.query.cursor),
          );
          return { requests, next: next(requests) };
        },
      );
      provider.post(
        '/v1/services/requests/:requestId/quotes',
        {
          config: { access: access('write') },
          schema: {
            tags,
            summary: 'Send a quote (a new version supersedes my previous one)',
            operationId: 'sendServiceQuote',
            params: Type.Object({ requestId: Uuid }),
            body: QuoteInputSchema,
            response: withErrors({ 201: QuoteSchema }),
          },
        },
        async (request, reply) =>
          reply
            .status(201)
            .send(await flows.requests.quote(await providerOf(db, request), request.params.requestId, request.body)),
      );
    });
  };
}
