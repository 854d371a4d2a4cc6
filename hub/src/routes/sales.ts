/**
 * Counter sales, their invoices and credit notes, and a client's wallet at this counter. All
 * work with the cloud unreachable. Cashiers sell and look up; credit notes need a manager.
 * Every answer says whether the document reached the cloud. Schemas: shared/src/hub-api/sales.
 */
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import {
  AppError,
  HubCreditNoteOutcomeSchema,
  HubCreditNoteRequestSchema,
  HubErrorResponses,
  HubInvoiceListQuerySchema,
  HubInvoiceListSchema,
  HubInvoiceParamsSchema,
  HubInvoicePrintRequestSchema,
  HubInvoiceViewSchema,
  HubSaleOutcomeSchema,
  HubSaleParamsSchema,
  HubSaleRequestSchema,
  HubWalletLookupRequestSchema,
  HubWalletViewSchema,
  PrintJobSchema,
} from '@ismail/shared';
import { principalOf, type HubAuth } from '../http/hub-auth.js';
import type { SalesDesk } from '../sales/sales-desk.js';
import type { SyncClient } from '../sync/sync-client.js';
import type { PrintQueue } from '../printing/print-queue.js';

export function salesRoutes(options: { auth: HubAuth; sales: SalesDesk; sync: SyncClient; queue: PrintQueue }) {
  return async (instance: FastifyInstance): Promise<void> => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();
    const errors = HubErrorResponses;
    // A reprint of an invoice lays it out again (next copy, with the certification that came since), not the first
    // ticket's blocks.
    options.queue.relayWith((documentKey) => options.sales.relaid(documentKey));
    // Selling and looking up are a cashier's; a credit note (money going back) is a manager's.
    const cashier = options.auth.guard('cashier');
    const manager = options.auth.guard('manager');
    app.addHook('onRequest', async (request) =>
      request.routeOptions.url === '/api/v1/sales/:saleId/credit-notes' ? manager(request) : cashier(request),
    );

    app.post(
      '/api/v1/sales',
      {
        schema: {
          body: HubSaleRequestSchema,
          response: { 200: HubSaleOutcomeSchema, 201: HubSaleOutcomeSchema, ...errors },
        },
      },
      async (request, reply) => {
        // The ticket, when asked, is queued with the sale: one request records and prints.
        const outcome = await options.sales.sell(request.body, principalOf(request), options.queue);
        options.sync.nudge();
        return reply.status(outcome.created ? 201 : 200).send(outcome);
      },
    );

    app.post(
      '/api/v1/sales/:saleId/credit-notes',
      {
        schema: {
          params: HubSaleParamsSchema,
          body: HubCreditNoteRequestSchema,
          response: { 200: HubCreditNoteOutcomeSchema, 201: HubCreditNoteOutcomeSchema, ...errors },
        },
      },
      async (request, reply) => {
        const outcome = options.sales.creditNote(
          { creditId: request.body.creditId, saleId: request.params.saleId, lines: request.body.lines },
          principalOf(request),
        );
        options.sync.nudge();
        return reply.status(outcome.created ? 201 : 200).send(outcome);
      },
    );

    app.get(
      '/api/v1/invoices',
      { schema: { querystring: HubInvoiceListQuerySchema, response: { 200: HubInvoiceListSchema, ...errors } } },
      async (request) => ({
        invoices: options.sales.invoices(request.query),
      }),
    );

    app.get(
      '/api/v1/invoices/:number',
      { schema: { params: HubInvoiceParamsSchema, response: { 200: HubInvoiceViewSchema, ...errors } } },
      async (request) => {
        const ticket = await options.sales.ticket(request.params.number);
        if (ticket === undefined) throw new AppError('NOT_FOUND', 'No invoice with this number at this counter.');
        // Where anyone can check the printed document (its QR) once the cloud has it.
        return { ...ticket.invoice, verificationUrl: ticket.verificationUrl };
      },
    );

    // The invoice on paper: printed again it is the same job (the queue's idempotency); a copy goes through the job's
    // reprint (DUPLICATA).
    app.post(
      '/api/v1/invoices/:number/print',
      {
        schema: {
          params: HubInvoiceParamsSchema,
          body: HubInvoicePrintRequestSchema,
          response: { 200: PrintJobSchema, 201: PrintJobSchema, ...errors },
        },
      },
      async (request, reply) => {
        const ticket = await options.sales.ticket(request.params.number);
        if (ticket === undefined) throw new AppError('NOT_FOUND', 'No invoice with this number at this counter.');
        const body = request.body;
        const { job, created } = options.queue.enqueue({
          printerId: body.printerId,
          documentKey: `invoice:${ticket.invoice.number}`,
          blocks: ticket.blocks,
          ...(body.openDrawer === true ? { openDrawer: true } : {}),
        });
        return reply.status(created ? 201 : 200).send(job);
      },
    );

    // What a client's wallet allows here now: the sell screen shows it before taking a wallet payment.
    app.post(
      '/api/v1/wallets/lookup',
      { schema: { body: HubWalletLookupRequestSchema, response: { 200: HubWalletViewSchema, ...errors } } },
      async (request) => options.sales.wallet(request.body.token),
    );
  };
}
