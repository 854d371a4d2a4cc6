// Proves a hub push is no oracle for who has an ISMAIL ID (issue 20.1): a wallet sale naming an
// unknown ISMAIL ID, a real one with a wrong card, and a forged credential are all rejected
// with the very same reason, which never repeats the ISMAIL ID; a top-up to an unknown ISMAIL
// ID is refused without naming it either.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateKeyPair } from 'jose';
import { signCardToken } from '@ismail/shared';
import { testBackends } from '../support/databases.js';
import { openCounter, type Counter, type Holder } from '../support/hub-sales.js';

describe.each(testBackends)('attack: ISMAIL ID enumeration through a hub on $name', (backend) => {
  let c: Counter;
  let alice: Holder;

  beforeAll(async () => {
    c = await openCounter(backend);
    alice = await c.holder('clientA');
    expect((await c.push([c.topUp({ accountId: alice.accountId, amountXof: 10_000 })])).outcomes[0]?.status).toBe(
      'applied',
    );
  });
  afterAll(async () => {
    await c.close();
  });

  it('answers one reason for an unknown ID, a wrong card and a forged credential', async () => {
    const unknownId = 'CI990101-ZZZZ-CL';
    const { privateKey } = await generateKeyPair('ES256');
    const nowS = Math.floor(Date.now() / 1000);
    const kid = (await c.jwks()).keys[0]?.kid ?? '';
    const forgedFor = (sub: string) =>
      signCardToken(
        {
          v: 1,
          typ: 'card',
          cid: randomUUID(),
          sub,
          gn: 'X',
          fn: 'Y',
          role: 'client',
          st: 'active',
          iat: nowS,
          exp: nowS + 3600,
          jti: `forged-${randomUUID().slice(0, 12)}`,
        },
        { kid, privateKey },
      );
    const attempts = [
      await c.walletPayment(alice, 1, { ismailId: unknownId, credential: await forgedFor(unknownId) }),
      await c.walletPayment(alice, 1, { cardId: randomUUID() }),
      await c.walletPayment(alice, 1, { credential: await forgedFor(alice.ismailId) }),
      {
        method: 'wallet',
        ismailId: unknownId,
        cardId: randomUUID(),
        amountCentiCredits: 2_000,
        authorisation: 'offline',
        availableCentiCredits: 2_000,
      },
      {
        method: 'wallet',
        ismailId: alice.ismailId,
        cardId: randomUUID(),
        amountCentiCredits: 2_000,
        authorisation: 'offline',
        availableCentiCredits: 2_000,
      },
    ];
    const reasons: string[] = [];
    for (const payment of attempts) {
      const answer = await c.push([c.sale({ quantity: 1, payment })]);
      expect(answer.outcomes[0]?.status).toBe('rejected');
      reasons.push(answer.outcomes[0]?.reason ?? '');
    }
    expect(new Set(reasons).size, reasons.join('\n')).toBe(1);
    expect(reasons[0]).toMatch(/^CARD_NOT_ACCEPTED/);
    for (const reason of reasons) expect(reason).not.toContain(unknownId);
    for (const reason of reasons) expect(reason).not.toContain(alice.ismailId);
  });

  it('refuses a top-up to an unknown ISMAIL ID without naming it', async () => {
    const unknownId = 'CI990101-YYYY-CL';
    const answer = await c.push([c.topUp({ ismailId: unknownId, amountXof: 1_000 })]);
    expect(answer.outcomes[0]?.status).toBe('rejected');
    expect(answer.outcomes[0]?.reason).toMatch(/^CARD_NOT_ACCEPTED/);
    expect(answer.outcomes[0]?.reason).not.toContain(unknownId);
  });
});
