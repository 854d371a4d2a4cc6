// Proves that password guessing through a hub's staff sign-in is bounded per authenticated hub
// and person (issue 20.8): after ten failures for one email at one hub, more spaces in the
// Authorization header, another letter case or padding of the email, or another signature
// for the same hub buy no fresh attempts (RATE_LIMITED); another hub has its own budget.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/platform/db/database.js';
import { checkLedger } from '../../src/modules/wallet/ledger-check.js';
import { testBackends } from '../support/databases.js';
import { moneyState } from '../support/money-state.js';
import type { Person, Signed } from '../support/people.js';
import { openTestCloud, type TestCloud } from '../support/test-cloud.js';
import { pairTestHub, type TestHub } from '../support/test-hub.js';

describe.each(testBackends)("a hub's staff sign-in budget on $name", (backend) => {
  let cloud: TestCloud;
  let db: Database;
  let app: FastifyInstance;
  let people: Record<Person, Signed>;
  let hub: TestHub;
  let other: TestHub;

  beforeAll(async () => {
    cloud = await openTestCloud(backend, { seedRates: false });
    ({ db, app, people } = cloud);
    hub = await pairTestHub(app, people.admin, people.partnerA.id, 'Caisse 1');
    other = await pairTestHub(app, people.admin, people.partnerA.id, 'Caisse 2');
  });
  afterAll(async () => {
    await cloud.close();
  });

  const guess = (who: TestHub, email: string, headers: Record<string, string> = {}) =>
    who.inject(app, {
      method: 'POST',
      url: '/v1/hubs/staff/sign-in',
      payload: { email, password: 'not-the-password' },
      headers,
    });
  const codeOf = (response: { json: <T>() => T }): string => response.json<{ error: { code: string } }>().error.code;

  it('spends one budget per hub and person, whatever the header or email spelling', async () => {
    const before = await moneyState(db);
    for (let i = 0; i < 10; i++) expect(codeOf(await guess(hub, people.partnerA.email))).toBe('INVALID_CREDENTIALS');
    expect(codeOf(await guess(hub, people.partnerA.email))).toBe('RATE_LIMITED');
    // The header the old key was made of, spelled differently: still the same hub.
    const body = JSON.stringify({ email: people.partnerA.email, password: 'not-the-password' });
    const spaced = await app.inject({
      method: 'POST',
      url: '/v1/hubs/staff/sign-in',
      headers: {
        ...hub.headers('POST', '/v1/hubs/staff/sign-in', body),
        'content-type': 'application/json',
        authorization: `Hub   ${hub.token}`,
      },
      payload: body,
    });
    expect(spaced.statusCode, spaced.body).toBe(429);
    expect(codeOf(spaced)).toBe('RATE_LIMITED');
    expect(codeOf(await guess(hub, `  ${people.partnerA.email.toUpperCase()} `))).toBe('RATE_LIMITED');
    // Another person at this hub, and the same person at another hub, have their own budgets.
    expect(codeOf(await guess(hub, people.staffA.email))).toBe('INVALID_CREDENTIALS');
    expect(codeOf(await guess(other, people.partnerA.email))).toBe('INVALID_CREDENTIALS');
    expect(await moneyState(db)).toEqual(before);
    expect((await checkLedger(db)).ok).toBe(true);
  });
});
