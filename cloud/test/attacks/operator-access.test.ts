// Proves that `access: 'operator'` is enforced by the central access plugin (issue 20.12): every
// operator route refuses a request without the operator token, with a person's access token or
// a wrong token, before its body is read; a route a module adds later with `access: 'operator'`
// and no guard of its own is refused too (no module can forget); the operator token opens no
// person's route. Nothing moves.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/platform/db/database.js';
import { checkLedger } from '../../src/modules/wallet/ledger-check.js';
import { testBackends } from '../support/databases.js';
import { moneyState } from '../support/money-state.js';
import { bearer, type Person, type Signed } from '../support/people.js';
import { openTestCloud, type TestCloud } from '../support/test-cloud.js';

const concrete = (url: string): string => url.replace(/:[A-Za-z]+/g, '00000000-0000-4000-8000-000000000000');

describe.each(testBackends)('operator routes on $name', (backend) => {
  let cloud: TestCloud;
  let db: Database;
  let app: FastifyInstance;
  let people: Record<Person, Signed>;
  let operatorToken: string;

  beforeAll(async () => {
    cloud = await openTestCloud(backend, {
      seedRates: false,
      // A module that declares an operator route and forgets to guard it itself.
      beforeReady: (built) => {
        built.post('/v1/operator/forgotten-guard', { config: { access: 'operator' } }, async () => ({ reached: true }));
      },
    });
    ({ db, app, people } = cloud);
    operatorToken = cloud.secrets.operatorToken;
  });
  afterAll(async () => {
    await cloud.close();
  });

  it('refuses every operator route without the operator token, before reading the body', async () => {
    const before = await moneyState(db);
    const routes = app.accessTable.filter((r) => r.access === 'operator');
    expect(routes.length).toBeGreaterThan(10);
    const wrong: string[] = [];
    for (const route of routes) {
      const url = concrete(route.url);
      for (const [label, authorization] of [
        ['none', undefined],
        ['a hyper admin', bearer(people.hyper).authorization],
        ['a wrong token', `Bearer ${operatorToken.slice(0, -4)}AAAA`],
        ['the token without Bearer', operatorToken],
      ] as const) {
        const response = await app.inject({
          method: route.method as 'POST',
          url,
          headers: {
            ...(authorization === undefined ? {} : { authorization }),
            ...(route.method === 'GET' ? {} : { 'content-type': 'application/json' }),
          },
          ...(route.method === 'GET' ? {} : { payload: '{"not json' }),
        });
        const code = response.statusCode === 401 ? response.json<{ error: { code: string } }>().error.code : '';
        if (response.statusCode !== 401 || code !== 'UNAUTHENTICATED')
          wrong.push(`${route.method} ${route.url} with ${label}: HTTP ${String(response.statusCode)} ${code}`);
      }
    }
    expect(wrong).toEqual([]);
    expect(await moneyState(db)).toEqual(before);
  });

  it('guards an operator route its module forgot to guard, and serves it with the token', async () => {
    const refused = await app.inject({ method: 'POST', url: '/v1/operator/forgotten-guard' });
    expect(refused.statusCode, refused.body).toBe(401);
    const served = await app.inject({
      method: 'POST',
      url: '/v1/operator/forgotten-guard',
      headers: { authorization: `Bearer ${operatorToken}` },
    });
    expect(served.json()).toEqual({ reached: true });
    expect(
      (
        await app.inject({
          method: 'GET',
          url: '/v1/operator/ledger/check',
          headers: { authorization: `Bearer ${operatorToken}` },
        })
      ).statusCode,
    ).toBe(200);
  });

  it('opens no person route with the operator token', async () => {
    for (const url of ['/v1/me', '/v1/wallet', '/v1/admin/hubs']) {
      const response = await app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${operatorToken}` } });
      expect(response.statusCode, url).toBe(401);
    }
    expect((await checkLedger(db)).ok).toBe(true);
  });
});
