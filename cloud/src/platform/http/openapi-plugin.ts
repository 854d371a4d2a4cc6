/**
 * OpenAPI 3 document generated from the route schemas (one schema per shape), served at
 * GET /openapi.json. Must be registered before any route so every route is collected.
 */
import swagger from '@fastify/swagger';
import type { FastifyInstance } from 'fastify';
import { cloudVersion } from '../../version.js';

export async function registerOpenApi(app: FastifyInstance): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'ISMAIL cloud API',
        version: cloudVersion,
        description: 'System of record for identity, wallet, invoices and business modules.',
      },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } } },
      tags: [
        { name: 'system', description: 'Health and API description' },
        { name: 'reference', description: 'Reference data' },
        { name: 'auth', description: 'Sign-in, sessions and the second factor' },
        { name: 'accounts', description: 'Accounts in your scope' },
        { name: 'cards', description: 'Professional cards and their verification' },
        { name: 'kyc', description: 'Identity verification' },
        { name: 'admin', description: 'Administration (second factor required)' },
        { name: 'operator', description: 'Machine-local administration with the operator token' },
      ],
    },
  });
  app.get('/openapi.json', { config: { access: 'public' }, schema: { hide: true } }, () => app.swagger());
}
