// Proves cash enters the cloud only through a registered, active hub's drawer of the caller's
// own establishment (issue 20.3): a made-up hub id, another partner's hub, a revoked hub,
// staff without the right, a partner crediting itself or its staff, and an accomplice loop
// past the hub's daily cash ceiling are each refused with a stable code and leave every
// wallet, drawer and the ledger as they were; a drawer account cannot even be created for a
// hub that is not registered; the honest sale still works, and an admin's is audited; and
// cash sold from the cloud and cash the hub pushes share one daily ceiling per drawer.
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/platform/db/database.js';
import { checkLedger } from '../../src/modules/wallet/ledger-check.js';
import { cashTopUpMaxXofPerHubPerDay } from '../../src/modules/wallet/cash-drawers.js';
import { testBackends } from '../support/databases.js';
import { openCounter, type Counter } from '../support/hub-sales.js';
import { moneyState } from '../support/money-state.js';
import { bearer, password, type Person, type Signed } from '../support/people.js';
import { openTestCloud, type TestCloud } from '../support/test-cloud.js';
import { pairTestHub, type TestHub } from '../support/test-hub.js';

describe.each(testBackends)('attack: minting credits with cash top-ups on $name', (backend) => {
  let cloud: TestCloud;
  let db: Database;
  let app: FastifyInstance;
  let people: Record<Person, Signed>;
  let hubA: TestHub;
  let hubB: TestHub;
  let revokedHubA: TestHub;
  let cashierB: Signed;

  beforeAll(async () => {
    cloud = await openTestCloud(backend);
    ({ db, app, people } = cloud);
    hubA = await pairTestHub(app, people.admin, people.partnerA.id, 'Caisse Plateau');
    hubB = await pairTestHub(app, people.admin, people.partnerB.id, 'Caisse Bouaké');
    revokedHubA = await pairTestHub(app, people.admin, people.partnerA.id, 'Caisse volée');
    const revoked = await app.inject({
      method: 'POST',
      url: `/v1/admin/hubs/${revokedHubA.id}/revoke`,
      headers: bearer(people.admin),
      payload: { reason: 'stolen' },
    });
    expect(revoked.statusCode, revoked.body).toBe(200);
    // A cashier of partner B (write delegated): a real counter operator, of another establishment.
    const email = `cashier-b-${randomUUID().slice(0, 8)}@test.ismail.ci`;
    const added = await app.inject({
      method: 'POST',
      url: `/v1/accounts/${people.partnerB.id}/staff`,
      headers: bearer(people.partnerB),
      payload: { email, firstName: 'Awa', lastName: 'Caisse', password, delegatedActions: ['read', 'write'] },
    });
    expect(added.statusCode, added.body).toBe(201);
    const signIn = await app.inject({ method: 'POST', url: '/v1/auth/sign-in', payload: { email, password } });
    expect(signIn.statusCode, signIn.body).toBe(200);
    cashierB = {
      id: added.json<{ id: string }>().id,
      email,
      profile: 'partner',
      token: signIn.json<{ accessToken: string }>().accessToken,
      refreshToken: '',
    };
  });
  afterAll(async () => {
    await cloud.close();
  });

  const sell = (who: Signed, body: { accountId: string; hubId: string; amountXof: number }) =>
    app.inject({
      method: 'POST',
      url: '/v1/wallet/top-ups/cash',
      headers: { ...bearer(who), 'idempotency-key': randomUUID() },
      payload: body,
    });
  const codeOf = (response: { json<T>(): T }) => response.json<{ error?: { code: string } }>().error?.code;

  async function refusedWithoutTrace(
    attempt: () => Promise<{ statusCode: number; json<T>(): T; body: string }>,
    code: string,
    status: number,
  ): Promise<void> {
    const before = await moneyState(db);
    const response = await attempt();
    expect(response.statusCode, response.body).toBe(status);
    expect(codeOf(response)).toBe(code);
    expect(await moneyState(db)).toEqual(before);
    expect((await checkLedger(db)).problems).toEqual([]);
  }

  it('refuses a made-up hub id, in either shape', async () => {
    await refusedWithoutTrace(
      () => sell(people.partnerA, { accountId: people.clientA.id, hubId: 'hub-plateau', amountXof: 5_000 }),
      'VALIDATION_FAILED',
      400,
    );
    await refusedWithoutTrace(
      () => sell(people.partnerA, { accountId: people.clientA.id, hubId: randomUUID(), amountXof: 5_000 }),
      'CASH_HUB_NOT_FOUND',
      404,
    );
  });

  it("refuses another partner's hub, for the partner and for its cashier alike", async () => {
    await refusedWithoutTrace(
      () => sell(people.partnerA, { accountId: people.clientA.id, hubId: hubB.id, amountXof: 5_000 }),
      'CASH_HUB_NOT_FOUND',
      404,
    );
    await refusedWithoutTrace(
      () => sell(cashierB, { accountId: people.clientA.id, hubId: hubA.id, amountXof: 5_000 }),
      'CASH_HUB_NOT_FOUND',
      404,
    );
  });

  it('refuses a revoked hub of its own', async () => {
    await refusedWithoutTrace(
      () => sell(people.partnerA, { accountId: people.clientA.id, hubId: revokedHubA.id, amountXof: 5_000 }),
      'CASH_HUB_NOT_FOUND',
      404,
    );
  });

  it('refuses staff without the write action, and clients', async () => {
    await refusedWithoutTrace(
      () => sell(people.staffA, { accountId: people.clientA.id, hubId: hubA.id, amountXof: 5_000 }),
      'FORBIDDEN',
      403,
    );
    await refusedWithoutTrace(
      () => sell(people.clientA, { accountId: people.clientA.id, hubId: hubA.id, amountXof: 5_000 }),
      'FORBIDDEN',
      403,
    );
  });

  it('refuses a partner or its cashier crediting the establishment itself (a self-credit loop)', async () => {
    await refusedWithoutTrace(
      () => sell(people.partnerA, { accountId: people.partnerA.id, hubId: hubA.id, amountXof: 5_000 }),
      'CASH_TOP_UP_SELF',
      409,
    );
    await refusedWithoutTrace(
      () => sell(people.partnerA, { accountId: people.staffA.id, hubId: hubA.id, amountXof: 5_000 }),
      'CASH_TOP_UP_SELF',
      409,
    );
    await refusedWithoutTrace(
      () => sell(cashierB, { accountId: cashierB.id, hubId: hubB.id, amountXof: 5_000 }),
      'CASH_TOP_UP_SELF',
      409,
    );
    await refusedWithoutTrace(
      () => sell(cashierB, { accountId: people.partnerB.id, hubId: hubB.id, amountXof: 5_000 }),
      'CASH_TOP_UP_SELF',
      409,
    );
  });

  it('sells honestly through its own hub, then stops an accomplice loop at the daily cash ceiling', async () => {
    const sold = await sell(people.partnerA, { accountId: people.clientA.id, hubId: hubA.id, amountXof: 5_000 });
    expect(sold.statusCode, sold.body).toBe(201);
    expect(sold.json<{ transfers: { debit: string; credit: string }[] }>().transfers[0]).toMatchObject({
      debit: `cash_drawer:${hubA.id}`,
      credit: `wallet:${people.clientA.id}`,
    });
    const byCashier = await sell(cashierB, { accountId: people.clientA.id, hubId: hubB.id, amountXof: 1_000 });
    expect(byCashier.statusCode, byCashier.body).toBe(201);
    // One operation above the per-operation bound is refused by its schema.
    await refusedWithoutTrace(
      () =>
        sell(people.partnerA, {
          accountId: people.clientB.id,
          hubId: hubA.id,
          amountXof: cashTopUpMaxXofPerHubPerDay + 1,
        }),
      'VALIDATION_FAILED',
      400,
    );
    // The accomplice loop: the same hub credits a client again and again until its day is full.
    const step = 250_000;
    let soldToday = 5_000;
    while (soldToday + step <= cashTopUpMaxXofPerHubPerDay) {
      const again = await sell(people.partnerA, { accountId: people.clientB.id, hubId: hubA.id, amountXof: step });
      expect(again.statusCode, again.body).toBe(201);
      soldToday += step;
    }
    await refusedWithoutTrace(
      () =>
        sell(people.partnerA, {
          accountId: people.clientB.id,
          hubId: hubA.id,
          amountXof: cashTopUpMaxXofPerHubPerDay - soldToday + 1,
        }),
      'CASH_TOP_UP_LIMIT_EXCEEDED',
      409,
    );
  });

  it('applies exactly what fits of a burst sent at once past the ceiling (the day is counted under the drawer lock)', async () => {
    const burstHub = await pairTestHub(app, people.admin, people.partnerA.id, 'Caisse rafale');
    const step = cashTopUpMaxXofPerHubPerDay / 8;
    const before = await moneyState(db);
    const answers = await Promise.all(
      Array.from({ length: 12 }, () =>
        sell(people.partnerA, { accountId: people.clientB.id, hubId: burstHub.id, amountXof: step }),
      ),
    );
    expect(answers.filter((a) => a.statusCode === 201)).toHaveLength(8);
    expect(answers.filter((a) => a.statusCode !== 201).map(codeOf)).toEqual(
      Array.from({ length: 4 }, () => 'CASH_TOP_UP_LIMIT_EXCEEDED'),
    );
    const drawer = (await moneyState(db)).accounts[`cash_drawer:${burstHub.id}`];
    expect(before.accounts[`cash_drawer:${burstHub.id}`]).toBeUndefined();
    expect(drawer).toBe(`${String(cashTopUpMaxXofPerHubPerDay * 2)}/0/0/0`);
    expect((await checkLedger(db)).problems).toEqual([]);
  });

  it("lets an admin sell through a real hub only, with the second factor, audited as acting for the hub's partner", async () => {
    await refusedWithoutTrace(
      () => sell(people.admin, { accountId: people.clientA.id, hubId: randomUUID(), amountXof: 1_000 }),
      'CASH_HUB_NOT_FOUND',
      404,
    );
    await refusedWithoutTrace(
      () => sell(people.adminNoMfa, { accountId: people.clientA.id, hubId: hubB.id, amountXof: 1_000 }),
      'SECOND_FACTOR_REQUIRED',
      403,
    );
    const sold = await sell(people.admin, { accountId: people.clientA.id, hubId: hubB.id, amountXof: 1_000 });
    expect(sold.statusCode, sold.body).toBe(201);
    const operationId = sold.json<{ operationId: string }>().operationId;
    const audit = await db.pool.query<{
      actor_account_id: string;
      detail: { onBehalfOf?: string; operationId?: string };
    }>(
      "SELECT actor_account_id, detail FROM audit_log WHERE action = 'wallet.cash_top_up_on_behalf' ORDER BY seq DESC LIMIT 1",
    );
    expect(audit.rows[0]).toMatchObject({
      actor_account_id: people.admin.id,
      detail: { onBehalfOf: people.partnerB.id, operationId },
    });
  });

  it('never creates a drawer account for a hub that is not registered, even from inside the cloud', async () => {
    const before = await moneyState(db);
    const direct = await app.wallet.operations
      .buyCreditsWithCash(
        { actor: { label: 'test' }, scope: 'system', idempotencyKey: randomUUID() },
        { accountId: people.clientA.id, hubId: randomUUID(), amountXof: 1_000 },
      )
      .then(
        () => 'accepted',
        (error: unknown) => (error as { code?: string }).code,
      );
    expect(direct).toBe('CASH_HUB_NOT_FOUND');
    await expect(
      db.pool.query(
        "INSERT INTO ledger_accounts (code, kind, debits_must_not_exceed_credits) VALUES ($1, 'cash_drawer', false)",
        [`cash_drawer:${randomUUID()}`],
      ),
    ).rejects.toThrow(/registered hub/);
    await expect(
      db.pool.query(
        "INSERT INTO ledger_accounts (code, kind, debits_must_not_exceed_credits) VALUES ('cash_drawer:hub-plateau', 'cash_drawer', false)",
      ),
    ).rejects.toThrow(/registered hub/);
    expect(await moneyState(db)).toEqual(before);
    expect((await checkLedger(db)).problems).toEqual([]);
  });
});

describe.each(testBackends)('attack: splitting cash between the cloud route and the hub push on $name', (backend) => {
  let c: Counter;
  beforeAll(async () => {
    c = await openCounter(backend);
  });
  afterAll(async () => {
    await c.close();
  });

  it("counts cloud sales and the hub's pushed cash against one daily ceiling per drawer", async () => {
    const limits = await c.app.inject({
      method: 'PUT',
      url: `/v1/admin/hubs/${c.hub.id}/offline-limits`,
      headers: bearer(c.people.admin),
      payload: {
        perTransactionCentiCredits: 50_000,
        perWalletPerDayCentiCredits: 100_000,
        perHubPerDayCentiCredits: 1_000_000,
        cashTopUpPerDayXof: 5_000,
      },
    });
    expect(limits.statusCode, limits.body).toBe(200);
    const sell = (amountXof: number) =>
      c.app.inject({
        method: 'POST',
        url: '/v1/wallet/top-ups/cash',
        headers: { ...bearer(c.people.partnerA), 'idempotency-key': randomUUID() },
        payload: { accountId: c.people.clientA.id, hubId: c.hub.id, amountXof },
      });
    expect((await sell(3_000)).statusCode).toBe(201);
    // The hub pushes cash it took: 3,000 more would pass the day's 5,000; 2,000 fits.
    const over = await c.push([c.topUp({ accountId: c.people.clientB.id, amountXof: 3_000 })]);
    expect(over.outcomes[0]).toMatchObject({
      status: 'rejected',
      reason: expect.stringMatching(/^CASH_TOP_UP_LIMIT_EXCEEDED/) as unknown,
    });
    expect((await c.push([c.topUp({ accountId: c.people.clientB.id, amountXof: 2_000 })])).outcomes[0]?.status).toBe(
      'applied',
    );
    // The day is full for the cloud route too.
    const before = await moneyState(c.db);
    const full = await sell(50);
    expect(full.json<{ error: { code: string } }>().error.code).toBe('CASH_TOP_UP_LIMIT_EXCEEDED');
    expect(await moneyState(c.db)).toEqual(before);
    expect((await checkLedger(c.db)).problems).toEqual([]);
  });
});
