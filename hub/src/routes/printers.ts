/**
 * /api/v1/printers: list the counter's printers; add a network printer (admin token).
 */
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { HubErrorResponses, PrinterConfigSchema, PrinterListSchema } from '@ismail/shared';
import type { HubAuth } from '../http/hub-auth.js';
import type { PrinterStore } from '../store/printers.js';

export function printerRoutes(store: PrinterStore, auth: HubAuth) {
  return async (instance: FastifyInstance): Promise<void> => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();
    app.get('/api/v1/printers', { schema: { response: { 200: PrinterListSchema, ...HubErrorResponses } } }, () => ({
      printers: store.list(),
    }));
    app.post(
      '/api/v1/printers',
      {
        schema: {
          body: PrinterConfigSchema,
          response: { 200: PrinterConfigSchema, 201: PrinterConfigSchema, ...HubErrorResponses },
        },
        onRequest: auth.guard('admin'),
      },
      async (request, reply) => {
        const { printer, created } = store.add(request.body);
        return reply.status(created ? 201 : 200).send(printer);
      },
    );
  };
}
