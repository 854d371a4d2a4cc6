/**
 * Checks each JSON answer against the response schema of its route and status before Fastify
 * serialises it. Serialisation follows the schema and silently drops what it does not name
 * (and turns a null into "" for a field declared a plain string), so an answer that does not
 * match its schema is data the counter never sees. Tests set `throw` (the request fails, the
 * test sees it); a running hub logs a warning and answers as serialised.
 *
 * Formats are left out of the check: TypeBox's Value knows none (it would refuse every
 * `format: 'uuid'`), and formats only guard what clients send, which the route's validator does.
 * An object schema that says nothing of other properties is checked as closed: the serialiser
 * drops what it does not name, so a property it does not name is a property lost.
 */
import { Value } from '@sinclair/typebox/value';
import type { TSchema } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';

export type ResponseCheckMode = 'off' | 'log' | 'throw';

/** Errors named per mismatch: enough to find the field, bounded so a log line stays a line. */
const errorsShownMax = 5;

const checkable = new WeakMap<object, TSchema>();

/** The schema as checked: no `format` keywords, objects closed (a copy that keeps TypeBox's symbol keys). */
function asChecked(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(asChecked);
  if (typeof schema !== 'object' || schema === null) return schema;
  const copy: Record<string | symbol, unknown> = {};
  for (const key of Reflect.ownKeys(schema)) {
    if (key === 'format' && typeof (schema as Record<string, unknown>).format === 'string') continue;
    copy[key] = asChecked((schema as Record<string | symbol, unknown>)[key]);
  }
  if (copy.type === 'object' && copy.additionalProperties === undefined) copy.additionalProperties = false;
  return copy;
}

/** The schema Fastify serialises this status with: the exact code, then `4xx`-style, then `default`. */
export function responseSchemaFor(responses: unknown, statusCode: number): TSchema | undefined {
  if (typeof responses !== 'object' || responses === null) return undefined;
  const byStatus = responses as Record<string, unknown>;
  const schema = byStatus[String(statusCode)] ?? byStatus[`${String(statusCode).charAt(0)}xx`] ?? byStatus.default;
  // Bytes answers (`content` per media type) are not serialised by a schema: nothing to check.
  if (typeof schema !== 'object' || schema === null || 'content' in schema) return undefined;
  let prepared = checkable.get(schema);
  if (prepared === undefined) {
    prepared = asChecked(schema) as TSchema;
    checkable.set(schema, prepared);
  }
  return prepared;
}

/** What is wrong with `payload` for `schema`, or null when it matches. */
export function responseMismatch(schema: TSchema, payload: unknown): string | null {
  if (Value.Check(schema, payload)) return null;
  const errors = [...Value.Errors(schema, payload)].slice(0, errorsShownMax);
  return errors.map((e) => `${e.path === '' ? '/' : e.path}: ${e.message}`).join('; ');
}

export function registerResponseCheck(app: FastifyInstance, mode: ResponseCheckMode): void {
  if (mode === 'off') return;
  app.addHook('preSerialization', async (request, reply, payload) => {
    const schema = responseSchemaFor(request.routeOptions.schema?.response, reply.statusCode);
    if (schema === undefined) return payload;
    const mismatch = responseMismatch(schema, payload);
    if (mismatch === null) return payload;
    const where = `${request.method} ${request.routeOptions.url ?? request.url} ${String(reply.statusCode)}`;
    if (mode === 'throw') throw new Error(`answer does not match its response schema (${where}): ${mismatch}`);
    request.log.warn({ route: where, mismatch }, 'answer does not match its response schema');
    return payload;
  });
}
