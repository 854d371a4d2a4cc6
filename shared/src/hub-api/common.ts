/**
 * Building blocks of the hub's local API schemas (issue 21): identifiers, instants, the
 * nullable and closed-object helpers, and the error answers every route shares. Response
 * objects are closed (`additionalProperties: false`): Fastify serialises by them and drops
 * what they do not name, so a field missing here is a field the counter never sees, and a
 * test that checks answers against them (hub/src/http/response-check.ts) finds it.
 */
import { Type, type Static, type TProperties, type TSchema } from '@sinclair/typebox';
import { cardTokenMaxChars } from '../cards/credential.js';
import { ErrorBodySchema } from '../errors/catalog.js';
import { UuidSchema } from '../text/uuid.js';

/** A pattern, not `format: 'uuid'`: TypeBox's Value (the response check) knows no formats. */
export const HubUuid = UuidSchema;
/** An ISO instant as the hub writes them (`Date.prototype.toISOString`). */
export const HubInstant = Type.String({ maxLength: 40 });
/** A card or dynamic QR as scanned: a compact JWS. */
export const HubCardToken = Type.String({ minLength: 1, maxLength: cardTokenMaxChars });
/** Counted things and amounts the hub answers: integers, never fractions. */
export const HubCount = Type.Integer({ minimum: 0 });

/**
 * What a schema here describes, as a TypeScript type: the counter app's hub client reads each route's request and
 * answer through it (it does not depend on TypeBox itself; the types are erased from its bundle).
 */
export type HubStatic<T> = T extends TSchema ? Static<T> : never;

export const hubNullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

/** A response object: exactly these properties (see the header). */
export const hubObject = <T extends TProperties>(properties: T, options: { description?: string } = {}) =>
  Type.Object(properties, { ...options, additionalProperties: false });

/** Every route's refusals and faults: the shared error body (shared/http/error-response). */
export const HubErrorResponses = { '4xx': ErrorBodySchema, '5xx': ErrorBodySchema } as const;

/** Bytes as the OpenAPI document shows them; typed as what the handler sends (a Buffer is one). */
const Bytes = Type.Unsafe<Uint8Array | string>({ type: 'string', format: 'binary' });

/** Routes whose answer is not JSON (a photo, a PEM, a bundle), documented as such; never serialised by a schema. */
export const hubBinaryResponse = (contentTypes: readonly string[], description: string) => ({
  description,
  content: Object.fromEntries(contentTypes.map((type) => [type, { schema: Bytes }])),
});
