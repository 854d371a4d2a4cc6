// Rate limits in a store every cloud process shares (issue 29.4): the route limits of
// @fastify/rate-limit and the hand-written ones (a hub's lookups, a hub's signed requests)
// count in PostgreSQL (rate_limit_hits), keyed on the client address Fastify resolves with
// TRUST_PROXY. Real routes, real databases: the pairing route allows 10 a minute per address.
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCloudApp } from '../src/app.js';
import { customerLookupsPerMinute } from '../src/modules/hubs/customer-lookup.js';
import { RateLimitCounter } from '../src/platform/http/rate-limit-store.js';
import { requireTestDatabaseUrl } from '../../tools/test-support/system-tools.js';
import { serverName } from '../../tools/test-support/test-databases.js';
import { testBackends } from './support/databases.js';
import { openTestCloud, type TestCloud } from './support/test-cloud.js';
import { pairTestHub } from './support/test-hub.js';

/** The pairing route's limit (cloud/src/modules/hubs/routes.ts): 10 a minute per client address. */
const pairingMax = 10;

const pair = (app: FastifyInstance, from: string, forwardedFor?: string) =>
  app.inject({
    method: 'POST',
    url: '/v1/hubs/pair',
    remoteAddress: from,
    headers: forwardedFor === undefined ? {} : { 'x-forwarded-for': forwardedFor },
    // Not a valid pairing: the limit runs before the body is looked at, and no hub is paired.
    payload: {},
  });

async function codes(responses: Promise<{ statusCode: number; json: () => unknown }>[]): Promise<string[]> {
  return (await Promise.all(responses)).map((r) =>
    r.statusCode === 429 ? (r.json() as { error: { code: string } }).error.code : `HTTP ${String(r.statusCode)}`,
  );
}
const tally = (list: string[]): Record<string, number> =>
  list.reduce<Record<string, number>>((t, c) => ({ ...t, [c]: (t[c] ?? 0) + 1 }), {});

describe.each(testBackends)('rate limits in the shared store on $name', (backend) => {
  let cloud: TestCloud;
  let app: FastifyInstance;
  let behindProxy: FastifyInstance;
  beforeAll(async () => {
    cloud = await openTestCloud(backend, { seedRates: false });
    app = cloud.app;
    // The same cloud deployed behind a reverse proxy at 10.0.0.1 (TRUST_PROXY=10.0.0.1).
    behindProxy = await buildCloudApp({
      schemaCompilation: 'on-first-use',
      db: cloud.db,
      logLevel: 'error',
      ...cloud.secrets,
      trustProxy: '10.0.0.1',
    });
    await behindProxy.ready();
  }, 240_000);
  afterAll(async () => {
    await behindProxy.close();
    await cloud.close();
  });

  it('allows exactly the limit, then refuses with 429 RATE_LIMITED and a Retry-After', async () => {
    const allowed = [];
    for (let i = 0; i < pairingMax; i++) allowed.push((await pair(app, '203.0.113.1')).statusCode);
    expect(allowed.every((s) => s === 400)).toBe(true);
    const refused = await pair(app, '203.0.113.1');
    expect(refused.statusCode).toBe(429);
    expect(refused.json()).toMatchObject({ error: { code: 'RATE_LIMITED' } });
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(refused.headers['retry-after'])).toBeLessThanOrEqual(60);
    // Another address has its own budget; the counter is a row in the shared table.
    expect((await pair(app, '203.0.113.2')).statusCode).toBe(400);
    const { rows } = await cloud.db.pool.query<{ key: string; hits: number }>(
      "SELECT key, hits FROM rate_limit_hits WHERE key LIKE 'route|POST /v1/hubs/pair|%' ORDER BY key",
    );
    expect(rows).toEqual([
      { key: 'route|POST /v1/hubs/pair|203.0.113.1', hits: pairingMax + 1 },
      { key: 'route|POST /v1/hubs/pair|203.0.113.2', hits: 1 },
    ]);
  });

  it('50 hits at once never allow more than the limit', async () => {
    const all = await codes(Array.from({ length: 50 }, () => pair(app, '203.0.113.3')));
    expect(tally(all)).toEqual({ 'HTTP 400': pairingMax, RATE_LIMITED: 50 - pairingMax });
  });

  it('without TRUST_PROXY, a forged X-Forwarded-For buys no fresh budget', async () => {
    for (let i = 0; i < pairingMax; i++) expect((await pair(app, '203.0.113.4')).statusCode).toBe(400);
    for (const forged of ['198.51.100.1', '10.1.2.3, 198.51.100.2', '127.0.0.1', randomUUID()])
      expect((await pair(app, '203.0.113.4', forged)).statusCode, forged).toBe(429);
  });

  it('behind the trusted proxy, the forwarded client is limited, and only the proxy may name it', async () => {
    for (let i = 0; i < pairingMax; i++)
      expect((await pair(behindProxy, '10.0.0.1', '203.0.113.5')).statusCode).toBe(400);
    expect((await pair(behindProxy, '10.0.0.1', '203.0.113.5')).statusCode).toBe(429);
    // Another client behind the same proxy: its own budget.
    expect((await pair(behindProxy, '10.0.0.1', '203.0.113.6')).statusCode).toBe(400);
    // The limited client straight to the cloud, naming someone else: not a trusted hop, so still itself.
    expect((await pair(behindProxy, '203.0.113.5', '192.0.2.99')).statusCode).toBe(429);
    // The proxy's own address spent nothing of the clients' budgets (and has its own).
    expect((await pair(behindProxy, '10.0.0.1')).statusCode).toBe(400);
  });

  it("a hub's customer lookups (a hand-written limiter) count in the shared store", async () => {
    const hub = await pairTestHub(app, cloud.people.admin, cloud.people.partnerA.id, 'Caisse limite');
    const lookup = () =>
      hub.inject(app, {
        method: 'POST',
        url: '/v1/hubs/customers/lookup',
        payload: { by: 'phone', value: '+2250700000000', staffAccountId: 'staff-1' },
      });
    for (let i = 0; i < customerLookupsPerMinute; i++) expect((await lookup()).statusCode).toBe(404);
    const refused = await lookup();
    expect(refused.statusCode).toBe(429);
    expect(refused.json()).toMatchObject({ error: { code: 'RATE_LIMITED' } });
    const { rows } = await cloud.db.pool.query<{ hits: number }>('SELECT hits FROM rate_limit_hits WHERE key = $1', [
      `limiter|customer-lookup|${hub.id}`,
    ]);
    expect(rows).toEqual([{ hits: customerLookupsPerMinute + 1 }]);
  });

  it('a closed window starts afresh, and closed windows are pruned', async () => {
    const counter = new RateLimitCounter(cloud.db.pool);
    const key = `test|${randomUUID()}`;
    expect((await counter.hit(key, 150)).hits).toBe(1);
    const second = await counter.hit(key, 150);
    expect(second.hits).toBe(2);
    expect(second.ttlMs).toBeGreaterThanOrEqual(0);
    expect(second.ttlMs).toBeLessThanOrEqual(150);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await counter.read(key)).toEqual({ hits: 0, ttlMs: 0 });
    // A fresh counter prunes on its first hit: the closed row goes, the reopened key stays.
    const closed = `test|${randomUUID()}`;
    await counter.hit(closed, 1);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect((await new RateLimitCounter(cloud.db.pool).hit(key, 60_000)).hits).toBe(1);
    const left = await cloud.db.pool.query<{ key: string }>('SELECT key FROM rate_limit_hits WHERE key = ANY($1)', [
      [key, closed],
    ]);
    expect(left.rows).toEqual([{ key }]);
    // Keys past 500 characters are stored as their hash, within the column's bound.
    expect((await counter.hit('x'.repeat(5_000), 60_000)).hits).toBe(1);
    await expect(counter.hit(key, 0)).rejects.toThrow(/positive whole number/);
  });
});

// Two cloud app instances over one database, as two processes behind a load balancer. On the
// embedded PGlite one process holds the database, so this needs the server; never skipped:
// without ISMAIL_TEST_DATABASE_URL (which `npm test` sets) it fails saying so.
describe('two cloud instances over one PostgreSQL server share one budget (needs ISMAIL_TEST_DATABASE_URL)', () => {
  let cloud: TestCloud;
  let other: FastifyInstance;
  beforeAll(async () => {
    requireTestDatabaseUrl();
    const server = testBackends.find((b) => b.name === serverName);
    if (server === undefined)
      throw new Error('ISMAIL_TEST_DATABASE_URL is set but cloud/test/support/databases.ts gave no server backend');
    cloud = await openTestCloud(server, { seedRates: false });
    other = await buildCloudApp({
      schemaCompilation: 'on-first-use',
      db: cloud.db,
      logLevel: 'error',
      ...cloud.secrets,
    });
    await other.ready();
    // Migrating a fresh database and signing the people in took over a minute on a loaded 2-core machine.
  }, 240_000);
  afterAll(async () => {
    await other?.close();
    await cloud?.close();
  });

  it('half the hits at each instance: the (N+1)th is refused wherever it lands', async () => {
    for (const last of ['first', 'second'] as const) {
      const from = last === 'first' ? '203.0.113.30' : '203.0.113.31';
      for (let i = 0; i < pairingMax; i++)
        expect((await pair(i % 2 === 0 ? cloud.app : other, from)).statusCode).toBe(400);
      const refused = await pair(last === 'first' ? cloud.app : other, from);
      expect(refused.statusCode, last).toBe(429);
      expect(refused.json()).toMatchObject({ error: { code: 'RATE_LIMITED' } });
    }
  });

  it('50 hits at once across both instances never allow more than the limit', async () => {
    const all = await codes(
      Array.from({ length: 50 }, (_, i) => pair(i % 2 === 0 ? cloud.app : other, '203.0.113.32')),
    );
    expect(tally(all)).toEqual({ 'HTTP 400': pairingMax, RATE_LIMITED: 50 - pairingMax });
  });

  it("a hub's lookups at both instances spend one budget", async () => {
    const hub = await pairTestHub(cloud.app, cloud.people.admin, cloud.people.partnerA.id, 'Caisse deux');
    const lookup = (target: FastifyInstance) =>
      hub.inject(target, {
        method: 'POST',
        url: '/v1/hubs/customers/lookup',
        payload: { by: 'phone', value: '+2250700000001', staffAccountId: 'staff-1' },
      });
    const all = await codes(
      Array.from({ length: customerLookupsPerMinute + 10 }, (_, i) => lookup(i % 2 === 0 ? cloud.app : other)),
    );
    expect(tally(all)).toEqual({ 'HTTP 404': customerLookupsPerMinute, RATE_LIMITED: 10 });
  });
});
