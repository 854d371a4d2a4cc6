// Proves a hub cannot mint credits with cash it says it took (issue 20.1): cash top-ups pushed
// by a hub are bounded by the signed per-hub daily cash ceiling, enforced atomically at the
// cloud (a burst over the ceiling applies exactly what fits), and go only to this registered
// hub's drawer. Refused top-ups are rejected with a stable code and move nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PushResponse } from '@ismail/shared';
import { testBackends } from '../support/databases.js';
import { openCounter, type Counter, type Holder } from '../support/hub-sales.js';
import { bearer } from '../support/people.js';

describe.each(testBackends)('attack: unbounded hub cash top-ups on $name', (backend) => {
  let c: Counter;
  let alice: Holder;

  beforeAll(async () => {
    c = await openCounter(backend);
    alice = await c.holder('clientA');
  });
  afterAll(async () => {
    await c.close();
  });

  const accounts = () => [alice.accountId, c.people.clientB.id];
  const statuses = (answer: PushResponse) => answer.outcomes.map((o) => o.status);

  it('signs the daily cash ceiling into the hub policy', async () => {
    const response = await c.app.inject({
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
    expect(response.statusCode, response.body).toBe(200);
    expect(await c.policyVersion()).toBeGreaterThanOrEqual(2);
  });

  it('applies top-ups up to the ceiling and rejects the one that would pass it', async () => {
    expect(statuses(await c.push([c.topUp({ accountId: alice.accountId, amountXof: 3_000 })]))).toEqual(['applied']);
    const before = await c.snapshot(accounts());
    const over = await c.push([c.topUp({ accountId: alice.accountId, amountXof: 3_000 })]);
    expect(over.outcomes[0]).toMatchObject({
      status: 'rejected',
      reason: expect.stringMatching(/^CASH_TOP_UP_LIMIT_EXCEEDED/) as unknown,
    });
    await c.expectNothingMoved(before);
  });

  it('applies exactly what fits from a burst pushed at once, to anyone', async () => {
    const before = await c.snapshot(accounts());
    const burst = [1_000, 1_000, 1_000, 500, 500].map((amountXof, i) =>
      c.topUp({ accountId: i % 2 === 0 ? alice.accountId : c.people.clientB.id, amountXof }),
    );
    // 2,000 of 5,000 are left today: two of 1,000 fit, then nothing of 1,000; the 500s do not fit either.
    expect(statuses(await c.push(burst))).toEqual(['applied', 'applied', 'rejected', 'rejected', 'rejected']);
    const after = await c.snapshot(accounts());
    expect(
      (after.wallets[alice.accountId] ?? 0) -
        (before.wallets[alice.accountId] ?? 0) +
        (after.wallets[c.people.clientB.id] ?? 0) -
        (before.wallets[c.people.clientB.id] ?? 0),
    ).toBe(2 * 2_000);
    const drawer = `drawer:${c.hub.id}`;
    expect((before.wallets[drawer] ?? 0) - (after.wallets[drawer] ?? 0)).toBe(2 * 2_000);
  });

  it('refuses a top-up above the per-operation bound before it reaches the ledger', async () => {
    const before = await c.snapshot(accounts());
    const answer = await c.push([c.topUp({ accountId: alice.accountId, amountXof: 50_000_000 })]);
    expect(answer.outcomes[0]).toMatchObject({
      status: 'rejected',
      reason: expect.stringMatching(/^VALIDATION_FAILED/) as unknown,
    });
    await c.expectNothingMoved(before);
  });
});
