// Proves the wallet over HTTP: idempotent writes (replay 200 with the first body, another
// body 409, no key 400), the SPEC 3.6 example through the API with the rep's statement, and
// tariff changes. Its cloud may hold only the identity and wallet modules
// (ISMAIL_TEST_MODULES, modules-alone.test.ts): counters are registered through the hub
// registry's service, not its routes. (Mobile-money top-ups: payments-api.test.ts.)
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/platform/db/database.js';
import { checkLedger } from '../src/modules/wallet/ledger-check.js';
import { testBackends } from './support/databases.js';
import { bearer, type Person, type Signed } from './support/people.js';
import { modulesUnderTest } from './support/modules-under-test.js';
import { openTestCloud, type TestCloud } from './support/test-cloud.js';
import { registerCounterHub } from './support/test-hub.js';

describe.each(testBackends)('wallet API on $name', (backend) => {
  let cloud: TestCloud;
  let db: Database;
  let app: FastifyInstance;
  let people: Record<Person, Signed>;
  /** Each partner's registered counter: cash is sold only through one's own hub. */
  const hubOf: Partial<Record<Person, string>> = {};

  beforeAll(async () => {
    cloud = await openTestCloud(backend, { modules: modulesUnderTest() });
    ({ db, app, people } = cloud);
    for (const partner of ['partnerA', 'partnerB'] as const)
      hubOf[partner] = await registerCounterHub(db, people.admin.id, people[partner].id, `Caisse ${partner}`);
  });
  afterAll(async () => cloud.close());

  const post = (person: Person, url: string, payload: object, key: string | null = randomUUID()) =>
    app.inject({
      method: 'POST',
      url,
      payload,
      headers: { ...bearer(people[person]), ...(key === null ? {} : { 'idempotency-key': key }) },
    });
  const balance = async (person: Person): Promise<number> =>
    (await app.inject({ method: 'GET', url: '/v1/wallet', headers: bearer(people[person]) })).json<{
      availableCentiCredits: number;
    }>().availableCentiCredits;
  /** Cash sold at a partner's own counter; a partner's own credits come from another's counter. */
  const sellCash = (
    to: Person,
    amountXof: number,
    seller: 'partnerA' | 'partnerB' = to === 'partnerA' ? 'partnerB' : 'partnerA',
  ) => post(seller, '/v1/wallet/top-ups/cash', { accountId: people[to].id, hubId: hubOf[seller] ?? '', amountXof });

  it('replays a write with the same key, refuses it with another body, and requires a key', async () => {
    expect((await sellCash('clientA', 5_000)).statusCode).toBe(201);
    const body = { toAccountId: people.clientB.id, amountCentiCredits: 1_500 };
    const first = await post('clientA', '/v1/wallet/transfers', body, 'gift-for-b');
    const replay = await post('clientA', '/v1/wallet/transfers', body, 'gift-for-b');
    expect(first.statusCode).toBe(201);
    expect(replay.statusCode).toBe(200);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect({ ...replay.json<object>(), replayed: false }).toEqual(first.json());
    const changed = await post('clientA', '/v1/wallet/transfers', { ...body, amountCentiCredits: 1_600 }, 'gift-for-b');
    expect(changed.statusCode).toBe(409);
    expect(changed.json<{ error: { code: string } }>().error.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect((await post('clientA', '/v1/wallet/transfers', body, null)).statusCode).toBe(400);
    expect(await balance('clientA')).toBe(10_000 - 1_500);
    expect(await balance('clientB')).toBe(1_500);
    // A client cannot sell credits for cash, nor overdraw.
    expect(
      (
        await post('clientA', '/v1/wallet/top-ups/cash', {
          accountId: people.clientA.id,
          hubId: hubOf.partnerA,
          amountXof: 100,
        })
      ).statusCode,
    ).toBe(403);
    const overdraw = await post('clientB', '/v1/wallet/transfers', {
      toAccountId: people.clientA.id,
      amountCentiCredits: 1_501,
    });
    expect(overdraw.json<{ error: { code: string } }>().error.code).toBe('INSUFFICIENT_FUNDS');
  });

  it('pays the SPEC 3.6 commissions on a consumption made through the API, shown on the rep statement', async () => {
    await sellCash('partnerA', 60_000);
    const consumed = await post('partnerA', '/v1/wallet/consumptions', {
      tariffCode: 'service_purchase',
      units: 20,
      unitPriceCredits: 50,
    });
    expect(consumed.statusCode).toBe(201);
    const legs = consumed.json<{ transfers: { leg: string; credit: string; amountCentiCredits: number }[] }>()
      .transfers;
    expect(legs.find((l) => l.leg === 'sales_commission')).toMatchObject({
      credit: `commissions_payable:${people.repA.id}`,
      amountCentiCredits: 4_000,
    });
    expect(legs.find((l) => l.leg === 'team_lead_commission')).toMatchObject({
      credit: `commissions_payable:${people.chiefA.id}`,
      amountCentiCredits: 2_000,
    });
    const now = new Date();
    const period = `${String(now.getUTCFullYear())}-${String(now.getUTCMonth() + 1).padStart(2, '0')}`;
    const statement = await app.inject({
      method: 'GET',
      url: `/v1/wallet/commissions/${period}`,
      headers: bearer(people.repA),
    });
    expect(statement.json<{ accrued: number; paid: number | null }>()).toMatchObject({ accrued: 4_000, paid: null });
    // The month is not over: no payout yet.
    const early = await app.inject({
      method: 'POST',
      url: '/v1/admin/wallet/payouts',
      payload: { period },
      headers: bearer(people.admin),
    });
    expect(early.statusCode).toBe(400);
    const history = await app.inject({
      method: 'GET',
      url: '/v1/wallet/history?limit=3',
      headers: bearer(people.partnerA),
    });
    expect(
      history
        .json<{ entries: { leg: string; balanceAfterCentiCredits: number }[] }>()
        .entries.map((e) => [e.leg, e.balanceAfterCentiCredits]),
    ).toEqual([
      ['cashback', 23_000],
      ['charge', 20_000],
      ['top_up', 120_000],
    ]);
  });

  it('lets a Super Admin change a tariff from a date, keeping the history, and passes the ledger check', async () => {
    const effectiveFrom = new Date(Date.now() - 1000).toISOString();
    const change = {
      table: 'tariffs',
      code: 'product_listing',
      module: 'shop',
      minCredits: 3,
      maxCredits: 3,
      per: 'product_month',
      cashbackEligible: false,
    };
    expect(
      (
        await app.inject({
          method: 'POST',
          url: '/v1/admin/rates',
          payload: { change, effectiveFrom },
          headers: bearer(people.super),
        })
      ).statusCode,
    ).toBe(201);
    const tariffs = (
      await app.inject({ method: 'GET', url: '/v1/admin/rates/tariffs', headers: bearer(people.super) })
    ).json<{ current: { code: string; minCredits: number }[]; history: { code: string }[] }>();
    expect(tariffs.current.find((t) => t.code === 'product_listing')?.minCredits).toBe(3);
    expect(tariffs.history.filter((t) => t.code === 'product_listing')).toHaveLength(2);
    const charged = await post('partnerA', '/v1/wallet/consumptions', { tariffCode: 'product_listing', units: 2 });
    expect(
      charged
        .json<{ transfers: { leg: string; amountCentiCredits: number }[] }>()
        .transfers.find((t) => t.leg === 'charge')?.amountCentiCredits,
    ).toBe(600);
    const report = await checkLedger(db);
    expect(report.problems).toEqual([]);
    expect(report.totals.sumOfBalances).toBe(0);
  });
});
