/**
 * The cloud's input rule for text at the hub's local API (issue 19): before validation,
 * every string and key of the body, query string and path parameters is checked by the one
 * shared rule (shared/text/control-characters) and a control character is refused with 400
 * CONTROL_CHARACTER naming the field: what the counter sends (ticket lines with product
 * names, device and printer names, reasons) is held to the same rule as the cloud, and a
 * sale the hub later pushes never carries text the cloud would refuse.
 *
 * Must be registered before any route.
 */
import type { FastifyInstance } from 'fastify';
import { controlCharacterError } from '@ismail/shared';

interface RouteSchemas {
  readonly body?: unknown;
  readonly querystring?: unknown;
  readonly params?: unknown;
}

export function registerTextHygiene(app: FastifyInstance): void {
  app.addHook('preValidation', async (request) => {
    const schema = (request.routeOptions.schema ?? {}) as RouteSchemas;
    const error = controlCharacterError([
      { context: 'params', value: request.params, schema: schema.params },
      { context: 'querystring', value: request.query, schema: schema.querystring },
      { context: 'body', value: Buffer.isBuffer(request.body) ? undefined : request.body, schema: schema.body },
    ]);
    if (error !== null) throw error;
  });
}
