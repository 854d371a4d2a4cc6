/**
 * Request generation and judging for the route fuzz, from a route's own OpenAPI schemas:
 * fast-check arbitraries for values inside a schema, values just outside it (one bound,
 * pattern, format, enum, type, required or extra property broken at one place), hostile text,
 * and the judge: the same validator Fastify uses (@fastify/ajv-compiler with the app's
 * options) says whether a request as the server receives it is inside its schemas, and a
 * strict validator checks answers against their declared response schemas.
 */
import AjvCompiler from '@fastify/ajv-compiler';
import fc from 'fast-check';

export type Schema = Readonly<Record<string, unknown>>;
export interface Parameter {
  in: 'path' | 'query' | 'header';
  name: string;
  required?: boolean;
  schema?: Schema;
}
export interface Operation {
  parameters?: Parameter[];
  requestBody?: { required?: boolean; content?: Record<string, { schema?: Schema }> };
  responses?: Record<string, { content?: Record<string, { schema?: Schema }> }>;
}
export interface OpenApi {
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, Schema> };
}

/**
 * Text that has broken servers: control characters, NUL, lone surrogates, bidi overrides, decomposed and astral
 * characters, injection-looking text.
 */
const hostileSamples = [
  '\u0000',
  'a\u0000b',
  '\u001b[31mred',
  'gs\u001dsep',
  'del\u007f',
  'c1\u0085\u009b',
  '\t',
  'line\nbreak',
  'cr\r\n',
  '\ud800',
  'x\udfffy',
  '\u202eevil',
  '\ufeffbom',
  'Attie\u0301ke\u0301',
  '🐟🐟',
  '\u0301',
  "'; DROP TABLE accounts;--",
  '%00',
  '\\',
  '"',
  '{}',
  'null',
  '-1',
  '=HYPERLINK("http://x")',
  ' ',
  '',
];
export const hostileText = (): fc.Arbitrary<string> =>
  fc.oneof(
    fc.constantFrom(...hostileSamples),
    fc.constant('x'.repeat(5_001)),
    fc.constant('é'.repeat(20_000)),
    fc.string({ unit: 'binary', maxLength: 12 }),
    fc.tuple(fc.string({ maxLength: 6 }), fc.constantFrom(...hostileSamples)).map(([a, b]) => a + b),
  );

function plainText(schema: Schema): fc.Arbitrary<string> {
  const minLength = typeof schema.minLength === 'number' ? schema.minLength : 0;
  const maxLength = Math.min(typeof schema.maxLength === 'number' ? schema.maxLength : 30, 30);
  if (schema.format === 'uuid') return fc.uuid();
  if (schema.format === 'date-time')
    return fc
      .date({ min: new Date('2020-01-01'), max: new Date('2030-01-01'), noInvalidDate: true })
      .map((d) => d.toISOString());
  if (schema.format === 'date')
    return fc
      .date({ min: new Date('2020-01-01'), max: new Date('2030-01-01'), noInvalidDate: true })
      .map((d) => d.toISOString().slice(0, 10));
  if (schema.format === 'email') return fc.emailAddress();
  if (schema.format === 'uri') return fc.webUrl();
  if (typeof schema.pattern === 'string') {
    try {
      return fc.stringMatching(new RegExp(schema.pattern)).filter((s) => s.length <= Math.max(maxLength, 200));
    } catch {
      // A pattern fast-check cannot generate from: plain text below.
    }
  }
  return fc.string({ minLength: Math.min(minLength, maxLength), maxLength: Math.max(minLength, maxLength) });
}

export function arbitraryOf(schema: Schema | undefined, doc: OpenApi, depth = 0): fc.Arbitrary<unknown> {
  if (schema === undefined || depth > 6) return fc.constant(null);
  if (typeof schema.$ref === 'string')
    return arbitraryOf(doc.components?.schemas?.[schema.$ref.split('/').pop() ?? ''], doc, depth + 1);
  if (Array.isArray(schema.enum)) return fc.constantFrom(...(schema.enum as unknown[]));
  if ('const' in schema) return fc.constant(schema.const);
  const union = (schema.anyOf ?? schema.oneOf) as Schema[] | undefined;
  if (union !== undefined) return fc.oneof(...union.map((s) => arbitraryOf(s, doc, depth + 1)));
  if (Array.isArray(schema.allOf)) return arbitraryOf(schema.allOf[0] as Schema, doc, depth + 1);
  const type = Array.isArray(schema.type) ? (schema.type[0] as string) : (schema.type as string | undefined);
  const maybeNull = <T>(a: fc.Arbitrary<T>): fc.Arbitrary<T | null> =>
    schema.nullable === true ? fc.option(a, { nil: null }) : a;
  switch (type) {
    case 'string':
      return maybeNull(plainText(schema));
    case 'integer':
    case 'number': {
      const min = typeof schema.minimum === 'number' ? schema.minimum : -1_000_000;
      const max = typeof schema.maximum === 'number' ? schema.maximum : 1_000_000;
      const usual =
        type === 'integer'
          ? fc.integer({ min: Math.max(min, Number.MIN_SAFE_INTEGER), max: Math.min(max, Number.MAX_SAFE_INTEGER) })
          : fc.double({ min, max, noNaN: true });
      // Where a side is unbounded, the schema also allows numbers no column holds (1e308 is an
      // integer to the validator): one request in five tries them.
      const extremes = [
        ...(schema.maximum === undefined ? [2 ** 31, Number.MAX_SAFE_INTEGER, 1e19, 1e308] : []),
        ...(schema.minimum === undefined ? [-(2 ** 31) - 1, -1e19, -1e308] : []),
      ].filter(
        (n) =>
          n >= (typeof schema.minimum === 'number' ? schema.minimum : -Infinity) &&
          n <= (typeof schema.maximum === 'number' ? schema.maximum : Infinity),
      );
      return maybeNull(
        extremes.length === 0
          ? usual
          : fc.oneof({ weight: 4, arbitrary: usual }, { weight: 1, arbitrary: fc.constantFrom(...extremes) }),
      );
    }
    case 'boolean':
      return maybeNull(fc.boolean());
    case 'null':
      return fc.constant(null);
    case 'array': {
      const maxItems = Math.min(typeof schema.maxItems === 'number' ? schema.maxItems : 3, 3);
      const minItems = Math.min(typeof schema.minItems === 'number' ? schema.minItems : 0, maxItems);
      if (Array.isArray(schema.items))
        return fc.tuple(...(schema.items as Schema[]).map((s) => arbitraryOf(s, doc, depth + 1)));
      return maybeNull(
        fc.array(arbitraryOf(schema.items as Schema | undefined, doc, depth + 1), {
          minLength: minItems,
          maxLength: maxItems,
        }),
      );
    }
    case 'object':
    case undefined: {
      const properties = (schema.properties ?? {}) as Record<string, Schema>;
      if (type === undefined && Object.keys(properties).length === 0) return fc.jsonValue({ maxDepth: 2 });
      const required = (schema.required ?? []) as string[];
      return maybeNull(
        fc.record(Object.fromEntries(Object.entries(properties).map(([k, s]) => [k, arbitraryOf(s, doc, depth + 1)])), {
          requiredKeys: required.filter((k) => k in properties),
        }),
      );
    }
    default:
      return fc.constant(null);
  }
}

/**
 * The request made hostile in one place, so the rest stays valid and the text reaches the
 * handler: the string leaf at `index` (counting path, query and body leaves) is replaced, or,
 * past the last leaf, a hostile key is added to the body.
 */
export function mutate(
  parts: { path: unknown; query: unknown; body: unknown },
  index: number,
  hostile: string,
): { path: unknown; query: unknown; body: unknown } {
  const copy = structuredClone(parts) as Record<string, unknown>;
  const leaves: { holder: Record<string, unknown> | unknown[]; key: string | number }[] = [];
  const stack: unknown[] = [copy.path, copy.query, copy.body];
  while (stack.length > 0) {
    const node = stack.shift();
    const entries: [string | number, unknown][] = Array.isArray(node)
      ? node.map((v, i) => [i, v])
      : typeof node === 'object' && node !== null
        ? Object.entries(node)
        : [];
    for (const [key, value] of entries) {
      if (typeof value === 'string') leaves.push({ holder: node as Record<string, unknown>, key });
      else stack.push(value);
    }
  }
  const leaf = leaves[index % (leaves.length + 1)];
  if (leaf !== undefined) (leaf.holder as Record<string | number, unknown>)[leaf.key] = hostile;
  else if (typeof copy.body === 'object' && copy.body !== null && !Array.isArray(copy.body))
    (copy.body as Record<string, unknown>)[hostile] = 'x';
  return copy as { path: unknown; query: unknown; body: unknown };
}

/** Path and query values as a client would put them in a URL (UTF-8 percent-encoded; lone surrogates as U+FFFD). */
export const percent = (value: unknown): string =>
  [...Buffer.from(typeof value === 'string' ? value : (JSON.stringify(value) ?? ''), 'utf8')]
    .map((b) =>
      /[A-Za-z0-9_.~-]/.test(String.fromCharCode(b))
        ? String.fromCharCode(b)
        : `%${b.toString(16).toUpperCase().padStart(2, '0')}`,
    )
    .join('');
export const headerSafe = (value: unknown): string =>
  (typeof value === 'string' ? value : String(value)).replace(/[^\x20-\x7e]/g, 'x').slice(0, 200) || 'x';

/** The schema with every `$ref` to the document's components replaced by its target. */
export function resolveRefs(schema: unknown, doc: OpenApi, depth = 0): unknown {
  if (depth > 24 || typeof schema !== 'object' || schema === null) return schema;
  if (Array.isArray(schema)) return schema.map((s) => resolveRefs(s, doc, depth + 1));
  const ref = (schema as Schema).$ref;
  if (typeof ref === 'string')
    return resolveRefs(doc.components?.schemas?.[ref.split('/').pop() ?? ''] ?? {}, doc, depth + 1);
  const { nullable, ...rest } = schema as Schema;
  const resolved = Object.fromEntries(Object.entries(rest).map(([k, v]) => [k, resolveRefs(v, doc, depth + 1)]));
  // OpenAPI 3.0 writes the route's `anyOf [X, null]` as `nullable`: back to what Fastify
  // compiled, since coercion differs (Ajv turns "" into null in a null branch, not under nullable).
  return nullable === true ? { anyOf: [resolved, { type: 'null' }] } : resolved;
}

/** A request's parts as the server receives them: path and query values are text. */
export interface Received {
  readonly params: Record<string, string>;
  readonly query: Record<string, string | string[]>;
  readonly headers: Record<string, string>;
  readonly body: unknown;
}

/** What a route accepts and answers, judged as Fastify judges it. */
export interface RouteContract {
  /** Why the request is outside the route's schemas (after Fastify's coercion and defaults), or null when inside. */
  outsideBecause(request: Received): string | null;
  /** Whether a response schema is declared for this status. */
  declares(status: number): boolean;
  /** Why a 2xx answer does not match the response schema declared for its status, or null. */
  answerProblem(status: number, body: string, contentType: string | undefined): string | null;
}

// Fastify's own validator, with the app's options (shared/src/http/server-options.ts).
const requestCompiler = AjvCompiler()({}, { customOptions: { removeAdditional: false } });
// Answers are checked strictly: no coercion, no defaults filled in.
const answerCompiler = AjvCompiler()(
  {},
  { customOptions: { removeAdditional: false, coerceTypes: false, useDefaults: false } },
);

function errorsOf(validate: (value: unknown) => boolean): string {
  const errors = (validate as unknown as { errors?: { instancePath: string; message?: string }[] | null }).errors ?? [];
  return errors.map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`).join('; ');
}

function objectOf(parameters: readonly Parameter[], where: Parameter['in'], doc: OpenApi): Schema {
  const mine = parameters.filter((p) => p.in === where);
  return {
    type: 'object',
    properties: Object.fromEntries(
      mine.map((p) => [where === 'header' ? p.name.toLowerCase() : p.name, resolveRefs(p.schema ?? {}, doc)]),
    ),
    required: mine
      .filter((p) => where === 'path' || p.required === true)
      .map((p) => (where === 'header' ? p.name.toLowerCase() : p.name)),
  };
}

export function routeContract(method: string, url: string, operation: Operation, doc: OpenApi): RouteContract {
  const parameters = operation.parameters ?? [];
  const compile = (schema: Schema, httpPart: 'params' | 'querystring' | 'headers' | 'body') =>
    requestCompiler({ schema, method, url, httpPart: httpPart as never }) as (value: unknown) => boolean;
  const params = compile(objectOf(parameters, 'path', doc), 'params');
  const query = compile(objectOf(parameters, 'query', doc), 'querystring');
  const headers = compile(objectOf(parameters, 'header', doc), 'headers');
  const bodySchema = operation.requestBody?.content?.['application/json']?.schema;
  const body = bodySchema === undefined ? undefined : compile(resolveRefs(bodySchema, doc) as Schema, 'body');
  const answers = new Map<string, (value: unknown) => boolean>();
  for (const [status, response] of Object.entries(operation.responses ?? {})) {
    const schema = response.content?.['application/json']?.schema;
    if (schema !== undefined)
      answers.set(
        status,
        answerCompiler({ schema: resolveRefs(schema, doc) as Schema, method, url, httpPart: 'body' as never }) as (
          value: unknown,
        ) => boolean,
      );
  }
  return {
    outsideBecause(request) {
      // The validators fill defaults and coerce in place: judge copies.
      const checks: [string, (value: unknown) => boolean, unknown][] = [
        ['params', params, request.params],
        ['querystring', query, request.query],
        ['headers', headers, request.headers],
        ...(body === undefined || request.body === undefined
          ? []
          : [['body', body, request.body] as [string, (value: unknown) => boolean, unknown]]),
      ];
      for (const [part, validate, value] of checks) {
        if (!validate(structuredClone(value))) return `${part} ${errorsOf(validate)}`;
      }
      return null;
    },
    declares: (status) =>
      status !== 204 && (answers.has(String(status)) || answers.has(`${String(status)[0] ?? ''}XX`)),
    answerProblem(status, text, contentType) {
      const validate = answers.get(String(status)) ?? answers.get(`${String(status)[0] ?? ''}XX`);
      if (validate === undefined || status === 204) return null;
      if (contentType?.startsWith('application/json') !== true)
        return `answered ${contentType ?? 'no content type'} where JSON is declared`;
      let parsed: unknown;
      try {
        parsed = JSON.parse(text) as unknown;
      } catch {
        return 'answered text that is not JSON';
      }
      if (validate(parsed)) return null;
      return `answer does not match its schema: ${errorsOf(validate)}`;
    },
  };
}

/** Marks a property to delete (a required one left out). */
const removed = Symbol('removed');

/** Values just outside `schema`: each breaks one of its rules (the judge says whether it really is outside). */
export function outsideValues(schema: Schema, required: boolean): unknown[] {
  const out: unknown[] = required ? [removed] : [];
  const type = Array.isArray(schema.type)
    ? (schema.type as string[]).find((t) => t !== 'null')
    : (schema.type as string | undefined);
  if (Array.isArray(schema.enum)) out.push('__not_in_enum__', 987_654_321);
  if ('const' in schema) out.push('__not_the_const__');
  if (Array.isArray(schema.anyOf ?? schema.oneOf)) out.push('__no_branch__', { unexpected: true }, []);
  switch (type) {
    case 'string':
      if (typeof schema.maxLength === 'number') out.push('x'.repeat(schema.maxLength + 1));
      if (typeof schema.minLength === 'number' && schema.minLength > 0) out.push('x'.repeat(schema.minLength - 1));
      if (typeof schema.pattern === 'string') out.push('!\u0000 not matching');
      if (typeof schema.format === 'string') out.push(`not-a-${schema.format}`);
      out.push({ a: 1 }, [[1]]);
      break;
    case 'integer':
    case 'number':
      if (typeof schema.maximum === 'number') out.push(schema.maximum + 1);
      if (typeof schema.minimum === 'number') out.push(schema.minimum - 1);
      if (typeof schema.exclusiveMaximum === 'number') out.push(schema.exclusiveMaximum);
      if (typeof schema.exclusiveMinimum === 'number') out.push(schema.exclusiveMinimum);
      if (type === 'integer') out.push(0.5);
      out.push('abc', 1e308, { a: 1 });
      break;
    case 'boolean':
      out.push('maybe', 2, { a: 1 });
      break;
    case 'array':
      if (typeof schema.maxItems === 'number') out.push(Array.from({ length: schema.maxItems + 1 }, () => 'x'));
      if (typeof schema.minItems === 'number' && schema.minItems > 0) out.push([]);
      out.push({ a: 1 });
      break;
    case 'object':
      out.push('x', [1]);
      if (schema.additionalProperties === false) out.push(extraProperty);
      break;
    case undefined:
    default:
      break;
  }
  if (schema.nullable !== true && type !== 'null') out.push(null);
  return out;
}

/** Marks an object to which an undeclared property is added. */
const extraProperty = Symbol('extra property');

type Part = 'path' | 'query' | 'headers' | 'body';
interface Slot {
  readonly part: Part;
  readonly keys: readonly (string | number)[];
  readonly schema: Schema;
  readonly required: boolean;
}

/** Every place in a request a value can be put: each parameter, the body and every property or item within. */
function slotsOf(
  schema: Schema,
  value: unknown,
  part: Part,
  keys: (string | number)[],
  required: boolean,
  out: Slot[],
  depth = 0,
): void {
  out.push({ part, keys, schema, required });
  if (depth > 6) return;
  const properties = (schema.properties ?? {}) as Record<string, Schema>;
  const requiredKeys = new Set((schema.required ?? []) as string[]);
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    for (const [key, sub] of Object.entries(properties))
      slotsOf(
        sub,
        (value as Record<string, unknown>)[key],
        part,
        [...keys, key],
        requiredKeys.has(key),
        out,
        depth + 1,
      );
  } else if (
    Array.isArray(value) &&
    typeof schema.items === 'object' &&
    schema.items !== null &&
    !Array.isArray(schema.items)
  ) {
    value.forEach((item, i) => slotsOf(schema.items as Schema, item, part, [...keys, i], false, out, depth + 1));
  }
}

export interface Parts {
  path: Record<string, unknown>;
  query: Record<string, unknown>;
  headers: Record<string, unknown>;
  body: unknown;
}

/**
 * The request with one value put just outside its schema: slot `slotIndex` (among every
 * parameter, the body and what it holds) gets outside value `variant` of that slot's schema.
 */
export function pushOutside(
  parts: Parts,
  operation: Operation,
  doc: OpenApi,
  slotIndex: number,
  variant: number,
): Parts {
  const copy = structuredClone(parts);
  const slots: Slot[] = [];
  for (const p of operation.parameters ?? []) {
    const part: Part = p.in === 'path' ? 'path' : p.in === 'query' ? 'query' : 'headers';
    // A path always holds its parameter: leaving one out only misses the route.
    slotsOf(
      resolveRefs(p.schema ?? {}, doc) as Schema,
      copy[part][p.name],
      part,
      [p.name],
      p.in !== 'path' && p.required === true,
      slots,
    );
  }
  const bodySchema = operation.requestBody?.content?.['application/json']?.schema;
  if (bodySchema !== undefined) slotsOf(resolveRefs(bodySchema, doc) as Schema, copy.body, 'body', [], false, slots);
  const slot = slots[slotIndex % Math.max(slots.length, 1)];
  if (slot === undefined) return copy;
  const candidates = outsideValues(slot.schema, slot.required);
  if (candidates.length === 0) return copy;
  const chosen = candidates[variant % candidates.length];
  const holderKeys = slot.keys.slice(0, -1);
  const last = slot.keys.at(-1);
  if (slot.part === 'body' && last === undefined) {
    copy.body =
      chosen === extraProperty
        ? { ...(copy.body as object), unexpectedProperty: 1 }
        : chosen === removed
          ? undefined
          : chosen;
    return copy;
  }
  let holder: unknown = slot.part === 'body' ? copy.body : copy[slot.part];
  for (const key of holderKeys) holder = (holder as Record<string | number, unknown> | undefined)?.[key];
  if (typeof holder !== 'object' || holder === null || last === undefined) return copy;
  const target = holder as Record<string | number, unknown>;
  if (chosen === removed) delete target[last];
  else if (chosen === extraProperty) target[last] = { ...(target[last] ?? {}), unexpectedProperty: 1 };
  else target[last] = chosen;
  return copy;
}
