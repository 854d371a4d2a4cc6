/**
 * Cash sessions at this counter: open with a float, see the running figures, close with the
 * counted cash (Z report, queued for the cloud), print or reprint the Z report.
 * Schemas: shared/src/hub-api/cash.
 */
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import {
  AppError,
  HubCashCloseRequestSchema,
  HubCashOpenRequestSchema,
  HubCashPrintRequestSchema,
  HubCashSessionListQuerySchema,
  HubCashSessionListSchema,
  HubCashSessionParamsSchema,
  HubCashSessionSchema,
  HubCurrentCashSessionSchema,
  HubErrorResponses,
  PrintJobSchema,
  zReportTicket,
} from '@ismail/shared';
import type { CashDesk } from '../cash/cash-desk.js';
import { principalOf, type HubAuth } from '../http/hub-auth.js';
import type { PrintQueue } from '../printing/print-queue.js';
import type { PolicyStore } from '../sync/policy-store.js';
import type { SyncClient } from '../sync/sync-client.js';

export function cashRoutes(options: {
  auth: HubAuth;
  cash: CashDesk;
  queue: PrintQueue;
  policies: PolicyStore;
  sync: SyncClient;
}) {
  return async (instance: FastifyInstance): Promise<void> => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();
    const errors = HubErrorResponses;
    app.addHook('onRequest', options.auth.guard('cashier'));

    app.post(
      '/api/v1/cash-sessions',
      { schema: { body: HubCashOpenRequestSchema, response: { 201: HubCashSessionSchema, ...errors } } },
      async (request, reply) => reply.status(201).send(options.cash.open(request.body, principalOf(request))),
    );

    app.get(
      '/api/v1/cash-sessions/current',
      { schema: { response: { 200: HubCurrentCashSessionSchema, ...errors } } },
      async () => ({ session: options.cash.current() }),
    );

    app.get(
      '/api/v1/cash-sessions',
      {
        schema: { querystring: HubCashSessionListQuerySchema, response: { 200: HubCashSessionListSchema, ...errors } },
      },
      async (request) => ({
        sessions: options.cash.list(request.query.limit),
      }),
    );

    app.post(
      '/api/v1/cash-sessions/:sessionId/close',
      {
        schema: {
          params: HubCashSessionParamsSchema,
          body: HubCashCloseRequestSchema,
          response: { 200: HubCashSessionSchema, 201: HubCashSessionSchema, ...errors },
        },
      },
      async (request, reply) => {
        const outcome = options.cash.close(
          { sessionId: request.params.sessionId, countedXof: request.body.countedXof },
          principalOf(request),
        );
        options.sync.nudge();
        return reply.status(outcome.created ? 201 : 200).send(outcome.session);
      },
    );

    // The Z report on paper; printed again it is the same job (the print queue's idempotency), a reprint makes a
    // DUPLICATA.
    app.post(
      '/api/v1/cash-sessions/:sessionId/print',
      {
        schema: {
          params: HubCashSessionParamsSchema,
          body: HubCashPrintRequestSchema,
          response: { 200: PrintJobSchema, 201: PrintJobSchema, ...errors },
        },
      },
      async (request, reply) => {
        const session = options.cash.get(request.params.sessionId);
        if (session === undefined) throw new AppError('NOT_FOUND', 'No cash session with this id at this counter.');
        if (session.closedAt === null)
          throw new AppError('CONFLICT', 'A Z report is printed once the session is closed.');
        const pointOfSale = (await options.policies.current())?.seller.pointOfSale ?? '';
        const { job, created } = options.queue.enqueue({
          printerId: request.body.printerId,
          documentKey: `z-report:${String(session.number)}`,
          blocks: zReportTicket(session.report, pointOfSale),
        });
        return reply.status(created ? 201 : 200).send(job);
      },
    );
  };
}
