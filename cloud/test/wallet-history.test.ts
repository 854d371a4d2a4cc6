/**
 * A wallet's history pages (history.ts) against an oracle: the running balance summed forward
 * over every transfer of the wallet, as the first version of the query did. The query now
 * takes a page first and gives each line the posted total minus what was posted after it;
 * these must agree line for line on a wallet with top-ups, payments out and in, holds that are
 * captured (in part) or released, over every page size, through keyset paging, and with kind
 * and day filters (a filtered line still shows the wallet's own balance).
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/platform/db/database.js';
import { ledgerAccount } from '../src/modules/wallet/ledger-accounts.js';
import { requestHash, type Ledger } from '../src/modules/wallet/ledger.js';
import type { Leg, LedgerCommand } from '../src/modules/wallet/ledger-types.js';
import { walletHistory, type HistoryEntry } from '../src/modules/wallet/history.js';
import { testBackends } from './support/databases.js';
import { insertAccount, walletStack } from './support/wallet-fixtures.js';

function command(kind: string, legs: Leg[]): LedgerCommand {
  const key = randomUUID();
  return { scope: 'history-test', idempotencyKey: key, requestHash: requestHash(kind, { key }), kind, legs };
}

/** Every line of the wallet, newest first, with the balance summed forward over all its transfers. */
async function oracle(db: Database, accountId: string): Promise<(HistoryEntry & { day: string })[]> {
  const { rows } = await db.pool.query<{
    seq: string;
    created_at: Date;
    operation_id: string;
    kind: string;
    id: string;
    leg: string;
    phase: string;
    signed: string;
    counterparty: string;
  }>(
    `WITH me AS (SELECT id FROM ledger_accounts WHERE code = $1)
     SELECT t.seq, t.created_at, t.operation_id, o.kind, t.id, t.leg, t.phase,
            CASE WHEN t.credit_account_id = me.id THEN t.amount ELSE -t.amount END AS signed,
            a.code AS counterparty
     FROM ledger_transfers t JOIN me ON t.debit_account_id = me.id OR t.credit_account_id = me.id
     JOIN ledger_operations o ON o.id = t.operation_id
     JOIN ledger_accounts a ON a.id = CASE WHEN t.credit_account_id = me.id THEN t.debit_account_id ELSE t.credit_account_id END
     ORDER BY t.seq`,
    [`wallet:${accountId}`],
  );
  let balance = 0;
  const lines = rows.map((r) => {
    if (r.phase === 'single' || r.phase === 'post') balance += Number(r.signed);
    return {
      seq: Number(r.seq),
      at: r.created_at.toISOString(),
      day: r.created_at.toISOString().slice(0, 10),
      operationId: r.operation_id,
      operationKind: r.kind,
      transferId: r.id,
      leg: r.leg,
      phase: r.phase,
      amountCentiCredits: Number(r.signed),
      counterparty: r.counterparty.startsWith('wallet:') ? 'wallet' : r.counterparty,
      balanceAfterCentiCredits: balance,
    };
  });
  return lines.reverse();
}

describe.each(testBackends)('wallet history pages on $name', (backend) => {
  let db: Database;
  let ledger: Ledger;
  let holder = '';

  beforeAll(async () => {
    db = await backend.open();
    ledger = (await walletStack(db)).ledger;
    holder = await insertAccount(db, 'client');
    const other = await insertAccount(db, 'client');
    const wallet = ledgerAccount.wallet(holder);
    const clearing = ledgerAccount.mobileMoneyClearing('history-test');
    await ledger.submit(
      command('buy_credits_mobile_money', [
        { type: 'transfer', debit: clearing, credit: ledgerAccount.wallet(other), amount: 1_000_000, leg: 'top_up' },
      ]),
    );
    await ledger.submit(
      command('buy_credits_mobile_money', [
        { type: 'transfer', debit: clearing, credit: wallet, amount: 100_000, leg: 'top_up' },
      ]),
    );
    // 120 operations of five kinds, in a fixed mix (no randomness: a failure replays the same).
    for (let i = 0; i < 120; i++) {
      const amount = 100 + ((i * 37) % 900);
      const legs: Leg[][] = [
        [{ type: 'transfer', debit: clearing, credit: wallet, amount: amount * 3, leg: 'top_up' }],
        [{ type: 'transfer', debit: wallet, credit: ledgerAccount.wallet(other), amount, leg: 'transfer' }],
        [{ type: 'transfer', debit: ledgerAccount.wallet(other), credit: wallet, amount: amount + 1, leg: 'transfer' }],
      ];
      const kinds = ['buy_credits_mobile_money', 'transfer', 'transfer_in'];
      if (i % 5 < 3) {
        await ledger.submit(command(kinds[i % 5] ?? 'transfer', legs[i % 5] ?? []));
        continue;
      }
      // A hold, then captured in part (i % 5 === 3) or released (4).
      const held = await ledger.submit(
        command('hold', [
          {
            type: 'transfer',
            debit: wallet,
            credit: ledgerAccount.wallet(other),
            amount,
            leg: 'hold',
            pendingTimeoutAt: new Date(Date.now() + 3_600_000),
            holdPurpose: 'generic',
          },
        ]),
      );
      const pendingId = held.result.transfers[0]?.id ?? '';
      await ledger.submit(
        command(i % 5 === 3 ? 'capture' : 'release', [
          i % 5 === 3
            ? { type: 'post', pendingId, purpose: 'generic', amount: amount - 50, leg: 'capture' }
            : { type: 'void', pendingId, purpose: 'generic', leg: 'release' },
        ]),
      );
    }
  }, 180_000);
  afterAll(async () => {
    await db?.close();
  });

  it('gives every line the balance the whole history gives it, at every page size and through paging', async () => {
    const all = await oracle(db, holder);
    expect(all.length).toBe(169);
    const strip = ({ day: _day, ...line }: HistoryEntry & { day: string }): HistoryEntry => line;
    for (const limit of [1, 7, 50, 200]) {
      const seen: HistoryEntry[] = [];
      let beforeSeq: number | undefined;
      for (;;) {
        const page = await walletHistory(db, holder, { limit, beforeSeq });
        seen.push(...page.entries);
        if (page.nextBeforeSeq === null) break;
        beforeSeq = page.nextBeforeSeq;
      }
      expect(seen).toEqual(all.map(strip));
    }
  });

  it('keeps the wallet’s own balance on lines a kind or day filter picks', async () => {
    const all = await oracle(db, holder);
    const strip = ({ day: _day, ...line }: HistoryEntry & { day: string }): HistoryEntry => line;
    for (const kinds of [['capture'], ['transfer_in', 'release']]) {
      const page = await walletHistory(db, holder, { limit: 200, kinds });
      expect(page.entries).toEqual(all.filter((l) => kinds.includes(l.operationKind)).map(strip));
    }
    const day = all[0]?.day ?? '';
    const today = await walletHistory(db, holder, { limit: 200, fromDay: day, toDay: day, kinds: ['capture'] });
    expect(today.entries).toEqual(all.filter((l) => l.day === day && l.operationKind === 'capture').map(strip));
  });
});
