// Proves the credits ledger on a real database: the SPEC 3.6 example to the franc in one
// atomic unit, idempotent writes (replay, conflicting body, concurrent duplicates), no
// overdraft under 100 concurrent debits, holds counted against the balance and resolved
// once, linked legs that fail together, and a check that catches an edited transfer.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError, centiCreditsToXof } from '@ismail/shared';
import type { Database } from '../src/platform/db/database.js';
import { checkLedger } from '../src/modules/wallet/ledger-check.js';
import { ledgerAccount } from '../src/modules/wallet/ledger-accounts.js';
import { walletBalance, walletHistory } from '../src/modules/wallet/history.js';
import { requestHash } from '../src/modules/wallet/ledger.js';
import { everyTestBackend } from './support/databases.js';
import {
  as,
  cashHub,
  insertAccount,
  salesTree,
  system,
  walletStack,
  type WalletStack,
} from './support/wallet-fixtures.js';

const ci = { country: 'CI', xofPerCredit: 50 };

async function refusal(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AppError) return error.code;
    throw error;
  }
  return 'accepted';
}

describe.each(everyTestBackend)('credits ledger on $name', (backend) => {
  let db: Database;
  let wallet: WalletStack;
  let clock = new Date();

  beforeAll(async () => {
    db = await backend.open();
    wallet = await walletStack(db, {}, () => clock);
  });
  afterAll(async () => {
    await db.close();
  });

  const available = async (accountId: string): Promise<number> =>
    (await walletBalance(db, accountId)).availableCentiCredits;
  const topUp = async (accountId: string, amountXof: number) =>
    wallet.ops.buyCreditsWithCash(as(accountId), { accountId, hubId: await cashHub(db), amountXof });
  /** A fresh client topped up with `topUpXof`, a fresh partner, and a hold of `amountCentiCredits` for it. */
  const heldFor = async (
    module: 'shop' | 'booking',
    topUpXof: number,
    amountCentiCredits: number,
    timeoutSeconds: number,
  ) => {
    const guest = await insertAccount(db, 'client');
    const payee = await insertAccount(db, 'partner');
    await topUp(guest, topUpXof);
    const held = await wallet.ops.hold(as(guest), {
      payerId: guest,
      payeeId: payee,
      module,
      amountCentiCredits,
      timeoutSeconds,
    });
    return { guest, payee, holdId: held.result.transfers[0]?.id ?? '' };
  };

  it('holds the SPEC 3.6 example: 1,000 credits consumed pay the rep 2,000 FCFA and the lead 1,000 FCFA in one operation', async () => {
    const { chief, rep, partner } = await salesTree(db);
    await topUp(partner, 60_000); // 1,200 credits
    const { result } = await wallet.ops.consume(as(partner), {
      accountId: partner,
      tariffCode: 'service_purchase',
      units: 20,
      unitPriceCredits: 50,
    });
    const legs = Object.fromEntries(result.transfers.map((t) => [t.leg, t]));
    expect(legs.charge?.amountCentiCredits).toBe(100_000); // 1,000 credits = 50,000 FCFA
    expect(centiCreditsToXof(legs.sales_commission?.amountCentiCredits ?? 0, ci)).toBe(2_000);
    expect(legs.sales_commission?.credit).toBe(`commissions_payable:${rep}`);
    expect(centiCreditsToXof(legs.team_lead_commission?.amountCentiCredits ?? 0, ci)).toBe(1_000);
    expect(legs.team_lead_commission?.credit).toBe(`commissions_payable:${chief}`);
    // VAT 18% included in the charge, and 3% cashback on an eligible purchase.
    expect(legs.tax?.amountCentiCredits).toBe(15_254);
    expect(legs.cashback?.amountCentiCredits).toBe(3_000);
    // One operation: every leg shares it, and its accruals are on record.
    const accruals = await db.pool.query<{ beneficiary_id: string; amount: string }>(
      'SELECT beneficiary_id, amount FROM commission_accruals WHERE operation_id = $1 ORDER BY amount DESC',
      [result.operationId],
    );
    expect(accruals.rows.map((r) => [r.beneficiary_id, Number(r.amount)])).toEqual([
      [rep, 4_000],
      [chief, 2_000],
    ]);
    expect(await available(partner)).toBe(120_000 - 100_000 + 3_000);
  });

  it('replays a request with the same key, refuses the key with another body, and keeps keys apart per account', async () => {
    const a = await insertAccount(db, 'client');
    const b = await insertAccount(db, 'client');
    await topUp(a, 5_000); // 100 credits
    const ctx = as(a, 'pay-rent-2026-11');
    const first = await wallet.ops.transfer(ctx, { fromId: a, toId: b, amountCentiCredits: 1_000 });
    const again = await wallet.ops.transfer(ctx, { fromId: a, toId: b, amountCentiCredits: 1_000 });
    expect(first.replayed).toBe(false);
    expect(again.replayed).toBe(true);
    expect(again.result).toEqual(first.result);
    expect(await refusal(wallet.ops.transfer(ctx, { fromId: a, toId: b, amountCentiCredits: 2_000 }))).toBe(
      'IDEMPOTENCY_KEY_REUSED',
    );
    expect(await available(a)).toBe(9_000);
    // The same key chosen by someone else is their own request, not a replay of a's.
    await topUp(b, 1_000);
    const theirs = await wallet.ops.transfer(as(b, 'pay-rent-2026-11'), {
      fromId: b,
      toId: a,
      amountCentiCredits: 500,
    });
    expect(theirs.replayed).toBe(false);
    expect(theirs.result.operationId).not.toBe(first.result.operationId);
  });

  it('applies 20 concurrent copies of one request exactly once', async () => {
    const a = await insertAccount(db, 'client');
    const b = await insertAccount(db, 'client');
    await topUp(a, 1_000);
    const ctx = as(a, 'double-click');
    const outcomes = await Promise.all(
      Array.from({ length: 20 }, () => wallet.ops.transfer(ctx, { fromId: a, toId: b, amountCentiCredits: 700 })),
    );
    expect(outcomes.filter((o) => !o.replayed)).toHaveLength(1);
    expect(new Set(outcomes.map((o) => o.result.operationId)).size).toBe(1);
    expect(await available(b)).toBe(700);
  });

  it('lets exactly 50 of 100 parallel debits of 10 credits through on a 500-credit wallet', async () => {
    const payer = await insertAccount(db, 'client');
    const payee = await insertAccount(db, 'partner');
    await topUp(payer, 25_000); // 500 credits
    const results = await Promise.all(
      Array.from({ length: 100 }, () =>
        refusal(wallet.ops.transfer(as(payer), { fromId: payer, toId: payee, amountCentiCredits: 1_000 })),
      ),
    );
    expect(results.filter((r) => r === 'accepted')).toHaveLength(50);
    expect(results.filter((r) => r === 'INSUFFICIENT_FUNDS')).toHaveLength(50);
    expect(await available(payer)).toBe(0);
    expect(await available(payee)).toBe(50_000);
  });

  it('counts a hold against the balance, captures part of it once, and releases the rest', async () => {
    // 7,500 FCFA topped up: 150 credits.
    const { guest, payee: hotel, holdId } = await heldFor('booking', 7_500, 10_000, 3600);
    expect(await walletBalance(db, guest)).toMatchObject({
      postedCentiCredits: 15_000,
      heldCentiCredits: 10_000,
      availableCentiCredits: 5_000,
    });
    // The Blnk #181 lesson: a hold is spent money for the balance check.
    expect(
      await refusal(wallet.ops.transfer(as(guest), { fromId: guest, toId: hotel, amountCentiCredits: 6_000 })),
    ).toBe('INSUFFICIENT_FUNDS');
    expect(await refusal(wallet.ops.capture(as(hotel), { holdId, amountCentiCredits: 10_001 }))).toBe(
      'AMOUNT_EXCEEDS_HOLD',
    );
    await wallet.ops.capture(as(hotel), { holdId, amountCentiCredits: 7_000 });
    expect(await walletBalance(db, guest)).toMatchObject({
      postedCentiCredits: 8_000,
      heldCentiCredits: 0,
      availableCentiCredits: 8_000,
    });
    expect(await available(hotel)).toBe(7_000);
    expect(await refusal(wallet.ops.capture(as(hotel), { holdId }))).toBe('HOLD_ALREADY_RESOLVED');
    expect(await refusal(wallet.ops.release(as(hotel), { holdId }))).toBe('HOLD_ALREADY_RESOLVED');
    expect(await refusal(wallet.ops.release(as(hotel), { holdId: '00000000-0000-4000-8000-000000000000' }))).toBe(
      'HOLD_NOT_FOUND',
    );
  });

  it('resolves a hold once when a capture and a release race', async () => {
    const { guest, payee: shop, holdId } = await heldFor('shop', 1_000, 2_000, 60);
    const outcomes = await Promise.all([
      refusal(wallet.ops.capture(as(shop), { holdId })),
      refusal(wallet.ops.release(as(shop), { holdId })),
      refusal(wallet.ops.capture(as(shop), { holdId })),
    ]);
    expect(outcomes.filter((o) => o === 'accepted')).toHaveLength(1);
    const b = await walletBalance(db, guest);
    expect(b.heldCentiCredits).toBe(0);
    expect([0, 2_000]).toContain(b.postedCentiCredits);
  });

  it('refuses to capture a lapsed hold and lets the expiry job release it', async () => {
    const { guest, payee: shop, holdId } = await heldFor('shop', 1_000, 1_500, 60);
    clock = new Date(clock.getTime() + 61_000);
    try {
      expect(await refusal(wallet.ops.capture(as(shop), { holdId }))).toBe('HOLD_EXPIRED');
      const first = await wallet.ops.expireHolds();
      expect(first.expired).toBeGreaterThanOrEqual(1);
      expect(await walletBalance(db, guest)).toMatchObject({ postedCentiCredits: 2_000, heldCentiCredits: 0 });
      expect((await wallet.ops.expireHolds()).expired).toBe(0);
    } finally {
      clock = new Date();
    }
  });

  it('commits linked legs together or not at all', async () => {
    const a = await insertAccount(db, 'client');
    const b = await insertAccount(db, 'client');
    await topUp(a, 500); // 1,000 centi-credits
    const legs = [
      {
        type: 'transfer' as const,
        debit: ledgerAccount.wallet(a),
        credit: ledgerAccount.wallet(b),
        amount: 800,
        leg: 'payment',
      },
      {
        type: 'transfer' as const,
        debit: ledgerAccount.wallet(a),
        credit: ledgerAccount.revenue('shop'),
        amount: 300,
        leg: 'fee',
      },
    ];
    const code = await refusal(
      wallet.ledger.submit({
        scope: 'system',
        idempotencyKey: 'linked-1',
        requestHash: requestHash('test', legs),
        kind: 'test',
        legs,
      }),
    );
    expect(code).toBe('INSUFFICIENT_FUNDS');
    expect(await available(a)).toBe(1_000);
    expect(await available(b)).toBe(0);
    // The refusal is not stored: the same key may be retried once the wallet is funded.
    await topUp(a, 100);
    const retried = await wallet.ledger.submit({
      scope: 'system',
      idempotencyKey: 'linked-1',
      requestHash: requestHash('test', legs),
      kind: 'test',
      legs,
    });
    expect(retried.result.transfers).toHaveLength(2);
    expect(await available(a)).toBe(100);
  });

  it('refuses bad amounts, unknown accounts and inactive payers without moving anything', async () => {
    const a = await insertAccount(db, 'client');
    const suspended = await insertAccount(db, 'client', { status: 'suspended' });
    await topUp(a, 100);
    expect(await refusal(wallet.ops.transfer(as(a), { fromId: a, toId: a, amountCentiCredits: 1 }))).toBe(
      'VALIDATION_FAILED',
    );
    expect(await refusal(wallet.ops.transfer(as(a), { fromId: a, toId: suspended, amountCentiCredits: 0 }))).toBe(
      'VALIDATION_FAILED',
    );
    expect(await refusal(wallet.ops.transfer(as(a), { fromId: a, toId: suspended, amountCentiCredits: 1.5 }))).toBe(
      'VALIDATION_FAILED',
    );
    expect(
      await refusal(wallet.ops.transfer(as(suspended), { fromId: suspended, toId: a, amountCentiCredits: 1 })),
    ).toBe('ACCOUNT_NOT_ACTIVE');
    expect(await refusal(wallet.ops.transfer(as(a), { fromId: a, toId: 'not-an-id', amountCentiCredits: 1 }))).toBe(
      'NOT_FOUND',
    );
    expect(
      await refusal(
        wallet.ops.consume(as(a), { accountId: a, tariffCode: 'service_purchase', units: 1, unitPriceCredits: 51 }),
      ),
    ).toBe('VALIDATION_FAILED');
    expect(await refusal(wallet.ops.consume(as(a), { accountId: a, tariffCode: 'no_such_tariff', units: 1 }))).toBe(
      'NOT_FOUND',
    );
    expect(
      await refusal(
        wallet.ops.transfer(as(a, 'bad key with spaces'), { fromId: a, toId: suspended, amountCentiCredits: 1 }),
      ),
    ).toBe('VALIDATION_FAILED');
    // Cash comes only through a registered hub's drawer: a made-up or malformed hub id is no hub.
    expect(
      await refusal(wallet.ops.buyCreditsWithCash(as(a), { accountId: a, hubId: 'hub 1; drop', amountXof: 100 })),
    ).toBe('CASH_HUB_NOT_FOUND');
    expect(await available(a)).toBe(200);
  });

  it('expires credits of a wallet idle longer than the policy, once', async () => {
    const sleeper = await insertAccount(db, 'client');
    await topUp(sleeper, 250);
    clock = new Date(clock.getTime() + 400 * 86_400_000);
    try {
      const first = await wallet.ops.expireIdleCredits({ idleDays: 365 });
      expect(first.expired).toBeGreaterThanOrEqual(1);
      expect(await available(sleeper)).toBe(0);
      expect((await wallet.ops.expireIdleCredits({ idleDays: 365 })).expired).toBe(0);
    } finally {
      clock = new Date();
    }
  });

  it('shows the holder each movement with the running balance', async () => {
    const a = await insertAccount(db, 'client');
    const b = await insertAccount(db, 'client');
    await topUp(a, 1_000);
    await wallet.ops.transfer(as(a), { fromId: a, toId: b, amountCentiCredits: 300 });
    await wallet.ops.bonus(system(), { accountId: a, amountCentiCredits: 50, reason: 'welcome' });
    const page = await walletHistory(db, a, { limit: 2 });
    expect(page.entries.map((e) => [e.leg, e.amountCentiCredits, e.balanceAfterCentiCredits])).toEqual([
      ['bonus', 50, 1_750],
      ['transfer', -300, 1_700],
    ]);
    expect(page.entries[1]?.counterparty).toBe('wallet');
    const rest = await walletHistory(db, a, { limit: 2, beforeSeq: page.nextBeforeSeq ?? undefined });
    expect(rest.entries.map((e) => [e.leg, e.balanceAfterCentiCredits])).toEqual([['top_up', 2_000]]);
    expect(rest.nextBeforeSeq).toBeNull();
  });

  it('passes the ledger check, refuses edits, and catches an edit made behind its back', async () => {
    const report = await checkLedger(db);
    expect(report.problems).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.totals.sumOfBalances).toBe(0);
    expect(report.totals.transfers).toBeGreaterThan(20);
    expect(report.totals.byKind.wallet).toBeGreaterThan(0);
    await expect(db.pool.query('UPDATE ledger_transfers SET amount = amount + 1 WHERE seq = 1')).rejects.toThrow(
      /immutable/,
    );
    await expect(db.pool.query('DELETE FROM ledger_operations')).rejects.toThrow(/immutable/);
    // A superuser can still disable the trigger; the check must notice the forged row.
    await db.pool.query('ALTER TABLE ledger_transfers DISABLE TRIGGER ledger_transfers_immutable');
    await db.pool.query(
      "UPDATE ledger_transfers SET amount = amount + 100 WHERE seq = (SELECT min(seq) FROM ledger_transfers WHERE leg = 'top_up')",
    );
    await db.pool.query('ALTER TABLE ledger_transfers ENABLE TRIGGER ledger_transfers_immutable');
    const tampered = await checkLedger(db);
    expect(tampered.ok).toBe(false);
    expect(tampered.problems.join('\n')).toMatch(/differ from its transfers/);
    expect(tampered.problems.join('\n')).toMatch(/no longer match their digest/);
  });
});
