// Proves a withdrawal request is decided by an admin only (issue 20.4): the sales rep who
// asked cannot capture (mark paid) nor release its own withdrawal hold through the generic
// hold routes or the generic wallet operations, an admin cannot take that shortcut either,
// and the admin's pay or refuse decision still works; every refusal is HOLD_NOT_FOUND and
// leaves the ledger as it was.
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/platform/db/database.js';
import { walletBalance } from '../../src/modules/wallet/history.js';
import { checkLedger } from '../../src/modules/wallet/ledger-check.js';
import { testBackends } from '../support/databases.js';
import { moneyState } from '../support/money-state.js';
import { bearer, type Person, type Signed } from '../support/people.js';
import { openTestCloud, type TestCloud } from '../support/test-cloud.js';
import { pairTestHub } from '../support/test-hub.js';

describe.each(testBackends)('attack: a sales rep capturing its own withdrawal on $name', (backend) => {
  let cloud: TestCloud;
  let db: Database;
  let app: FastifyInstance;
  let people: Record<Person, Signed>;

  beforeAll(async () => {
    cloud = await openTestCloud(backend);
    ({ db, app, people } = cloud);
    const counter = await pairTestHub(app, people.admin, people.partnerB.id, 'Caisse Bouaké');
    await app.wallet.operations.buyCreditsWithCash(
      { actor: { label: 'test' }, scope: 'system', idempotencyKey: 'seed-rep' },
      { accountId: people.repA.id, hubId: counter.id, amountXof: 10_000 },
    );
  });
  afterAll(async () => {
    await cloud.close();
  });

  const call = (person: Person, url: string, payload: object = {}) =>
    app.inject({
      method: 'POST',
      url,
      headers: { ...bearer(people[person]), 'idempotency-key': randomUUID() },
      payload,
    });
  const ask = async (amountCentiCredits: number): Promise<string> => {
    const asked = await call('repA', '/v1/wallet/withdrawals', { amountCentiCredits });
    expect(asked.statusCode, asked.body).toBe(201);
    return asked.json<{ transfers: { id: string }[] }>().transfers[0]?.id ?? '';
  };
  async function refusedWithoutTrace(person: Person, url: string, payload?: object): Promise<void> {
    const before = await moneyState(db);
    const response = await call(person, url, payload);
    expect(response.statusCode, response.body).toBe(404);
    expect(response.json<{ error: { code: string } }>().error.code).toBe('HOLD_NOT_FOUND');
    expect(await moneyState(db)).toEqual(before);
    expect((await checkLedger(db)).problems).toEqual([]);
  }

  it('refuses the rep marking its own withdrawal paid or taking it back, and an admin using the generic routes', async () => {
    const holdId = await ask(5_000);
    await refusedWithoutTrace('repA', `/v1/wallet/holds/${holdId}/capture`);
    await refusedWithoutTrace('repA', `/v1/wallet/holds/${holdId}/capture`, { amountCentiCredits: 1 });
    await refusedWithoutTrace('repA', `/v1/wallet/holds/${holdId}/release`);
    await refusedWithoutTrace('admin', `/v1/wallet/holds/${holdId}/capture`);
    const ctx = {
      actor: { accountId: people.repA.id, label: 'sales_rep' },
      scope: people.repA.id,
      idempotencyKey: randomUUID(),
    };
    await expect(app.wallet.operations.capture(ctx, { holdId })).rejects.toMatchObject({ code: 'HOLD_NOT_FOUND' });
    await expect(
      app.wallet.operations.release({ ...ctx, idempotencyKey: randomUUID() }, { holdId }),
    ).rejects.toMatchObject({ code: 'HOLD_NOT_FOUND' });
    // The admin decides: paid.
    const paid = await call('admin', `/v1/admin/wallet/withdrawals/${holdId}/pay`);
    expect(paid.statusCode, paid.body).toBe(201);
    expect(paid.json<{ transfers: { phase: string }[] }>().transfers[0]?.phase).toBe('post');
    expect((await walletBalance(db, people.repA.id)).postedCentiCredits).toBe(20_000 - 5_000);
  });

  it('lets an admin refuse a request, and never decide another kind of hold as a withdrawal', async () => {
    const holdId = await ask(3_000);
    const refused = await call('admin', `/v1/admin/wallet/withdrawals/${holdId}/refuse`);
    expect(refused.statusCode, refused.body).toBe(201);
    expect((await walletBalance(db, people.repA.id)).availableCentiCredits).toBe(15_000);
    const generic = await call('repA', '/v1/wallet/holds', {
      payeeAccountId: people.partnerA.id,
      module: 'services',
      amountCentiCredits: 1_000,
      timeoutSeconds: 3600,
    });
    const genericId = generic.json<{ transfers: { id: string }[] }>().transfers[0]?.id ?? '';
    await refusedWithoutTrace('admin', `/v1/admin/wallet/withdrawals/${genericId}/pay`);
    expect((await checkLedger(db)).problems).toEqual([]);
  });
});
