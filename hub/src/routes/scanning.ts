/**
 * The local scanning API: configure serial scanners, post keyboard-wedge scans from the
 * counter app, and receive every classified scan as server-sent events. Admin token until
 * staff sign-in arrives with the counter app. Schemas: shared/src/scanning and shared/src/hub-api/scanning.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import {
  HubErrorResponses,
  HubRecentScansSchema,
  HubScannerListSchema,
  HubScanRequestSchema,
  ScanEventSchema,
  ScannerConfigSchema,
  type ScanEvent,
} from '@ismail/shared';
import type { HubAuth } from '../http/hub-auth.js';
import type { ScannerService } from '../scanning/scanner-service.js';
import type { Scheduler } from '../platform/scheduler.js';
import { sseKeepAliveEveryMs, sseResponse } from './sse.js';

export function scanningRoutes(scanners: ScannerService, auth: HubAuth, scheduler: Scheduler) {
  return async (instance: FastifyInstance): Promise<void> => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();
    const errors = HubErrorResponses;
    // Staff see and type scans; adding a scanner is the machine administrator's.
    const cashier = auth.guard('cashier');
    const admin = auth.guard('admin');
    app.addHook('onRequest', async (request: FastifyRequest) =>
      request.method === 'POST' && request.routeOptions.url === '/api/v1/scanners' ? admin(request) : cashier(request),
    );
    app.get('/api/v1/scanners', { schema: { response: { 200: HubScannerListSchema, ...errors } } }, async () => ({
      scanners: scanners.list(),
    }));
    app.post(
      '/api/v1/scanners',
      {
        schema: {
          body: ScannerConfigSchema,
          response: { 200: ScannerConfigSchema, 201: ScannerConfigSchema, ...errors },
        },
      },
      async (request, reply) => {
        const { scanner, created } = scanners.add(request.body);
        return reply.status(created ? 201 : 200).send(scanner);
      },
    );
    app.post(
      '/api/v1/scans',
      { schema: { body: HubScanRequestSchema, response: { 200: ScanEventSchema, ...errors } } },
      async (request) => scanners.received('keyboard', request.body.code),
    );
    app.get('/api/v1/scans', { schema: { response: { 200: HubRecentScansSchema, ...errors } } }, async () => ({
      scans: scanners.recent(),
    }));
    app.get(
      '/api/v1/scans/stream',
      { schema: { response: { 200: sseResponse('`scan` events, each a ScanEvent (JSON)'), ...errors } } },
      (request, reply) => {
        reply.hijack();
        const res = reply.raw;
        res.writeHead(200, {
          'content-type': 'text/event-stream; charset=utf-8',
          'cache-control': 'no-store',
          connection: 'keep-alive',
          'x-request-id': request.id,
        });
        const send = (event: ScanEvent): void => {
          res.write(`event: scan\nid: ${String(event.seq)}\ndata: ${JSON.stringify(event)}\n\n`);
        };
        scanners.on('scan', send);
        const stopKeepAlive = scheduler.every({
          name: `scans.stream.keep-alive:${request.id}`,
          everyMs: sseKeepAliveEveryMs,
          run: () => void res.write(': keep-alive\n\n'),
        });
        request.raw.on('close', () => {
          stopKeepAlive();
          scanners.off('scan', send);
        });
      },
    );
  };
}
