/**
 * /api/v1/printers: list the counter's printers; add a network printer (admin token).
 */
import type { FastifyInstance } from 'fastify';
import { ErrorBodySchema, PrinterConfigSchema, PrinterListSchema, type PrinterConfig } from '@ismail/shared';
import type { HubAuth } from '../http/hub-auth.js';
import type { PrinterStore } from '../store/printers.js';

export function printerRoutes(store: PrinterStore, auth: HubAuth) {
  return async (app: FastifyInstance): Promise<void> => {
    app.get('/api/v1/printers', { schema: { response: { 200: PrinterListSchema } } }, () => ({ printers: store.list() }));
    app.post(
      '/api/v1/printers',
      {
        schema: { body: PrinterConfigSchema, response: { 200: PrinterConfigSchema, 201: PrinterConfigSchema, '4xx': ErrorBodySchema } },
        onRequest: auth.guard('admin'),
      },
      async (request, reply) => {
        const { printer, created } = store.add(request.body as PrinterConfig);
        return reply.status(created ? 201 : 200).send(printer);
      },
    );
  };
}
