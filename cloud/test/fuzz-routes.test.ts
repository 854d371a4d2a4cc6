// Proves no cloud route answers a server error to hostile text: every route of the app's own
// OpenAPI description gets requests built from its schemas with fast-check (path, query,
// headers, JSON body), with control characters, NUL, overlong strings and odd Unicode (lone
// surrogates, bidi overrides, decomposed accents) in its string fields, sent by every
// profile the route lets through (a paired hub for hub routes, the operator token for
// operator routes). Fixed runs per route and seed; prints how many requests were made.
import type { FastifyInstance } from 'fastify';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decideAccess, type Principal } from '@ismail/shared';
import { verifyAccessToken } from '../src/auth/tokens.js';
import type { Database } from '../src/db/database.js';
import { migrate } from '../src/db/migrate.js';
import type { AccessDeclaration } from '../src/http/access-plugin.js';
import { buildCloudApp } from '../src/http/app.js';
import { seedDefaultRates } from '../src/wallet/rates.js';
import { testBackends, testSecrets } from './support/databases.js';
import { createPeople, names, type Person, type Signed } from './support/people.js';
import { pairTestHub, type TestHub } from './support/test-hub.js';

/** Requests per route at least (twice the callers if more): about 5,200 requests, about 70 s on PGlite. */
const runsPerRoute = 40;
const seed = 19_4;

type Schema = Readonly<Record<string, unknown>>;
interface Operation {
  parameters?: { in: 'path' | 'query' | 'header'; name: string; required?: boolean; schema?: Schema }[];
  requestBody?: { content?: Record<string, { schema?: Schema }> };
}
interface OpenApi {
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, Schema> };
}

/** Text that has broken servers: control characters, NUL, lone surrogates, bidi overrides, decomposed and astral characters, injection-looking text. */
const hostileSamples = [
  '\u0000', 'a\u0000b', '\u001b[31mred', 'gs\u001dsep', 'del\u007f', 'c1\u0085\u009b', '\t', 'line\nbreak', 'cr\r\n', '\ud800', 'x\udfffy', '\u202eevil',
  '\ufeffbom', 'Attie\u0301ke\u0301', '🐟🐟', '\u0301', "'; DROP TABLE accounts;--", '%00', '\\', '"', '{}', 'null', '-1', '=HYPERLINK("http://x")', ' ', '',
];
const hostileText = (): fc.Arbitrary<string> =>
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
  if (schema.format === 'date-time') return fc.date({ min: new Date('2020-01-01'), max: new Date('2030-01-01'), noInvalidDate: true }).map((d) => d.toISOString());
  if (schema.format === 'date') return fc.date({ min: new Date('2020-01-01'), max: new Date('2030-01-01'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
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

function arbitraryOf(schema: Schema | undefined, doc: OpenApi, depth = 0): fc.Arbitrary<unknown> {
  if (schema === undefined || depth > 6) return fc.constant(null);
  if (typeof schema.$ref === 'string') return arbitraryOf(doc.components?.schemas?.[schema.$ref.split('/').pop() ?? ''], doc, depth + 1);
  if (Array.isArray(schema.enum)) return fc.constantFrom(...(schema.enum as unknown[]));
  if ('const' in schema) return fc.constant(schema.const);
  const union = (schema.anyOf ?? schema.oneOf) as Schema[] | undefined;
  if (union !== undefined) return fc.oneof(...union.map((s) => arbitraryOf(s, doc, depth + 1)));
  if (Array.isArray(schema.allOf)) return arbitraryOf(schema.allOf[0] as Schema, doc, depth + 1);
  const type = Array.isArray(schema.type) ? (schema.type[0] as string) : (schema.type as string | undefined);
  const maybeNull = <T,>(a: fc.Arbitrary<T>): fc.Arbitrary<T | null> => (schema.nullable === true ? fc.option(a, { nil: null }) : a);
  switch (type) {
    case 'string':
      return maybeNull(plainText(schema));
    case 'integer':
    case 'number': {
      const min = typeof schema.minimum === 'number' ? schema.minimum : -1_000_000;
      const max = typeof schema.maximum === 'number' ? schema.maximum : 1_000_000;
      return maybeNull(type === 'integer' ? fc.integer({ min: Math.max(min, Number.MIN_SAFE_INTEGER), max: Math.min(max, Number.MAX_SAFE_INTEGER) }) : fc.double({ min, max, noNaN: true }));
    }
    case 'boolean':
      return maybeNull(fc.boolean());
    case 'null':
      return fc.constant(null);
    case 'array': {
      const maxItems = Math.min(typeof schema.maxItems === 'number' ? schema.maxItems : 3, 3);
      const minItems = Math.min(typeof schema.minItems === 'number' ? schema.minItems : 0, maxItems);
      if (Array.isArray(schema.items)) return fc.tuple(...(schema.items as Schema[]).map((s) => arbitraryOf(s, doc, depth + 1)));
      return maybeNull(fc.array(arbitraryOf(schema.items as Schema | undefined, doc, depth + 1), { minLength: minItems, maxLength: maxItems }));
    }
    case 'object':
    case undefined: {
      const properties = (schema.properties ?? {}) as Record<string, Schema>;
      if (type === undefined && Object.keys(properties).length === 0) return fc.jsonValue({ maxDepth: 2 });
      const required = (schema.required ?? []) as string[];
      return maybeNull(fc.record(Object.fromEntries(Object.entries(properties).map(([k, s]) => [k, arbitraryOf(s, doc, depth + 1)])), { requiredKeys: required.filter((k) => k in properties) }));
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
function mutate(parts: { path: unknown; query: unknown; body: unknown }, index: number, hostile: string): { path: unknown; query: unknown; body: unknown } {
  const copy = structuredClone(parts) as Record<string, unknown>;
  const leaves: { holder: Record<string, unknown> | unknown[]; key: string | number }[] = [];
  const stack: unknown[] = [copy.path, copy.query, copy.body];
  while (stack.length > 0) {
    const node = stack.shift();
    const entries: [string | number, unknown][] = Array.isArray(node) ? node.map((v, i) => [i, v]) : typeof node === 'object' && node !== null ? Object.entries(node) : [];
    for (const [key, value] of entries) {
      if (typeof value === 'string') leaves.push({ holder: node as Record<string, unknown>, key });
      else stack.push(value);
    }
  }
  const leaf = leaves[index % (leaves.length + 1)];
  if (leaf !== undefined) (leaf.holder as Record<string | number, unknown>)[leaf.key] = hostile;
  else if (typeof copy.body === 'object' && copy.body !== null && !Array.isArray(copy.body)) (copy.body as Record<string, unknown>)[hostile] = 'x';
  return copy as { path: unknown; query: unknown; body: unknown };
}

/** Path and query values as a client would put them in a URL (UTF-8 percent-encoded; lone surrogates as U+FFFD). */
const percent = (value: unknown): string =>
  [...Buffer.from(typeof value === 'string' ? value : JSON.stringify(value) ?? '', 'utf8')].map((b) => (/[A-Za-z0-9_.~-]/.test(String.fromCharCode(b)) ? String.fromCharCode(b) : `%${b.toString(16).toUpperCase().padStart(2, '0')}`)).join('');
const headerSafe = (value: unknown): string => (typeof value === 'string' ? value : String(value)).replace(/[^\x20-\x7e]/g, 'x').slice(0, 200) || 'x';

interface Caller {
  readonly label: string;
  readonly authorization?: string;
  /** A hub signs each request (method, path with query, body as sent): test-hub.ts. */
  readonly sign?: TestHub['headers'];
}

describe.each(testBackends)('route fuzz on $name', (backend) => {
  let db: Database;
  let app: FastifyInstance;
  let people: Record<Person, Signed>;
  let principals: Record<Person, Principal>;
  let operatorToken: string;
  let hub: TestHub;
  beforeAll(async () => {
    db = await backend.open();
    await migrate(db.pool);
    await seedDefaultRates(db.pool);
    const secrets = testSecrets();
    operatorToken = secrets.operatorToken;
    app = await buildCloudApp({ db, logLevel: 'silent', ...secrets });
    people = await createPeople(db, app, secrets.masterKey);
    principals = {} as Record<Person, Principal>;
    for (const n of names) principals[n] = await verifyAccessToken(app.identity.keyring, people[n].token);
    hub = await pairTestHub(app, people.admin, people.partnerA.id, 'Caisse fuzz');
  });
  afterAll(async () => {
    await app.close();
    await db.close();
  });

  function callersOf(_url: string, access: AccessDeclaration): Caller[] {
    if (access === 'operator') return [{ label: 'operator', authorization: `Bearer ${operatorToken}` }];
    if (access === 'hub') return [{ label: 'hub', sign: hub.headers }, { label: 'anonymous' }];
    if (access === 'public') return [{ label: 'anonymous' }];
    return names.filter((n) => decideAccess(principals[n], access).allowed).map((n) => ({ label: n, authorization: `Bearer ${people[n].token}` }));
  }

  it('answers no generated request with a server error', { timeout: 600_000 }, async () => {
    const doc = app.swagger() as unknown as OpenApi;
    // Signing out ends the caller's session: last, so every other route sees live sessions.
    const routes = app.accessTable.filter((r) => r.url !== '/openapi.json' && r.url !== '/v1/notifications/stream').sort((a, b) => Number(a.url === '/v1/auth/sign-out') - Number(b.url === '/v1/auth/sign-out'));
    const failures: string[] = [];
    let requests = 0;
    let routesFuzzed = 0;
    const statuses = new Map<string, number>();
    for (const route of routes) {
      const openApiPath = route.url.replace(/:(\w+)/g, '{$1}');
      const operation = doc.paths[openApiPath]?.[route.method.toLowerCase()];
      const callers = callersOf(route.url, route.access);
      if (operation === undefined || callers.length === 0) continue;
      routesFuzzed++;
      const parameters = operation.parameters ?? [];
      const valuesOf = (where: 'path' | 'query' | 'header') =>
        fc.record(
          Object.fromEntries(parameters.filter((p) => p.in === where).map((p) => [p.name, arbitraryOf(p.schema, doc)])),
          { requiredKeys: parameters.filter((p) => p.in === where && (where === 'path' || p.required === true)).map((p) => p.name) },
        );
      const bodySchema = operation.requestBody?.content?.['application/json']?.schema;
      // Every profile the route lets through calls it, in turn (at least twice each).
      let turn = 0;
      const valid = fc.record({
        path: valuesOf('path'),
        query: valuesOf('query'),
        headers: valuesOf('header'),
        body: bodySchema === undefined ? fc.constant(undefined) : arbitraryOf(bodySchema, doc),
      });
      // Nine in ten requests carry one hostile string; the others are valid (they reach deeper).
      const request = fc.tuple(valid, fc.nat(), hostileText(), fc.nat(9)).map(([r, index, hostile, dice]) => (dice === 0 ? r : { ...r, ...mutate(r, index, hostile) }));
      await fc.assert(
        fc.asyncProperty(request, async ({ path, query, headers, body }) => {
          const caller = callers[turn++ % callers.length] as Caller;
          const url = route.url.replace(/:(\w+)/g, (_m, name: string) => percent((path as Record<string, unknown>)[name] ?? 'x'));
          // A long-poll would hold each request 20 s: ask for the answer now.
          const queryEntries = Object.entries(query as Record<string, unknown>).filter(([k]) => k !== 'live');
          const search = queryEntries.flatMap(([k, v]) => (Array.isArray(v) ? v : [v]).map((item) => `${percent(k)}=${percent(typeof item === 'string' ? item : JSON.stringify(item))}`)).join('&');
          const headerValues = Object.fromEntries(Object.entries(headers as Record<string, unknown>).map(([k, v]) => [k.toLowerCase(), headerSafe(v)]));
          requests++;
          const target = search === '' ? url : `${url}?${search}`;
          const payload = body === undefined ? undefined : (JSON.stringify(body) ?? 'null');
          const signed = caller.sign?.(route.method, target, payload) ?? {};
          const response = await app.inject({
            method: route.method as 'GET',
            url: target,
            headers: { ...headerValues, ...(caller.authorization === undefined ? {} : { authorization: caller.authorization }), ...signed },
            ...(payload === undefined ? {} : { payload, headers: { ...headerValues, 'content-type': 'application/json', ...(caller.authorization === undefined ? {} : { authorization: caller.authorization }), ...signed } }),
          });
          const status = String(response.statusCode);
          statuses.set(status, (statuses.get(status) ?? 0) + 1);
          if (response.statusCode >= 500 && failures.length < 50) {
            failures.push(`${route.method} ${route.url} as ${caller.label}: HTTP ${String(response.statusCode)} ${response.body.slice(0, 160)} for ${JSON.stringify({ url: url.slice(0, 200), search: search.slice(0, 200), body }).slice(0, 400)}`);
          }
        }),
        { numRuns: Math.max(runsPerRoute, 2 * callers.length), seed, endOnFailure: true },
      );
    }
    // The count is the report the issue asks for: printed on every run.
    // eslint-disable-next-line no-console
    console.log(`route fuzz on ${backend.name}: ${String(requests)} requests over ${String(routesFuzzed)} routes, ${String(failures.length)} server errors; by status: ${JSON.stringify(Object.fromEntries([...statuses].sort()))}`);
    expect(routesFuzzed).toBeGreaterThan(100);
    expect(failures).toEqual([]);
  });
});
