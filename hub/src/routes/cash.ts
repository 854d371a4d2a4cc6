/**
 * Cash sessions at this counter: open with a float, see the running figures, close with the
 * counted cash (Z report, queued for the cloud), print or reprint the Z report.
 */
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { AppError, zReportTicket } from '@ismail/shared';
import type { CashDesk } from '../cash/cash-desk.js';
import { principalOf, type HubAuth } from '../http/hub-auth.js';
import type { PrintQueue } from '../printing/print-queue.js';
import type { PolicyStore } from '../sync/policy-store.js';
import type { SyncClient } from '../sync/sync-client.js';

const Uuid = Type.String({ pattern: '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' });
const Xof = Type.Integer({ minimum: 0, maximum: 100_000_000 });

export function cashRoutes(options: { auth: HubAuth; cash: CashDesk; queue: PrintQueue; policies: PolicyStore; sync: SyncClient }) {
  return async (app: FastifyInstance): Promise<void> => {
    app.addHook('onRequest', options.auth.guard('cashier'));

    app.post('/api/v1/cash-sessions', { schema: { body: Type.Object({ floatXof: Xof }, { additionalProperties: false }) } }, async (request, reply) =>
      reply.status(201).send(options.cash.open(request.body as { floatXof: number }, principalOf(request))),
    );

    app.get('/api/v1/cash-sessions/current', async () => ({ session: options.cash.current() }));

    app.get('/api/v1/cash-sessions', { schema: { querystring: Type.Object({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })) }, { additionalProperties: false }) } }, async (request) => ({
      sessions: options.cash.list((request.query as { limit?: number }).limit),
    }));

    app.post(
      '/api/v1/cash-sessions/:sessionId/close',
      { schema: { params: Type.Object({ sessionId: Uuid }), body: Type.Object({ countedXof: Xof }, { additionalProperties: false }) } },
      async (request, reply) => {
        const outcome = options.cash.close({ sessionId: (request.params as { sessionId: string }).sessionId, countedXof: (request.body as { countedXof: number }).countedXof }, principalOf(request));
        options.sync.nudge();
        return reply.status(outcome.created ? 201 : 200).send(outcome.session);
      },
    );

    // The Z report on paper; printed again it is the same job (the print queue's idempotency), a reprint makes a DUPLICATA.
    app.post(
      '/api/v1/cash-sessions/:sessionId/print',
      { schema: { params: Type.Object({ sessionId: Uuid }), body: Type.Object({ printerId: Uuid }, { additionalProperties: false }) } },
      async (request, reply) => {
        const session = options.cash.get((request.params as { sessionId: string }).sessionId);
        if (session === undefined) throw new AppError('NOT_FOUND', 'No cash session with this id at this counter.');
        if (session.closedAt === null) throw new AppError('CONFLICT', 'A Z report is printed once the session is closed.');
        const pointOfSale = (await options.policies.current())?.seller.pointOfSale ?? '';
        const { job, created } = options.queue.enqueue({ printerId: (request.body as { printerId: string }).printerId, documentKey: `z-report:${String(session.number)}`, blocks: zReportTicket(session.report, pointOfSale) });
        return reply.status(created ? 201 : 200).send(job);
      },
    );
  };
}
