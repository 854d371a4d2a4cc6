/**
 * Counter sales, their invoices and credit notes, and a client's wallet at this counter. All
 * work with the cloud unreachable. Cashiers sell and look up; credit notes need a manager.
 * Every answer says whether the document reached the cloud.
 */
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { AppError, cardTokenMaxChars } from '@ismail/shared';
import { principalOf, type HubAuth } from '../http/hub-auth.js';
import type { SalesDesk } from '../sales/sales-desk.js';
import type { SyncClient } from '../sync/sync-client.js';
import type { PrintQueue } from '../printing/print-queue.js';

const Uuid = Type.String({ pattern: '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' });
const SaleId = Type.String({ pattern: '^[A-Za-z0-9_.:-]{1,80}$' });
const CardToken = Type.String({ minLength: 1, maxLength: cardTokenMaxChars });

export function salesRoutes(options: { auth: HubAuth; sales: SalesDesk; sync: SyncClient; queue: PrintQueue }) {
  return async (app: FastifyInstance): Promise<void> => {
    // Selling and looking up are a cashier's; a credit note (money going back) is a manager's.
    const cashier = options.auth.guard('cashier');
    const manager = options.auth.guard('manager');
    app.addHook('onRequest', async (request) => (request.routeOptions.url === '/api/v1/sales/:saleId/credit-notes' ? manager(request) : cashier(request)));

    app.post(
      '/api/v1/sales',
      {
        schema: {
          body: Type.Object(
            {
              saleId: SaleId,
              items: Type.Array(Type.Object({ productId: Uuid, quantity: Type.Integer({ minimum: 1, maximum: 1000 }) }, { additionalProperties: false }), { minItems: 1, maxItems: 200 }),
              payment: Type.Union([Type.Object({ method: Type.Literal('cash') }, { additionalProperties: false }), Type.Object({ method: Type.Literal('wallet'), token: CardToken }, { additionalProperties: false })]),
            },
            { additionalProperties: false },
          ),
        },
      },
      async (request, reply) => {
        const outcome = await options.sales.sell(request.body as Parameters<SalesDesk['sell']>[0], principalOf(request));
        options.sync.nudge();
        return reply.status(outcome.created ? 201 : 200).send(outcome);
      },
    );

    app.post(
      '/api/v1/sales/:saleId/credit-notes',
      {
        schema: {
          params: Type.Object({ saleId: SaleId }),
          body: Type.Object(
            {
              creditId: Uuid,
              lines: Type.Union([Type.Literal('all'), Type.Array(Type.Object({ index: Type.Integer({ minimum: 0 }), quantityMilli: Type.Integer({ minimum: 1 }) }, { additionalProperties: false }), { minItems: 1, maxItems: 200 })]),
            },
            { additionalProperties: false },
          ),
        },
      },
      async (request, reply) => {
        const body = request.body as { creditId: string; lines: 'all' | { index: number; quantityMilli: number }[] };
        const outcome = options.sales.creditNote({ creditId: body.creditId, saleId: (request.params as { saleId: string }).saleId, lines: body.lines }, principalOf(request));
        options.sync.nudge();
        return reply.status(outcome.created ? 201 : 200).send(outcome);
      },
    );

    app.get(
      '/api/v1/invoices',
      { schema: { querystring: Type.Object({ kind: Type.Optional(Type.Union([Type.Literal('invoice'), Type.Literal('credit_note')])), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })) }, { additionalProperties: false }) } },
      async (request) => ({ invoices: options.sales.invoices(request.query as { kind?: 'invoice' | 'credit_note'; limit?: number }) }),
    );

    app.get('/api/v1/invoices/:number', { schema: { params: Type.Object({ number: Type.String({ pattern: '^[A-Za-z0-9-]{1,80}$' }) }) } }, async (request) => {
      const ticket = await options.sales.ticket((request.params as { number: string }).number);
      if (ticket === undefined) throw new AppError('NOT_FOUND', 'No invoice with this number at this counter.');
      // Where anyone can check the printed document (its QR) once the cloud has it.
      return { ...ticket.invoice, verificationUrl: ticket.verificationUrl };
    });

    // The invoice on paper: printed again it is the same job (the queue's idempotency); a copy goes through the job's reprint (DUPLICATA).
    app.post(
      '/api/v1/invoices/:number/print',
      { schema: { params: Type.Object({ number: Type.String({ pattern: '^[A-Za-z0-9-]{1,80}$' }) }), body: Type.Object({ printerId: Uuid, openDrawer: Type.Optional(Type.Boolean()) }, { additionalProperties: false }) } },
      async (request, reply) => {
        const ticket = await options.sales.ticket((request.params as { number: string }).number);
        if (ticket === undefined) throw new AppError('NOT_FOUND', 'No invoice with this number at this counter.');
        const body = request.body as { printerId: string; openDrawer?: boolean };
        const { job, created } = options.queue.enqueue({ printerId: body.printerId, documentKey: `invoice:${ticket.invoice.number}`, blocks: ticket.blocks, ...(body.openDrawer === true ? { openDrawer: true } : {}) });
        return reply.status(created ? 201 : 200).send(job);
      },
    );

    // What a client's wallet allows here now: the sell screen shows it before taking a wallet payment.
    app.post('/api/v1/wallets/lookup', { schema: { body: Type.Object({ token: CardToken }, { additionalProperties: false }) } }, async (request) => options.sales.wallet((request.body as { token: string }).token));
  };
}
