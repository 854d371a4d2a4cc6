// Proves a hub cannot refund a sale twice or refund more than was paid (issue 20.1): a credit
// note is bounded by what is left of each line of the sale it corrects, and a wallet refund by
// what that wallet paid for it (a database constraint, not a read then a write). A second credit
// of a credited line, a refund above the payment, a wallet refund of a cash sale, and a credit
// note priced above the original are rejected with a stable code and move nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HubOperation, PushResponse } from '@ismail/shared';
import { testBackends } from '../support/databases.js';
import { garbaCentiCredits, openCounter, type Counter, type Holder } from '../support/hub-sales.js';

describe.each(testBackends)('attack: repeated hub credit notes on $name', (backend) => {
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

  const accounts = () => [alice.accountId, c.people.partnerA.id];
  const reasonOf = (answer: PushResponse): string => {
    expect(answer.outcomes[0]?.status, JSON.stringify(answer.outcomes[0])).toBe('rejected');
    return answer.outcomes[0]?.reason ?? '';
  };
  const applied = async (op: HubOperation): Promise<void> => {
    const answer = await c.push([op]);
    expect(answer.outcomes[0]?.status, JSON.stringify(answer.outcomes[0])).toBe('applied');
  };
  const exceedsSale = async (op: HubOperation): Promise<void> => {
    expect(reasonOf(await c.push([op]))).toMatch(/^CREDIT_EXCEEDS_SALE/);
  };

  it('refunds a credited line once: the same line again is rejected, wallet and stock unchanged', async () => {
    const sale = c.sale({ quantity: 2, payment: await c.walletPayment(alice, 2) });
    await applied(sale);
    const afterSale = await c.snapshot(accounts());
    await applied(
      c.creditNote({
        sale,
        lines: [{ index: 0, quantityMilli: 2_000 }],
        refund: { method: 'wallet', amountCentiCredits: 2 * garbaCentiCredits },
      }),
    );
    expect((await c.snapshot(accounts())).wallets[alice.accountId]).toBe(
      (afterSale.wallets[alice.accountId] ?? 0) + 2 * garbaCentiCredits,
    );
    const before = await c.snapshot(accounts());
    await exceedsSale(
      c.creditNote({
        sale,
        lines: [{ index: 0, quantityMilli: 2_000 }],
        refund: { method: 'wallet', amountCentiCredits: 2 * garbaCentiCredits },
      }),
    );
    // Even with a cash refund (goods back to stock twice): the line is spent.
    await exceedsSale(c.creditNote({ sale, lines: [{ index: 0, quantityMilli: 1_000 }], refund: { method: 'cash' } }));
    await c.expectNothingMoved(before);
  });

  it('credits part of a line, then the rest, never more; a refund is bounded by what the wallet paid', async () => {
    const sale = c.sale({ quantity: 3, payment: await c.walletPayment(alice, 3) });
    await applied(sale);
    let before = await c.snapshot(accounts());
    // One garba back, but a refund of all three: more than that line's share of the payment.
    await exceedsSale(
      c.creditNote({
        sale,
        lines: [{ index: 0, quantityMilli: 1_000 }],
        refund: { method: 'wallet', amountCentiCredits: 3 * garbaCentiCredits },
      }),
    );
    await c.expectNothingMoved(before);
    await applied(
      c.creditNote({
        sale,
        lines: [{ index: 0, quantityMilli: 1_000 }],
        refund: { method: 'wallet', amountCentiCredits: garbaCentiCredits },
      }),
    );
    await applied(
      c.creditNote({
        sale,
        lines: [{ index: 0, quantityMilli: 2_000 }],
        refund: { method: 'wallet', amountCentiCredits: 2 * garbaCentiCredits },
      }),
    );
    before = await c.snapshot(accounts());
    await exceedsSale(
      c.creditNote({
        sale,
        lines: [{ index: 0, quantityMilli: 1_000 }],
        refund: { method: 'wallet', amountCentiCredits: 1 },
      }),
    );
    await c.expectNothingMoved(before);
  });

  it('refuses a wallet refund of a cash sale, and a credit note priced above the original', async () => {
    const cashSale = c.sale({ quantity: 1, payment: { method: 'cash' } });
    await applied(cashSale);
    let before = await c.snapshot(accounts());
    await exceedsSale(
      c.creditNote({
        sale: cashSale,
        lines: [{ index: 0, quantityMilli: 1_000 }],
        refund: { method: 'wallet', amountCentiCredits: garbaCentiCredits },
      }),
    );
    await c.expectNothingMoved(before);
    const sale = c.sale({ quantity: 2, payment: await c.walletPayment(alice, 2) });
    await applied(sale);
    before = await c.snapshot(accounts());
    const inflated = c.creditNote({
      sale,
      lines: [{ index: 0, quantityMilli: 1_000 }],
      refund: { method: 'wallet', amountCentiCredits: 2 * garbaCentiCredits },
    });
    const note = inflated.payload as { creditNote: { document: { lines: { unitPriceXof: number }[] } } };
    for (const line of note.creditNote.document.lines) line.unitPriceXof *= 2;
    await exceedsSale(inflated);
    await c.expectNothingMoved(before);
  });
});
