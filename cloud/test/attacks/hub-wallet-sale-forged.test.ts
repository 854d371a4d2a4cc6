// Proves a hub cannot take money from a wallet on its own word (issue 20.1): a wallet sale
// pushed with a bare ISMAIL ID, a random card id, a forged or tampered credential, another
// client's card, a card revoked before the list the hub held, a suspended or closed payer,
// an online authorisation the cloud never answered, or above any signed offline ceiling
// (per payment, per wallet per day, per hub per day) is rejected with a stable code and moves
// nothing: no wallet, stock, invoice, debt file or ledger operation changes.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateKeyPair } from 'jose';
import { base64url } from 'jose';
import { signCardToken, type CardClaims, type PushResponse } from '@ismail/shared';
import { withTransaction } from '../../src/platform/db/transaction.js';
import { testBackends } from '../support/databases.js';
import { openCounter, type Counter, type Holder } from '../support/hub-sales.js';
import { bearer } from '../support/people.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.each(testBackends)('attack: forged hub wallet sales on $name', (backend) => {
  let c: Counter;
  let alice: Holder;
  let bob: Holder;

  beforeAll(async () => {
    c = await openCounter(backend);
    alice = await c.holder('clientA');
    bob = await c.holder('clientB');
    // 200 credits each, bought with cash at the counter.
    const funded = await c.push([
      c.topUp({ accountId: alice.accountId, amountXof: 10_000 }),
      c.topUp({ accountId: bob.accountId, amountXof: 10_000 }),
    ]);
    expect(funded.outcomes.map((o) => o.status)).toEqual(['applied', 'applied']);
  });
  afterAll(async () => {
    await c.close();
  });

  const accounts = () => [alice.accountId, bob.accountId, c.people.partnerA.id];
  const reasonOf = (answer: PushResponse, i = 0): string => {
    const outcome = answer.outcomes[i];
    expect(outcome?.status, JSON.stringify(outcome)).toBe('rejected');
    return outcome?.reason ?? '';
  };
  /** Pushes a sale of `quantity` garbas paid from the holder's wallet (`overrides` change the payment). */
  const walletSale = async (
    holder: Holder,
    quantity: number,
    overrides?: Record<string, unknown>,
  ): Promise<PushResponse> =>
    c.push([c.sale({ quantity, payment: await c.walletPayment(holder, quantity, overrides) })]);
  const setCeilings = async (ceilings: {
    perTransactionCentiCredits: number;
    perWalletPerDayCentiCredits: number;
    perHubPerDayCentiCredits: number;
    cashTopUpPerDayXof: number;
  }) => {
    const response = await c.app.inject({
      method: 'PUT',
      url: `/v1/admin/hubs/${c.hub.id}/offline-limits`,
      headers: bearer(c.people.admin),
      payload: ceilings,
    });
    expect(response.statusCode, response.body).toBe(200);
  };

  it('enforces every signed offline ceiling: per payment, per wallet per day, per hub per day', async () => {
    await setCeilings({
      perTransactionCentiCredits: 4_000,
      perWalletPerDayCentiCredits: 6_000,
      perHubPerDayCentiCredits: 8_000,
      cashTopUpPerDayXof: 1_000_000,
    });
    let before = await c.snapshot(accounts());
    // 3 garbas = 6,000 centi-credits in one payment, above 4,000.
    expect(reasonOf(await walletSale(alice, 3))).toMatch(/^OFFLINE_LIMIT_EXCEEDED/);
    await c.expectNothingMoved(before);
    // Alice pays 4,000 then 4,000 more: 8,000 in a day, above her 6,000.
    expect((await walletSale(alice, 2)).outcomes[0]?.status).toBe('applied');
    before = await c.snapshot(accounts());
    expect(reasonOf(await walletSale(alice, 2))).toMatch(/^OFFLINE_LIMIT_EXCEEDED/);
    await c.expectNothingMoved(before);
    // Bob pays 4,000 (the hub's day: 8,000, at its ceiling), then 2,000 more: within his own, above the hub's.
    expect((await walletSale(bob, 2)).outcomes[0]?.status).toBe('applied');
    before = await c.snapshot(accounts());
    expect(reasonOf(await walletSale(bob, 1))).toMatch(/^OFFLINE_LIMIT_EXCEEDED/);
    await c.expectNothingMoved(before);
    // Claiming the ceilings of a policy that never existed does not help.
    expect(reasonOf(await walletSale(bob, 1, { policyVersion: 99 }))).toMatch(/^HUB_POLICY_OUTDATED/);
    await c.expectNothingMoved(before);
    await setCeilings({
      perTransactionCentiCredits: 50_000,
      perWalletPerDayCentiCredits: 100_000,
      perHubPerDayCentiCredits: 1_000_000,
      cashTopUpPerDayXof: 2_000_000,
    });
  });

  it('refuses a payer named by a bare ISMAIL ID or a random card id, without a credential', async () => {
    const before = await c.snapshot(accounts());
    const bare = {
      method: 'wallet',
      ismailId: alice.ismailId,
      cardId: randomUUID(),
      amountCentiCredits: 2_000,
      authorisation: 'offline',
      availableCentiCredits: 20_000,
    };
    expect(reasonOf(await c.push([c.sale({ quantity: 1, payment: bare })]))).toMatch(/^CARD_NOT_ACCEPTED/);
    expect(reasonOf(await c.push([c.sale({ quantity: 1, payment: { ...bare, cardId: alice.cardId } })]))).toMatch(
      /^CARD_NOT_ACCEPTED/,
    );
    // The same with the credential fields but a random card id next to a real credential.
    expect(reasonOf(await walletSale(alice, 1, { cardId: randomUUID() }))).toMatch(/^CARD_NOT_ACCEPTED/);
    await c.expectNothingMoved(before);
  });

  it('refuses a forged, a tampered, and another client’s credential', async () => {
    const before = await c.snapshot(accounts());
    const kid = (await c.jwks()).keys[0]?.kid ?? '';
    const { privateKey } = await generateKeyPair('ES256');
    const nowS = Math.floor(Date.now() / 1000);
    const claims: CardClaims = {
      v: 1,
      typ: 'card',
      cid: alice.cardId,
      sub: alice.ismailId,
      gn: 'clientA',
      fn: 'Test',
      role: 'client',
      st: 'active',
      iat: nowS,
      exp: nowS + 86_400,
      jti: 'forged-forged-forged',
    };
    const forged = await signCardToken(claims, { kid, privateKey });
    expect(reasonOf(await walletSale(alice, 1, { credential: forged }))).toMatch(/^CARD_NOT_ACCEPTED/);
    // Bob's genuine card with Alice's claims swapped in (the signature no longer matches).
    const [header = '', , signature = ''] = bob.token.split('.');
    const tampered = `${header}.${base64url.encode(JSON.stringify({ ...claims, jti: 'tampered-tampered' }))}.${signature}`;
    expect(reasonOf(await walletSale(alice, 1, { credential: tampered }))).toMatch(/^CARD_NOT_ACCEPTED/);
    // Bob's genuine card presented for a payment that names Alice: the credential names the payer.
    expect(reasonOf(await walletSale(alice, 1, { credential: bob.token }))).toMatch(/^CARD_NOT_ACCEPTED/);
    await c.expectNothingMoved(before);
  });

  it('refuses a payment above what the invoice says, and an online authorisation the cloud never answered', async () => {
    const before = await c.snapshot(accounts());
    expect(reasonOf(await walletSale(alice, 1, { amountCentiCredits: 40_000 }))).toMatch(/^VALIDATION_FAILED/);
    expect(reasonOf(await walletSale(alice, 1, { amountCentiCredits: 1e12 }))).toMatch(/^VALIDATION_FAILED/);
    expect(reasonOf(await walletSale(alice, 1, { authorisation: 'online' }))).toMatch(/^WALLET_AUTHORISATION_INVALID/);
    expect(reasonOf(await walletSale(alice, 1, { authorisation: 'online', balanceCheckId: randomUUID() }))).toMatch(
      /^WALLET_AUTHORISATION_INVALID/,
    );
    // A balance the cloud answered for Bob's card does not authorise a payment from Alice's.
    const check = await c.hub.inject(c.app, {
      method: 'POST',
      url: '/v1/hubs/wallet-balance',
      payload: { ismailId: bob.ismailId, cardId: bob.cardId },
      headers: { 'x-card-credential': bob.token },
    });
    expect(check.statusCode, check.body).toBe(200);
    const checkId = check.json<{ checkId: string }>().checkId;
    expect(reasonOf(await walletSale(alice, 1, { authorisation: 'online', balanceCheckId: checkId }))).toMatch(
      /^WALLET_AUTHORISATION_INVALID/,
    );
    // Nor more than the balance it answered (Bob holds 160 credits: 10 garbas is 200).
    expect(reasonOf(await walletSale(bob, 10, { authorisation: 'online', balanceCheckId: checkId }))).toMatch(
      /^WALLET_AUTHORISATION_INVALID/,
    );
    await c.expectNothingMoved(before);
    // The genuine online sale it answered for goes through, once.
    const online = c.sale({
      quantity: 1,
      payment: await c.walletPayment(bob, 1, { authorisation: 'online', balanceCheckId: checkId }),
    });
    expect((await c.push([online])).outcomes[0]?.status).toBe('applied');
    const again = await c.snapshot(accounts());
    expect(reasonOf(await walletSale(bob, 1, { authorisation: 'online', balanceCheckId: checkId }))).toMatch(
      /^WALLET_AUTHORISATION_INVALID/,
    );
    await c.expectNothingMoved(again);
  });

  it('refuses a dynamic code used twice', async () => {
    const { token } = await c.app.cards.dynamicCode(c.db.pool, alice.accountId);
    const first = c.sale({ quantity: 1, payment: await c.walletPayment(alice, 1, { credential: token }) });
    expect((await c.push([first])).outcomes[0]?.status).toBe('applied');
    const before = await c.snapshot(accounts());
    expect(reasonOf(await walletSale(alice, 1, { credential: token }))).toMatch(/^CARD_NOT_ACCEPTED/);
    await c.expectNothingMoved(before);
  });

  it('refuses a card revoked before the list the hub held; takes one revoked after it as a fact', async () => {
    const carol = await c.holder('clientB'); // Bob's renewed card (the old one is superseded)
    const heldBefore = (await c.revocationListIat()) - 5;
    await withTransaction(c.db.pool, (client) =>
      c.app.cards.changeState(client, carol.cardId, 'revoke', { label: 'test', place: 'test' }, 'lost'),
    );
    await sleep(1_100);
    const before = await c.snapshot(accounts());
    // The list the hub says it held was issued after the revocation: the hub had to refuse.
    expect(reasonOf(await walletSale(carol, 1))).toMatch(/^CARD_REVOKED/);
    // Bob's superseded first card, presented with a current list: refused the same way.
    expect(reasonOf(await walletSale(bob, 1))).toMatch(/^CARD_REVOKED/);
    await c.expectNothingMoved(before);
    // A list from before the revocation: the hub could not know; the sale stands.
    expect((await walletSale(carol, 1, { revocationListIat: heldBefore })).outcomes[0]?.status).toBe('applied');
    // A list older than any hub may sell on (3 days): refused, not believed.
    const stale = Math.floor(Date.now() / 1000) - 4 * 86_400;
    expect(reasonOf(await walletSale(alice, 1, { revocationListIat: stale }))).toMatch(/^HUB_POLICY_OUTDATED/);
  });

  it('refuses a payer suspended before the hub’s list, and a closed one', async () => {
    await c.db.pool.query("UPDATE accounts SET status = 'suspended' WHERE id = $1", [alice.accountId]);
    await sleep(1_100);
    const before = await c.snapshot(accounts());
    expect(reasonOf(await walletSale(alice, 1))).toMatch(/^ACCOUNT_NOT_ACTIVE/);
    await c.db.pool.query("UPDATE accounts SET status = 'closed' WHERE id = $1", [alice.accountId]);
    expect(reasonOf(await walletSale(alice, 1, { revocationListIat: Math.floor(Date.now() / 1000) - 60 }))).toMatch(
      /^ACCOUNT_NOT_ACTIVE/,
    );
    await c.expectNothingMoved(before);
    const debts = await c.db.pool.query<{ n: string }>(
      'SELECT count(*) AS n FROM debt_files WHERE debtor_account_id = $1',
      [alice.accountId],
    );
    expect(Number(debts.rows[0]?.n)).toBe(0);
    await c.db.pool.query("UPDATE accounts SET status = 'active' WHERE id = $1", [alice.accountId]);
  });
});
