/**
 * The hub's OpenAPI 3 document, generated from its route schemas (shared/src/hub-api), served
 * at GET /openapi.json without sign-in: it describes the API, it holds no data. Registered
 * before any route, so every route is collected.
 */
import swagger from '@fastify/swagger';
import type { FastifyInstance } from 'fastify';
import { hubVersion } from '../version.js';

export async function registerHubOpenApi(app: FastifyInstance): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'ISMAIL hub local API',
        version: hubVersion,
        description:
          'The counter hub on the shop LAN: sales, cash, printing, scanning, devices and sync, all working with the cloud unreachable.',
      },
      components: {
        securitySchemes: {
          // A staff session from POST /api/v1/staff/sign-in, or the machine administrator's token (hub/admin-token).
          bearer: { type: 'http', scheme: 'bearer' },
        },
      },
    },
  });
  app.get('/openapi.json', { schema: { hide: true } }, () => app.swagger());
}
