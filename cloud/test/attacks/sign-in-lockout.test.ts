// Attack: lock a person out of their account, or guess their password faster, by failing
// sign-ins for their email. Proves: a stranger's failures slow only that stranger's address
// (per address and email), never the victim signing in from elsewhere, however many addresses
// the strangers use; parallel guesses each count; two cloud processes share one budget (the
// counter is in PostgreSQL, one atomic UPDATE); a spoofed X-Forwarded-For buys no fresh budget
// unless TRUST_PROXY names the proxy it came through, and then only the address the proxy saw
// counts. Refusals are RATE_LIMITED; nothing about money changes.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/platform/db/database.js';
import { buildCloudApp } from '../../src/app.js';
import { checkLedger } from '../../src/modules/wallet/ledger-check.js';
import { testBackends } from '../support/databases.js';
import { moneyState } from '../support/money-state.js';
import { password, type Person, type Signed } from '../support/people.js';
import { openTestCloud, type TestCloud } from '../support/test-cloud.js';

/** Tries one source gets for one email before it must wait (cloud/src/modules/identity/sign-in-attempts.ts). */
const budget = 10;

describe.each(testBackends)('sign-in lock-out on $name', (backend) => {
  let cloud: TestCloud;
  let db: Database;
  let app: FastifyInstance;
  let otherProcess: FastifyInstance;
  let behindProxy: FastifyInstance;
  let people: Record<Person, Signed>;

  beforeAll(async () => {
    cloud = await openTestCloud(backend);
    ({ db, app, people } = cloud);
    // A second cloud process on the same database, and one deployed behind a reverse proxy at 10.0.0.1.
    otherProcess = await buildCloudApp({ schemaCompilation: 'on-first-use', db, logLevel: 'error', ...cloud.secrets });
    behindProxy = await buildCloudApp({
      schemaCompilation: 'on-first-use',
      db,
      logLevel: 'error',
      ...cloud.secrets,
      trustProxy: '10.0.0.1',
    });
  });
  afterAll(async () => {
    await otherProcess.close();
    await behindProxy.close();
    await cloud.close();
  });

  const attempt = (target: FastifyInstance, from: string, email: string, secret: string, forwardedFor?: string) =>
    target.inject({
      method: 'POST',
      url: '/v1/auth/sign-in',
      remoteAddress: from,
      headers: forwardedFor === undefined ? {} : { 'x-forwarded-for': forwardedFor },
      payload: { email, password: secret },
    });
  const codeOf = async (response: Promise<{ statusCode: number; json: () => unknown }>): Promise<string> => {
    const r = await response;
    return r.statusCode === 200 ? 'signed in' : (r.json() as { error: { code: string } }).error.code;
  };
  const tally = (codes: string[]): Record<string, number> =>
    codes.reduce<Record<string, number>>((t, c) => ({ ...t, [c]: (t[c] ?? 0) + 1 }), {});

  it('slows the stranger, never the victim, and a spoofed X-Forwarded-For buys no fresh budget', async () => {
    const before = await moneyState(db);
    const victim = people.clientA;
    const codes: string[] = [];
    for (let i = 0; i < budget + 5; i++)
      codes.push(await codeOf(attempt(app, '203.0.113.9', victim.email, `guess-${String(i)}`)));
    expect(tally(codes)).toEqual({ INVALID_CREDENTIALS: budget, RATE_LIMITED: 5 });
    // Once slowed, even the right password from that address waits: the limit is not an oracle.
    expect(await codeOf(attempt(app, '203.0.113.9', victim.email, password))).toBe('RATE_LIMITED');
    for (const spoof of ['198.51.100.1', '10.1.2.3, 198.51.100.2', '127.0.0.1'])
      expect(await codeOf(attempt(app, '203.0.113.9', victim.email, 'guess', spoof))).toBe('RATE_LIMITED');
    // More strangers, each from its own address, each spending its own budget.
    for (let s = 1; s <= 4; s++)
      for (let i = 0; i < budget + 2; i++)
        await attempt(app, `203.0.113.${String(20 + s)}`, victim.email, `guess-${String(i)}`);
    // The victim, from their own address, signs in at once.
    expect(await codeOf(attempt(app, '198.51.100.20', victim.email, password))).toBe('signed in');
    expect(await moneyState(db)).toEqual(before);
    expect((await checkLedger(db)).problems).toEqual([]);
    // About 80 password checks one after another: a loaded 2-core machine took over 30 s.
  }, 120_000);

  it('counts every parallel guess, and one budget across cloud processes', async () => {
    const victim = people.clientB;
    const parallel = await Promise.all(
      Array.from({ length: 3 * budget }, (_, i) =>
        codeOf(attempt(app, '203.0.113.50', victim.email, `guess-${String(i)}`)),
      ),
    );
    expect(tally(parallel)).toEqual({ INVALID_CREDENTIALS: budget, RATE_LIMITED: 2 * budget });
    const split: string[] = [];
    for (let i = 0; i < 2 * budget; i++)
      split.push(
        await codeOf(attempt(i % 2 === 0 ? app : otherProcess, '203.0.113.51', victim.email, `guess-${String(i)}`)),
      );
    expect(tally(split)).toEqual({ INVALID_CREDENTIALS: budget, RATE_LIMITED: budget });
    expect(await codeOf(attempt(otherProcess, '198.51.100.21', victim.email, password))).toBe('signed in');
  });

  it('behind a trusted proxy, counts the address the proxy saw, and only the proxy may say it', async () => {
    const victim = people.partnerB;
    for (let i = 0; i < budget; i++)
      expect(await codeOf(attempt(behindProxy, '10.0.0.1', victim.email, `guess-${String(i)}`, '203.0.113.77'))).toBe(
        'INVALID_CREDENTIALS',
      );
    // The same client through the proxy: slowed. Straight from its own address with a spoofed header: slowed too.
    expect(await codeOf(attempt(behindProxy, '10.0.0.1', victim.email, 'guess', '203.0.113.77'))).toBe('RATE_LIMITED');
    expect(await codeOf(attempt(behindProxy, '203.0.113.77', victim.email, 'guess', '192.0.2.99'))).toBe(
      'RATE_LIMITED',
    );
    // Another client behind the same proxy is another address: the victim signs in through the proxy.
    expect(await codeOf(attempt(behindProxy, '10.0.0.1', victim.email, password, '198.51.100.30'))).toBe('signed in');
  });
});
