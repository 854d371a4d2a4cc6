/**
 * What a manager does with a print job the queue set aside as failed (issue 19): retry it in
 * its place, cancel it, or reprint it as a marked copy (the failed one is then cancelled).
 * Every route here is a manager's (deny by default: the hook guards the whole plugin); a
 * cashier sees the failure on the counter and calls a manager.
 */
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { HubErrorResponses, HubPrintJobParamsSchema, PrintJobSchema } from '@ismail/shared';
import type { HubAuth } from '../http/hub-auth.js';
import type { PrintQueue } from '../printing/print-queue.js';

export function failedPrintJobRoutes(options: { queue: PrintQueue; auth: HubAuth }) {
  return async (instance: FastifyInstance): Promise<void> => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();
    app.addHook('onRequest', options.auth.guard('manager'));
    const schema = {
      params: HubPrintJobParamsSchema,
      response: { 200: PrintJobSchema, 201: PrintJobSchema, ...HubErrorResponses },
    };

    app.post('/api/v1/failed-print-jobs/:jobId/retry', { schema }, async (request) =>
      options.queue.retryFailed(request.params.jobId),
    );

    app.post('/api/v1/failed-print-jobs/:jobId/cancel', { schema }, async (request) =>
      options.queue.cancelFailed(request.params.jobId),
    );

    app.post('/api/v1/failed-print-jobs/:jobId/reprint', { schema }, async (request, reply) =>
      reply.status(201).send(options.queue.reprintFailed(request.params.jobId)),
    );
  };
}
