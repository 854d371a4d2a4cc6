/**
 * What a manager does with a print job the queue set aside as failed (issue 19): retry it in
 * its place, cancel it, or reprint it as a marked copy (the failed one is then cancelled).
 * Every route here is a manager's (deny by default: the hook guards the whole plugin); a
 * cashier sees the failure on the counter and calls a manager.
 */
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { ErrorBodySchema, PrintJobSchema } from '@ismail/shared';
import type { HubAuth } from '../http/hub-auth.js';
import type { PrintQueue } from '../printing/print-queue.js';

const JobParams = Type.Object({ jobId: Type.String({ pattern: '^[0-9a-f]{64}$' }) });
type JobParamsType = { jobId: string };

export function failedPrintJobRoutes(options: { queue: PrintQueue; auth: HubAuth }) {
  return async (app: FastifyInstance): Promise<void> => {
    app.addHook('onRequest', options.auth.guard('manager'));
    const schema = { params: JobParams, response: { 200: PrintJobSchema, 201: PrintJobSchema, '4xx': ErrorBodySchema } };

    app.post('/api/v1/failed-print-jobs/:jobId/retry', { schema }, async (request) => options.queue.retryFailed((request.params as JobParamsType).jobId));

    app.post('/api/v1/failed-print-jobs/:jobId/cancel', { schema }, async (request) => options.queue.cancelFailed((request.params as JobParamsType).jobId));

    app.post('/api/v1/failed-print-jobs/:jobId/reprint', { schema }, async (request, reply) => reply.status(201).send(options.queue.reprintFailed((request.params as JobParamsType).jobId)));
  };
}
