// Issue 29.5: a token naming a key id this process has not loaded (another process rotated the
// ring) reloads the key set once before it is judged, instead of being refused until the
// periodic refresh (30 s). Proven with a second key ring over the same database, and with two
// cloud app instances on one database (on the PostgreSQL server each has its own pool, as two
// processes would; on the embedded PGlite, whose one connection cannot be shared by two pools,
// they share the pool). Every read of signing_keys by the second ring or instance is counted:
// a forged stream of random kids costs at most one read per interval, a wrong signature under a
// known kid none, and what is refused is refused with the same answer as before.
import { randomBytes, randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { FastifyInstance } from 'fastify';
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify, SignJWT } from 'jose';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCloudApp } from '../src/app.js';
import { openDatabase, type Database } from '../src/platform/db/database.js';
import { migrate } from '../src/platform/db/migrate.js';
import { withTransaction } from '../src/platform/db/transaction.js';
import { createKeyring, type Keyring } from '../src/platform/keys/keyring.js';
import { unknownKidRefreshIntervalMs } from '../src/platform/keys/refresh-gate.js';
import { testBackends } from './support/databases.js';
import { password } from './support/people.js';
import { openTestCloud, type TestCloud } from './support/test-cloud.js';

/** The same pool, counting the statements that read or write signing_keys. */
function countingKeyReads(pool: pg.Pool): { pool: pg.Pool; reads: () => number } {
  let reads = 0;
  const counted = new Proxy(pool, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property, target);
      if (typeof value !== 'function') return value;
      if (property !== 'query') return value.bind(target) as unknown;
      return (...args: unknown[]) => {
        const first = args[0];
        const text = typeof first === 'string' ? first : (first as { text?: unknown } | undefined)?.text;
        if (typeof text === 'string' && text.includes('signing_keys')) reads++;
        return Reflect.apply(value, target, args) as unknown;
      };
    },
  });
  return { pool: counted, reads: () => reads };
}

const kidOf = (token: string): string => {
  const { kid } = decodeProtectedHeader(token);
  if (typeof kid !== 'string') throw new Error('token without kid');
  return kid;
};

/** The same token with another kid in its header: its signature no longer matters, its kid is unknown. */
function withRandomKid(token: string): string {
  const [header, ...rest] = token.split('.');
  const decoded = JSON.parse(Buffer.from(header ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
  const forged = Buffer.from(JSON.stringify({ ...decoded, kid: `access-${randomBytes(6).toString('hex')}` }));
  return [forged.toString('base64url'), ...rest].join('.');
}

/** The same token with one character of its signature changed: its kid stays known. */
function withWrongSignature(token: string): string {
  const [header, payload, signature = ''] = token.split('.');
  const middle = Math.floor(signature.length / 2);
  const flipped = signature.slice(0, middle) + (signature[middle] === 'A' ? 'B' : 'A') + signature.slice(middle + 1);
  return [header, payload, flipped].join('.');
}

/** The most reads unknown kids may force over `elapsedMs`: one per interval begun, plus one periodic refresh. */
const readBound = (elapsedMs: number): number => 1 + Math.floor(elapsedMs / unknownKidRefreshIntervalMs) + 1;

describe.each(testBackends)('key ring reloads on an unknown kid ($name)', (backend) => {
  let db: Database;
  let ringA: Keyring;
  let ringB: Keyring;
  let readsB: () => number;
  const masterKey = { bytes: randomBytes(32) };

  beforeAll(async () => {
    db = await backend.open();
    await migrate(db.pool);
    ringA = createKeyring(db.pool, masterKey);
    const counted = countingKeyReads(db.pool);
    ringB = createKeyring(counted.pool, masterKey);
    readsB = counted.reads;
  });
  afterAll(async () => {
    await db.close();
  });

  const signWith = async (ring: Keyring): Promise<string> => {
    const key = await ring.active('access');
    return new SignJWT({ sid: randomUUID() })
      .setProtectedHeader({ alg: 'ES256', kid: key.kid, typ: 'at+jwt' })
      .setSubject(randomUUID())
      .setExpirationTime('5m')
      .sign(key.privateKey);
  };

  it('takes a key another ring just rotated in at once, with one read, and keeps the old one', async () => {
    const before = await signWith(ringA);
    const warm = await ringB.publicKeys('access', before);
    expect(warm.keys.map((k) => k.kid)).toEqual([kidOf(before)]);
    const rotated = await withTransaction(db.pool, (client) => ringA.rotate(client, 'access'));
    const after = await signWith(ringA);
    expect(kidOf(after)).toBe(rotated.activeKid);
    // Without the token, ring B's cached set (fresh for 30 s) still lacks the new key.
    const readsBefore = readsB();
    expect((await ringB.publicKeys('access')).keys.map((k) => k.kid)).not.toContain(rotated.activeKid);
    expect(readsB()).toBe(readsBefore);
    const keys = await ringB.publicKeys('access', after);
    expect(readsB()).toBe(readsBefore + 1);
    expect(keys.keys.map((k) => k.kid).sort()).toEqual([rotated.activeKid, rotated.retiredKid].sort());
    await expect(jwtVerify(after, createLocalJWKSet(keys))).resolves.toBeDefined();
    await expect(jwtVerify(before, createLocalJWKSet(keys))).resolves.toBeDefined();
    // Known now: no further read.
    await ringB.publicKeys('access', after);
    expect(readsB()).toBe(readsBefore + 1);
  });

  it('makes 100 concurrent tokens with random kids share one read, then refuses more at once until the interval passes', async () => {
    const valid = await signWith(ringA);
    await ringB.publicKeys('access', valid);
    await sleep(unknownKidRefreshIntervalMs + 50);
    const readsBefore = readsB();
    const sets = await Promise.all(Array.from({ length: 100 }, () => ringB.publicKeys('access', withRandomKid(valid))));
    expect(readsB() - readsBefore).toBe(1);
    for (const set of sets) expect(set.keys.map((k) => k.kid)).toContain(kidOf(valid));
    const forged = withRandomKid(valid);
    const set = await ringB.publicKeys('access', forged);
    await expect(jwtVerify(forged, createLocalJWKSet(set))).rejects.toThrow();

    const startedAt = Date.now();
    for (let i = 0; i < 100; i++) await ringB.publicKeys('access', withRandomKid(valid));
    const sequentialMs = Date.now() - startedAt;
    const sequentialReads = readsB() - readsBefore - 1;
    expect(sequentialReads).toBeLessThanOrEqual(readBound(sequentialMs) - 1);

    await sleep(unknownKidRefreshIntervalMs + 50);
    const afterInterval = readsB();
    await ringB.publicKeys('access', withRandomKid(valid));
    expect(readsB() - afterInterval).toBe(1);
    process.stdout.write(
      `keyring (${backend.name}): 100 concurrent unknown kids → 1 read; 100 sequential → ${String(sequentialReads)} read(s) in ${String(sequentialMs)} ms\n`,
    );
  });

  it('reads nothing for a wrong signature under a known kid, a token without kid, or garbage', async () => {
    const valid = await signWith(ringA);
    await ringB.publicKeys('access', valid);
    const readsBefore = readsB();
    const wrong = withWrongSignature(valid);
    const set = await ringB.publicKeys('access', wrong);
    await expect(jwtVerify(wrong, createLocalJWKSet(set))).rejects.toThrow();
    const [, payload, signature] = valid.split('.');
    const noKid = [Buffer.from(JSON.stringify({ alg: 'ES256' })).toString('base64url'), payload, signature].join('.');
    await ringB.publicKeys('access', noKid);
    await ringB.publicKeys('access', 'not a token');
    await ringB.publicKeys('access', '');
    const longKid = Buffer.from(JSON.stringify({ alg: 'ES256', kid: 'x'.repeat(500) })).toString('base64url');
    await ringB.publicKeys('access', [longKid, payload, signature].join('.'));
    expect(readsB()).toBe(readsBefore);
  });
});

interface TwoInstances {
  readonly a: TestCloud;
  readonly b: FastifyInstance;
  readonly readsB: () => number;
  close(): Promise<void>;
}

/** Instance B over the same database as A (its own pool on the server), with its key reads counted. */
async function openTwoInstances(backend: (typeof testBackends)[number]): Promise<TwoInstances> {
  const a = await openTestCloud(backend);
  const url = a.db.pool.options.connectionString;
  if (a.db.kind === 'server' && url === undefined) throw new Error('the server pool has no URL for a second instance');
  const dbB: Database =
    url !== undefined && a.db.kind === 'server'
      ? await openDatabase({ url, poolMax: 5, embeddedDataDir: 'unused' })
      : { ...a.db, close: async () => undefined };
  const counted = countingKeyReads(dbB.pool);
  const b = await buildCloudApp({
    schemaCompilation: 'on-first-use',
    db: { ...dbB, pool: counted.pool },
    logLevel: 'error',
    ...a.secrets,
  });
  await b.ready();
  return {
    a,
    b,
    readsB: counted.reads,
    close: async () => {
      await b.close();
      await dbB.close();
      await a.close();
    },
  };
}

describe.each(testBackends)('two cloud instances on one database, a rotation on A ($name)', (backend) => {
  let pair: TwoInstances;
  let operator: { authorization: string };

  beforeAll(async () => {
    pair = await openTwoInstances(backend);
    operator = { authorization: `Bearer ${pair.a.secrets.operatorToken}` };
    // Two apps, and thirteen people signed in through the password hash: over a minute on a loaded machine.
  }, 180_000);
  afterAll(async () => {
    await pair.close();
  });

  const me = (app: FastifyInstance, token: string) =>
    app.inject({ method: 'GET', url: '/v1/me', headers: { authorization: `Bearer ${token}` } });
  const signInOnA = async (): Promise<string> => {
    const response = await pair.a.app.inject({
      method: 'POST',
      url: '/v1/auth/sign-in',
      payload: { email: pair.a.people.clientA.email, password },
    });
    expect(response.statusCode).toBe(200);
    return response.json<{ accessToken: string }>().accessToken;
  };
  const checkOnB = async (token: string) =>
    (await pair.b.inject({ method: 'POST', url: '/v1/cards/verify', payload: { token, place: 'desk-b' } })).json<{
      outcome: string;
      reason?: string;
      card?: { kid: string };
    }>();
  const issueCardOnA = async (): Promise<string> => {
    const accountId = pair.a.people.clientB.id;
    const response = await pair.a.app.inject({
      method: 'POST',
      url: `/v1/operator/accounts/${accountId}/cards`,
      headers: operator,
    });
    expect(response.statusCode).toBe(201);
    return response.json<{ token: string }>().token;
  };

  it('B accepts an access token signed by the key A just rotated in, at once', async () => {
    // B has loaded the access keys (it verifies a token of the old key).
    expect((await me(pair.b, pair.a.people.clientA.token)).statusCode).toBe(200);
    const rotated = await pair.a.app.inject({
      method: 'POST',
      url: '/v1/operator/keys/access/rotate',
      headers: operator,
    });
    expect(rotated.statusCode).toBe(200);
    const { activeKid } = rotated.json<{ activeKid: string }>();
    const token = await signInOnA();
    expect(kidOf(token)).toBe(activeKid);
    const readsBefore = pair.readsB();
    expect((await me(pair.b, token)).statusCode).toBe(200);
    // The periodic refresh (30 s) is not due: the read is the one the unknown kid forced.
    expect(pair.readsB() - readsBefore).toBe(1);
    // Tokens of the retired key still verify on B.
    expect((await me(pair.b, pair.a.people.clientA.token)).statusCode).toBe(200);
  });

  it('B verifies a card signed by the card key A just rotated in, at once', async () => {
    await pair.a.app.inject({
      method: 'POST',
      url: `/v1/operator/accounts/${pair.a.people.clientB.id}/activate`,
      headers: operator,
    });
    const before = await issueCardOnA();
    expect(await checkOnB(before)).toMatchObject({ outcome: 'valid' });
    const rotated = await pair.a.app.inject({
      method: 'POST',
      url: '/v1/operator/keys/card/rotate',
      headers: operator,
    });
    expect(rotated.statusCode).toBe(200);
    const { activeKid } = rotated.json<{ activeKid: string }>();
    const after = await issueCardOnA();
    const readsBefore = pair.readsB();
    expect(await checkOnB(after)).toMatchObject({ outcome: 'valid', card: { kid: activeKid } });
    expect(pair.readsB() - readsBefore).toBe(1);
    // Refused as before: a kid nobody published, and a wrong signature under the known kid (no read).
    await sleep(unknownKidRefreshIntervalMs + 50);
    const unknownReads = pair.readsB();
    expect(await checkOnB(withRandomKid(after))).toMatchObject({ outcome: 'refused', reason: 'UNKNOWN_KEY' });
    expect(pair.readsB() - unknownReads).toBe(1);
    const tamperedReads = pair.readsB();
    expect(await checkOnB(withWrongSignature(after))).toMatchObject({ outcome: 'refused', reason: 'TAMPERED' });
    expect(pair.readsB()).toBe(tamperedReads);
  });

  it('B refuses 100 access tokens with random kids as before, at a bounded number of key reads', async () => {
    const valid = await signInOnA();
    expect((await me(pair.b, valid)).statusCode).toBe(200);
    await sleep(unknownKidRefreshIntervalMs + 50);
    const readsBefore = pair.readsB();
    const startedAt = Date.now();
    for (let i = 0; i < 100; i++) {
      const response = await me(pair.b, withRandomKid(valid));
      expect(response.statusCode).toBe(401);
      expect(response.json<{ error: { code: string } }>().error.code).toBe('UNAUTHENTICATED');
    }
    const elapsedMs = Date.now() - startedAt;
    const reads = pair.readsB() - readsBefore;
    expect(reads).toBeGreaterThanOrEqual(1);
    expect(reads).toBeLessThanOrEqual(readBound(elapsedMs));
    // A wrong signature under the known kid: the same refusal, no read.
    const wrongReads = pair.readsB();
    const wrong = await me(pair.b, withWrongSignature(valid));
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json<{ error: { code: string } }>().error.code).toBe('UNAUTHENTICATED');
    expect(pair.readsB()).toBe(wrongReads);
    process.stdout.write(
      `two instances (${backend.name}): 100 random-kid tokens refused with ${String(reads)} key read(s) in ${String(elapsedMs)} ms\n`,
    );
  });
});
