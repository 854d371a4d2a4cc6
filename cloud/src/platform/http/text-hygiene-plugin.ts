/**
 * The input rule for text, on every route at once (issue 19): before validation, every
 * string and object key of the parsed body, query string and path parameters is checked for
 * control characters (shared/text/control-characters: one-line by default, line feed and tab
 * only where the schema says MultiLine), and a request holding one is refused with 400
 * CONTROL_CHARACTER naming the field. A hook rather than a pattern on each schema so no route
 * can forget it; NUL never reaches PostgreSQL (which cannot store it: it answered 500).
 *
 * Must be registered before any route. Headers are left to Node's parser, which refuses
 * control characters in them (tab excepted).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { controlCharacterError, type RequestPart } from '@ismail/shared';

interface RouteSchemas {
  readonly body?: unknown;
  readonly querystring?: unknown;
  readonly params?: unknown;
}

export function requestTextParts(request: FastifyRequest): RequestPart[] {
  const schema = (request.routeOptions.schema ?? {}) as RouteSchemas;
  return [
    { context: 'params', value: request.params, schema: schema.params },
    { context: 'querystring', value: request.query, schema: schema.querystring },
    // Binary bodies (a KYC photo) arrive as Buffers: not text, not checked.
    { context: 'body', value: Buffer.isBuffer(request.body) ? undefined : request.body, schema: schema.body },
  ];
}

export function registerTextHygiene(app: FastifyInstance): void {
  app.addHook('preValidation', async (request) => {
    const error = controlCharacterError(requestTextParts(request));
    if (error !== null) throw error;
  });
}
