/**
 * The hub's Fastify instance before any route: logging with secrets redacted, request ids,
 * the error body shared with the cloud (shared/http/error-response), and the hooks that must
 * see every route as it is added (the OpenAPI document, the response check, text hygiene).
 * Its own (plain HTTP) server answers loopback connections only, whatever HUB_HOST says: the
 * shop LAN reaches the hub over HTTPS through the terminals listener (lan/lan-listener.ts).
 */
import { randomUUID } from 'node:crypto';
import { createServer, type RequestListener } from 'node:http';
import Fastify, { type FastifyInstance } from 'fastify';
import { AppError, baseHttpServerOptions, toErrorResponse } from '@ismail/shared';
import type { HubAppOptions } from './app.js';
import { registerTextHygiene } from './text-hygiene.js';
import { registerHubOpenApi } from './openapi.js';
import { registerResponseCheck } from './response-check.js';

export async function createHubShell(options: HubAppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: {
      level: options.logLevel,
      redact: {
        paths: ['req.headers.authorization', 'req.headers.cookie', 'req.headers["x-bundle-passphrase"]'],
        censor: '[redacted]',
      },
      ...(options.logStream === undefined ? {} : { stream: options.logStream }),
    },
    ...baseHttpServerOptions(randomUUID),
    serverFactory: (handler: RequestListener) => {
      const server = createServer(handler);
      // Another machine connecting over plain HTTP gets no answer at all: the connection is dropped.
      server.on('connection', (socket) => {
        if (!isLoopback(socket.remoteAddress)) socket.destroy();
      });
      return server;
    },
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
  app.decorateRequest('principal', null);
  if (options.onRoute !== undefined) app.addHook('onRoute', options.onRoute);
  // Before any route: the document collects routes as they are added.
  await registerHubOpenApi(app);
  registerResponseCheck(app, options.responseCheck ?? 'log');
  // Before any route: no text field of any route takes a control character.
  registerTextHygiene(app);
  return app;
}

/** 127.0.0.0/8, ::1 and IPv4-mapped loopback. */
export function isLoopback(address: string | undefined): boolean {
  if (address === undefined) return false;
  const v4 = address.startsWith('::ffff:') ? address.slice('::ffff:'.length) : address;
  return address === '::1' || v4.startsWith('127.');
}
