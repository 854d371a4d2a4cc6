/**
 * Builds the hub's local HTTP app: health, the local API and the counter app's files.
 * Same error body and request ids as the cloud (shared/http/error-response).
 */
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyInstance } from 'fastify';
import { AppError, baseHttpServerOptions, toErrorResponse } from '@ismail/shared';
import { hubHealthRoutes } from '../routes/health.js';
import { printerRoutes } from '../routes/printers.js';
import type { HubDatabase } from '../store/open.js';
import { printerStore } from '../store/printers.js';

export interface HubAppOptions {
  readonly db: HubDatabase;
  readonly adminToken: string;
  readonly counterAppDir: string;
  readonly logLevel: string;
  readonly logStream?: NodeJS.WritableStream;
}

export async function buildHubApp(options: HubAppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: {
      level: options.logLevel,
      redact: { paths: ['req.headers.authorization', 'req.headers.cookie'], censor: '[redacted]' },
      ...(options.logStream === undefined ? {} : { stream: options.logStream }),
    },
    ...baseHttpServerOptions(randomUUID),
  });
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  app.setErrorHandler((error, request, reply) => {
    const response = toErrorResponse(error, request.id);
    if (response.isServerFault) request.log.error({ err: error }, 'request failed');
    return reply.status(response.httpStatus).send(response.body);
  });
  app.setNotFoundHandler((request, reply) => {
    const response = toErrorResponse(new AppError('NOT_FOUND'), request.id);
    return reply.status(response.httpStatus).send(response.body);
  });
  await app.register(hubHealthRoutes(options.db));
  await app.register(printerRoutes(printerStore(options.db), options.adminToken));
  if (existsSync(options.counterAppDir)) {
    await app.register(fastifyStatic, { root: options.counterAppDir, prefix: '/', index: 'index.html' });
  } else {
    app.get('/', (_request, reply) =>
      reply.type('text/plain; charset=utf-8').send(`Le guichet n'est pas construit : lancez « npm run build » (dossier attendu : ${options.counterAppDir}).\n`),
    );
  }
  return app;
}
