// Proves that a hub's token alone opens nothing (issue 20.2): a push, a policy pull, a
// balance, a photo, a shape read and a staff sign-in carrying only `Authorization: Hub
// <token>` (what a copied token or database row gives a thief) are refused with
// HUB_SIGNATURE_REQUIRED before anything runs, and leave wallets and the ledger as they were.
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/platform/db/database.js';
import { checkLedger } from '../../src/modules/wallet/ledger-check.js';
import { testBackends } from '../support/databases.js';
import { moneyState } from '../support/money-state.js';
import { password, type Person, type Signed } from '../support/people.js';
import { openTestCloud, type TestCloud } from '../support/test-cloud.js';
import { pairTestHub, type TestHub } from '../support/test-hub.js';

describe.each(testBackends)('a hub token without a signature on $name', (backend) => {
  let cloud: TestCloud;
  let db: Database;
  let app: FastifyInstance;
  let people: Record<Person, Signed>;
  let hub: TestHub;

  beforeAll(async () => {
    cloud = await openTestCloud(backend);
    ({ db, app, people } = cloud);
    hub = await pairTestHub(app, people.admin, people.partnerA.id, 'Caisse 1');
  });
  afterAll(async () => {
    await cloud.close();
  });

  it('refuses every hub route to the bare token, with a stable code, and changes no money', async () => {
    const before = await moneyState(db);
    const topUp = {
      id: randomUUID(),
      seq: 1,
      type: 'wallet.cash_top_up',
      at: new Date().toISOString(),
      payload: { accountId: people.clientA.id, amountXof: 50_000 },
    };
    const attempts: { method: 'GET' | 'POST'; url: string; payload?: Record<string, unknown> }[] = [
      { method: 'POST', url: '/v1/hubs/sync/push', payload: { operations: [topUp] } },
      { method: 'GET', url: '/v1/hubs/policy' },
      {
        method: 'POST',
        url: '/v1/hubs/wallet-balance',
        payload: { ismailId: 'CI000000-0000-CL', cardId: randomUUID() },
      },
      { method: 'GET', url: `/v1/hubs/cards/${randomUUID()}/photo` },
      { method: 'GET', url: '/v1/hubs/shape?table=shop_products&offset=-1' },
      { method: 'POST', url: '/v1/hubs/staff/sign-in', payload: { email: people.partnerA.email, password } },
      // Issue 28: a counter's customer lookup and the hub's health report.
      {
        method: 'POST',
        url: '/v1/hubs/customers/lookup',
        payload: { by: 'ismail-id', value: 'CI000000-0000-CL', staffAccountId: people.partnerA.id },
      },
      { method: 'POST', url: '/v1/hubs/health-reports', payload: {} },
    ];
    for (const attempt of attempts) {
      for (const authorization of [`Hub ${hub.token}`, `Bearer ${hub.token}`, `Hub  ${hub.token} `]) {
        const response = await app.inject({
          method: attempt.method,
          url: attempt.url,
          headers: { authorization },
          ...(attempt.payload === undefined ? {} : { payload: attempt.payload }),
        });
        expect(
          response.statusCode,
          `${attempt.method} ${attempt.url} with ${authorization.slice(0, 8)}: ${response.body}`,
        ).toBe(401);
        expect(response.json<{ error: { code: string } }>().error.code, `${attempt.method} ${attempt.url}`).toBe(
          'HUB_SIGNATURE_REQUIRED',
        );
      }
    }
    // Every route declared for hubs is covered above, so a new one cannot slip past this test.
    const hubRoutes = app.accessTable
      .filter((r) => r.url.startsWith('/v1/hubs/') && r.url !== '/v1/hubs/pair')
      .map((r) => `${r.method} ${r.url}`);
    expect(hubRoutes.sort()).toEqual([
      'GET /v1/hubs/cards/:cardId/photo',
      'GET /v1/hubs/policy',
      'GET /v1/hubs/shape',
      'POST /v1/hubs/customers/lookup',
      'POST /v1/hubs/health-reports',
      'POST /v1/hubs/staff/sign-in',
      'POST /v1/hubs/sync/push',
      'POST /v1/hubs/wallet-balance',
    ]);
    expect(await moneyState(db)).toEqual(before);
    expect((await checkLedger(db)).ok).toBe(true);
    // The same push, signed by the hub, is heard (the refusal above was the missing signature).
    const signed = await hub.inject(app, {
      method: 'POST',
      url: '/v1/hubs/sync/push',
      payload: { operations: [topUp] },
    });
    expect(signed.statusCode, signed.body).toBe(200);
  });
});
