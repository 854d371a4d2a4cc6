// Proves sales commissions after accrual (SPEC 3.6): a senior rep earns 6%, rates changed
// from a date apply only from then, the monthly payout moves each rep's commissions into
// their wallet once (a second run pays nothing more) with a statement, and a simulation
// replays past consumption under proposed rates without writing anything.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/platform/db/database.js';
import { withTransaction } from '../src/platform/db/transaction.js';
import { commissionStatement, payoutCommissions, simulateCommissions } from '../src/modules/wallet/commission-runs.js';
import { walletBalance } from '../src/modules/wallet/history.js';
import { checkLedger } from '../src/modules/wallet/ledger-check.js';
import { recordRateChange } from '../src/modules/wallet/rates.js';
import { testBackends } from './support/databases.js';
import { as, cashHub, insertAccount, salesTree, walletStack, type WalletStack } from './support/wallet-fixtures.js';

const october = new Date('2026-10-15T10:00:00Z');

describe.each(testBackends)('sales commissions on $name', (backend) => {
  let db: Database;
  let wallet: WalletStack;
  let clock = october;
  let tree: { chief: string; rep: string; partner: string };

  beforeAll(async () => {
    db = await backend.open();
    wallet = await walletStack(db, {}, () => clock);
    tree = await salesTree(db);
    await wallet.ops.buyCreditsWithCash(as(tree.partner), {
      accountId: tree.partner,
      hubId: await cashHub(db),
      amountXof: 200_000,
    });
    // October: two consumptions of 1,000 credits each by the junior rep's partner.
    for (let i = 0; i < 2; i++)
      await wallet.ops.consume(as(tree.partner), {
        accountId: tree.partner,
        tariffCode: 'service_purchase',
        units: 20,
        unitPriceCredits: 50,
      });
  });
  afterAll(async () => {
    await db.close();
  });

  it('pays a finished month once into each beneficiary wallet, with a statement', async () => {
    // A November consumption happens before October is paid: it belongs to November's payout.
    clock = new Date('2026-11-01T12:00:00Z');
    await wallet.ops.consume(as(tree.partner), {
      accountId: tree.partner,
      tariffCode: 'service_purchase',
      units: 20,
      unitPriceCredits: 50,
    });
    clock = new Date('2026-11-02T08:00:00Z');
    const first = await payoutCommissions(db, wallet.ledger, '2026-10', clock);
    const rep = first.find((l) => l.beneficiaryId === tree.rep);
    const lead = first.find((l) => l.beneficiaryId === tree.chief);
    expect(rep).toMatchObject({ accruedInPeriod: 8_000, paid: 8_000, replayed: false });
    expect(lead).toMatchObject({ accruedInPeriod: 4_000, paid: 4_000, replayed: false });
    expect((await walletBalance(db, tree.rep)).availableCentiCredits).toBe(8_000); // 4,000 FCFA
    const again = await payoutCommissions(db, wallet.ledger, '2026-10', clock);
    expect(again.filter((l) => !l.replayed)).toEqual([]);
    expect((await walletBalance(db, tree.rep)).availableCentiCredits).toBe(8_000);
    const statement = await commissionStatement(db, tree.rep, '2026-10');
    expect(statement).toMatchObject({ accrued: 8_000, paid: 8_000 });
    expect(statement.lines).toHaveLength(2);
    expect(statement.lines[0]).toMatchObject({ role: 'sales_rep', level: 'junior', rateBp: 400, module: 'services' });
    await expect(payoutCommissions(db, wallet.ledger, '2026-11', clock)).rejects.toThrow(/not over/);
    await expect(payoutCommissions(db, wallet.ledger, '2026-13', clock)).rejects.toThrow(/YYYY-MM/);
  });

  it('pays a senior rep 6% once it has more than 10 active partners, and applies a rate change only from its date', async () => {
    const senior = await insertAccount(db, 'sales_rep', { supervisorId: tree.chief });
    const partners: string[] = [];
    for (let i = 0; i < 11; i++) partners.push(await insertAccount(db, 'partner', { salesRepId: senior }));
    const buyer = partners[0] ?? '';
    await wallet.ops.buyCreditsWithCash(as(buyer), { accountId: buyer, hubId: await cashHub(db), amountXof: 200_000 });
    const consume = async () =>
      (
        await wallet.ops.consume(as(buyer), {
          accountId: buyer,
          tariffCode: 'service_purchase',
          units: 20,
          unitPriceCredits: 50,
        })
      ).result.transfers.find((t) => t.leg === 'sales_commission')?.amountCentiCredits;
    expect(await consume()).toBe(6_000);
    await withTransaction(db.pool, (client) =>
      recordRateChange(
        client,
        { table: 'sales_commission_rates', scope: 'services', juniorBp: 450, seniorBp: 700, teamLeadBp: 250 },
        new Date('2026-11-20T00:00:00Z'),
        { label: 'test' },
      ),
    );
    // Still before the effective date: old rate.
    expect(await consume()).toBe(6_000);
    clock = new Date('2026-11-21T00:00:00Z');
    expect(await consume()).toBe(7_000);
  });

  it('simulates proposed rates on past consumption without writing', async () => {
    const before = await db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM ledger_transfers');
    const result = await simulateCommissions(db, {
      from: new Date('2026-10-01T00:00:00Z'),
      to: new Date('2026-11-01T00:00:00Z'),
      proposed: [{ scope: '*', juniorBp: 500, seniorBp: 700, teamLeadBp: 300 }],
    });
    expect(result.consumptions).toBe(2);
    expect(result.actualCentiCredits).toBe(12_000);
    // The 'services' rates set above (junior 4.5%) are more specific than the proposed '*' ones.
    const rep = result.byBeneficiary.find((b) => b.beneficiaryId === tree.rep);
    expect(rep).toMatchObject({ actual: 8_000, simulated: 9_000 });
    const after = await db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM ledger_transfers');
    expect(after.rows[0]?.n).toBe(before.rows[0]?.n);
    const report = await checkLedger(db);
    expect(report.problems).toEqual([]);
  });
});
