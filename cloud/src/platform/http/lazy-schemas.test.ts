import Fastify, { type FastifyInstance } from 'fastify';
import { describe, expect, it } from 'vitest';
import { onFirstUseSchemaController } from './lazy-schemas.js';

/** The same route on an app compiling at start and on one compiling on first use. */
async function appWith(lazy: boolean): Promise<FastifyInstance> {
  const app = Fastify(lazy ? { schemaController: onFirstUseSchemaController() } : {});
  app.post<{ Params: { id: number }; Querystring: { page: number } }>(
    '/items/:id',
    {
      schema: {
        params: { type: 'object', properties: { id: { type: 'integer' } }, required: ['id'] },
        querystring: { type: 'object', properties: { page: { type: 'integer', default: 1 } } },
        headers: { type: 'object', properties: { 'idempotency-key': { type: 'string', minLength: 8 } } },
        body: {
          type: 'object',
          properties: { amountXof: { type: 'integer', minimum: 1 } },
          required: ['amountXof'],
          additionalProperties: false,
        },
        response: { 200: { type: 'object', properties: { id: { type: 'integer' }, page: { type: 'integer' } } } },
      },
    },
    (request) => ({ id: request.params.id, page: request.query.page, secret: 'never serialised' }),
  );
  await app.ready();
  return app;
}

const requests = [
  { url: '/items/7?page=2', payload: { amountXof: 500 }, headers: { 'idempotency-key': 'abcdefgh' } },
  { url: '/items/7', payload: { amountXof: 500 }, headers: {} },
  { url: '/items/x', payload: { amountXof: 500 }, headers: {} },
  { url: '/items/7', payload: { amountXof: 0 }, headers: {} },
  { url: '/items/7', payload: { amountXof: 5, extra: true }, headers: {} },
  { url: '/items/7', payload: { amountXof: 5 }, headers: { 'Idempotency-Key': 'short' } },
];

describe('route schemas compiled on first use', () => {
  // Coercion, defaults, each refusal, and serialisation dropping undeclared fields.
  it('answer every request exactly as schemas compiled at start do', async () => {
    const eager = await appWith(false);
    const lazy = await appWith(true);
    try {
      for (const request of requests) {
        const [a, b] = await Promise.all([
          eager.inject({ method: 'POST', ...request }),
          lazy.inject({ method: 'POST', ...request }),
        ]);
        expect({ status: b.statusCode, body: b.body }, request.url).toEqual({ status: a.statusCode, body: a.body });
      }
      const ok = await lazy.inject({ method: 'POST', ...requests[0] });
      expect(ok.json()).toEqual({ id: 7, page: 2 });
    } finally {
      await eager.close();
      await lazy.close();
    }
  });

  it('compiles nothing at start: a broken schema fails its first request, not the boot', async () => {
    const app = Fastify({ schemaController: onFirstUseSchemaController() });
    app.post('/broken', { schema: { body: { type: 'no-such-type' } } }, () => ({}));
    await app.ready();
    expect((await app.inject({ method: 'POST', url: '/broken', payload: {} })).statusCode).toBe(500);
    await app.close();
  });

  it('refuses a header schema with an upper-case name at registration', async () => {
    const app = Fastify({ schemaController: onFirstUseSchemaController() });
    app.get('/h', { schema: { headers: { type: 'object', properties: { 'X-Key': { type: 'string' } } } } }, () => ({}));
    await expect(app.ready()).rejects.toThrow(/X-Key must be lower-case/);
  });
});
