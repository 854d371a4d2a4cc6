/**
 * The local printing API: discovery, test page, print jobs (enqueue, history, reprint,
 * cancel) and printer status (its name, why it waits, the jobs set aside), also as a stream
 * (server-sent events) for the counter app. Failed jobs are a manager's: failed-print-jobs.ts.
 * Every route needs the hub admin token until staff sign-in arrives with the counter app.
 * Schemas: shared/src/printing and shared/src/hub-api/printing.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import {
  AppError,
  HubErrorResponses,
  HubPrinterDiscoverySchema,
  HubPrinterParamsSchema,
  HubPrinterStatusListSchema,
  HubPrintHistoryQuerySchema,
  HubPrintHistorySchema,
  HubPrintJobParamsSchema,
  PrintJobSchema,
  PrintRequestSchema,
  testPageTicket,
} from '@ismail/shared';
import type { Discovery } from '@ismail/drivers';
import type { HubAuth } from '../http/hub-auth.js';
import type { PrintQueue, PrinterStatus } from '../printing/print-queue.js';
import type { PrinterStore } from '../store/printers.js';
import type { Scheduler } from '../platform/scheduler.js';
import { sseKeepAliveEveryMs, sseResponse } from './sse.js';

export interface PrintingRoutesOptions {
  readonly queue: PrintQueue;
  readonly printers: PrinterStore;
  readonly auth: HubAuth;
  readonly scheduler: Scheduler;
  readonly discover: () => Promise<Discovery>;
}

export function printingRoutes(options: PrintingRoutesOptions) {
  return async (instance: FastifyInstance): Promise<void> => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();
    // Staff print and reprint at the counter; looking for printers and test pages are a manager's.
    const managerRoutes = new Set(['/api/v1/printers/discovery', '/api/v1/printers/:printerId/test-page']);
    const cashier = options.auth.guard('cashier');
    const manager = options.auth.guard('manager');
    app.addHook('onRequest', async (request: FastifyRequest) =>
      managerRoutes.has(request.routeOptions.url ?? '') ? manager(request) : cashier(request),
    );
    const errors = HubErrorResponses;

    app.get(
      '/api/v1/printers/discovery',
      { schema: { response: { 200: HubPrinterDiscoverySchema, ...errors } } },
      async () => options.discover(),
    );

    app.post(
      '/api/v1/printers/:printerId/test-page',
      { schema: { params: HubPrinterParamsSchema, response: { 201: PrintJobSchema, ...errors } } },
      async (request, reply) => {
        const { printerId } = request.params;
        const printer = options.printers.get(printerId);
        if (printer === undefined) throw new AppError('NOT_FOUND', 'No such printer.');
        const at = new Date().toISOString();
        const { job } = options.queue.enqueue({
          printerId,
          documentKey: `test:${at}`,
          blocks: testPageTicket({
            printerName: printer.name,
            transport: printer.transport,
            widthMm: printer.widthMm,
            at,
          }),
        });
        return reply.status(201).send(job);
      },
    );

    app.post(
      '/api/v1/print-jobs',
      { schema: { body: PrintRequestSchema, response: { 200: PrintJobSchema, 201: PrintJobSchema, ...errors } } },
      async (request, reply) => {
        const { job, created } = options.queue.enqueue(request.body);
        return reply.status(created ? 201 : 200).send(job);
      },
    );

    app.get(
      '/api/v1/print-jobs',
      { schema: { querystring: HubPrintHistoryQuerySchema, response: { 200: HubPrintHistorySchema, ...errors } } },
      async (request) => ({
        jobs: options.queue.history({ printerId: request.query.printerId, limit: request.query.limit }),
      }),
    );

    app.get(
      '/api/v1/print-jobs/:jobId',
      { schema: { params: HubPrintJobParamsSchema, response: { 200: PrintJobSchema, ...errors } } },
      async (request) => {
        const job = options.queue.get(request.params.jobId);
        if (job === undefined) throw new AppError('NOT_FOUND', 'No such print job.');
        return job;
      },
    );

    app.post(
      '/api/v1/print-jobs/:jobId/reprint',
      { schema: { params: HubPrintJobParamsSchema, response: { 201: PrintJobSchema, ...errors } } },
      async (request, reply) => reply.status(201).send(options.queue.reprint(request.params.jobId)),
    );

    app.post(
      '/api/v1/print-jobs/:jobId/cancel',
      { schema: { params: HubPrintJobParamsSchema, response: { 200: PrintJobSchema, ...errors } } },
      async (request) => options.queue.cancel(request.params.jobId),
    );

    app.get(
      '/api/v1/printers/status',
      { schema: { response: { 200: HubPrinterStatusListSchema, ...errors } } },
      async () => ({ printers: options.queue.status() }),
    );

    // Server-sent events: the current status of every printer, then each change.
    app.get(
      '/api/v1/printers/status/stream',
      { schema: { response: { 200: sseResponse('`status` events, each a PrinterStatus (JSON)'), ...errors } } },
      (request, reply) => {
        reply.hijack();
        const res = reply.raw;
        res.writeHead(200, {
          'content-type': 'text/event-stream; charset=utf-8',
          'cache-control': 'no-store',
          connection: 'keep-alive',
          'x-request-id': request.id,
        });
        const send = (status: PrinterStatus): void => {
          res.write(`event: status\ndata: ${JSON.stringify(status)}\n\n`);
        };
        for (const status of options.queue.status()) send(status);
        options.queue.on('status', send);
        const stopKeepAlive = options.scheduler.every({
          name: `printers.stream.keep-alive:${request.id}`,
          everyMs: sseKeepAliveEveryMs,
          run: () => void res.write(': keep-alive\n\n'),
        });
        request.raw.on('close', () => {
          stopKeepAlive();
          options.queue.off('status', send);
        });
      },
    );
  };
}
