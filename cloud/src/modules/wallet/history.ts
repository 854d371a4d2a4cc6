/**
 * What a holder sees of a wallet: balances (posted, held, available) and the movements with
 * the running balance after each, newest first, a page at a time.
 */
import type { Database } from '../../platform/db/database.js';

export interface WalletBalance {
  readonly accountId: string;
  /** Credits - debits, in centi-credits. */
  readonly postedCentiCredits: number;
  /** Reserved by open holds (bookings, orders, withdrawal requests). */
  readonly heldCentiCredits: number;
  /** What can be spent now: posted minus held. */
  readonly availableCentiCredits: number;
}

export async function walletBalance(db: Database, accountId: string): Promise<WalletBalance> {
  const { rows } = await db.pool.query<{ cp: string; dp: string; dq: string }>(
    'SELECT credits_posted AS cp, debits_posted AS dp, debits_pending AS dq FROM ledger_accounts WHERE code = $1',
    [`wallet:${accountId}`],
  );
  const row = rows[0];
  const posted = row === undefined ? 0 : Number(row.cp) - Number(row.dp);
  const held = row === undefined ? 0 : Number(row.dq);
  return { accountId, postedCentiCredits: posted, heldCentiCredits: held, availableCentiCredits: posted - held };
}

/**
 * The balance with what it is worth at the holder's country's current rate, in one statement
 * (a read route's queries are most of its cost: bench/read-routes.mjs). Same answers as
 * `walletBalance` then `creditRateAt` (cloud/test/wallet-balance-route.test.ts compares them).
 */
export async function walletBalanceWithRate(
  db: Database,
  accountId: string,
  at: Date = new Date(),
): Promise<WalletBalance & { country: string; xofPerCredit: number | null }> {
  const { rows } = await db.pool.query<{
    cp: string | null;
    dp: string | null;
    dq: string | null;
    country: string;
    rate: number | null;
  }>(
    `SELECT l.credits_posted AS cp, l.debits_posted AS dp, l.debits_pending AS dq, a.country,
            (SELECT r.xof_per_credit FROM credit_rates r WHERE r.country = a.country AND r.effective_from <= $2
              ORDER BY r.effective_from DESC LIMIT 1) AS rate
     FROM accounts a LEFT JOIN ledger_accounts l ON l.code = 'wallet:' || a.id::text WHERE a.id = $1`,
    [accountId, at],
  );
  const row = rows[0];
  const posted = row?.cp == null ? 0 : Number(row.cp) - Number(row.dp);
  const held = row?.dq == null ? 0 : Number(row.dq);
  return {
    accountId,
    postedCentiCredits: posted,
    heldCentiCredits: held,
    availableCentiCredits: posted - held,
    country: row?.country ?? 'CI',
    xofPerCredit: row?.rate ?? null,
  };
}

export interface HistoryEntry {
  readonly seq: number;
  readonly at: string;
  readonly operationId: string;
  readonly operationKind: string;
  readonly transferId: string;
  readonly leg: string;
  readonly phase: string;
  /** Signed: positive into the wallet, negative out of it. */
  readonly amountCentiCredits: number;
  readonly counterparty: string;
  /** Posted balance after this movement (a hold changes the available balance only). */
  readonly balanceAfterCentiCredits: number;
}

export const historyPageMax = 200;

/**
 * One side of a history page (the wallet debited, or credited), newest first, filtered, with its own LIMIT: the
 * page's lines are among each side's first ones (walletHistory says why that LIMIT matters).
 */
function pageSide(wallet: 'debit' | 'credit'): string {
  const [signed, other] = wallet === 'debit' ? ['-t.amount', 'credit'] : ['t.amount', 'debit'];
  return `(SELECT t.seq, t.created_at, t.operation_id, t.id, t.leg, t.phase, ${signed} AS signed,
               t.${other}_account_id AS other, o.kind
          FROM ledger_transfers t JOIN ledger_operations o ON o.id = t.operation_id
         WHERE t.${wallet}_account_id = (SELECT id FROM ledger_accounts WHERE code = $1)
           AND t.seq < coalesce($2::bigint, 9223372036854775807)
           AND ($4::text[] IS NULL OR o.kind = ANY($4))
           AND ($5::date IS NULL OR t.created_at >= ($5::date)::timestamp AT TIME ZONE 'UTC')
           AND ($6::date IS NULL OR t.created_at < ($6::date + 1)::timestamp AT TIME ZONE 'UTC')
         ORDER BY t.seq DESC LIMIT $3)`;
}
/** Built once: the named statement's text is the same on every call. */
const pageSides = `${pageSide('debit')}
       UNION ALL
       ${pageSide('credit')}`;

/**
 * What the holder narrows the list to: operation kinds, and a range of days (UTC, Abidjan's time) with both ends
 * included. The running balance is the wallet's, computed before filtering: a filtered line shows the true balance.
 */
export interface HistoryFilter {
  readonly kinds?: readonly string[] | undefined;
  readonly fromDay?: string | undefined;
  readonly toDay?: string | undefined;
}

export async function walletHistory(
  db: Database,
  accountId: string,
  page: { limit: number; beforeSeq?: number | undefined } & HistoryFilter,
): Promise<{ entries: HistoryEntry[]; nextBeforeSeq: number | null }> {
  const limit = Math.min(Math.max(1, page.limit), historyPageMax);
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
    balance_after: string;
  }>({
    // Named, so each connection plans it once: its planning cost more than running it (about 0.6-0.9 ms against
    // 0.4), and the generic plan is the one wanted (both sides' indexes read backwards, whatever the account).
    // Behind PgBouncer this needs its prepared-statement support (README, "Running at scale"). The cursor is a
    // coalesce, not "$2 IS NULL OR seq < $2": a generic plan can start each index scan at it (deep pages stay cheap).
    name: 'wallet-history',
    // The page first, newest first, from the two (account, seq) indexes merged in order, stopping
    // once the page is full; then each line's balance from the wallet's posted total minus what
    // was posted after it, which for the newest pages reads only the page's own span. (Summing
    // the whole history forward before cutting a page made the route ~30x slower than a bare
    // query on a wallet of a few thousand movements: bench/read-routes.mjs.)
    // The account id is a scalar (an init plan), not a join: each (account, seq) index is then
    // read backwards in seq order. Each side carries the filters and its own LIMIT: the page's
    // lines are among each side's first ones. Without that LIMIT the planner, estimating the
    // unknown account's share of rows from an average, read and sorted a busy wallet's whole
    // side (4,001 rows, 7 ms for a page of 20; 0.4 ms with it: bench/read-routes.mjs).
    text: `WITH me AS (SELECT id, credits_posted - debits_posted AS posted FROM ledger_accounts WHERE code = $1),
     mine AS (
       ${pageSides}
     ), page AS (
       SELECT * FROM mine ORDER BY seq DESC LIMIT $3
     ), since AS (
       -- Every movement of the wallet from the page's oldest line on (a filtered page may skip
       -- some: the balance is the wallet's, not the filter's); holds and releases move nothing posted.
       (SELECT t.seq, CASE WHEN t.phase IN ('single', 'post') THEN -t.amount ELSE 0 END AS posted
          FROM ledger_transfers t
         WHERE t.debit_account_id = (SELECT id FROM ledger_accounts WHERE code = $1) AND t.seq >= (SELECT min(seq) FROM page))
       UNION ALL
       (SELECT t.seq, CASE WHEN t.phase IN ('single', 'post') THEN t.amount ELSE 0 END AS posted
          FROM ledger_transfers t
         WHERE t.credit_account_id = (SELECT id FROM ledger_accounts WHERE code = $1) AND t.seq >= (SELECT min(seq) FROM page))
     ), later AS (
       SELECT s.seq, coalesce(sum(s.posted) OVER (ORDER BY s.seq DESC ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS posted_after
         FROM since s
     )
     SELECT p.seq, p.created_at, p.operation_id, p.kind, p.id, p.leg, p.phase, p.signed, a.code AS counterparty,
            me.posted - l.posted_after AS balance_after
     FROM page p JOIN later l ON l.seq = p.seq JOIN ledger_accounts a ON a.id = p.other, me
     ORDER BY p.seq DESC`,
    values: [
      `wallet:${accountId}`,
      page.beforeSeq ?? null,
      limit + 1,
      page.kinds === undefined || page.kinds.length === 0 ? null : page.kinds,
      page.fromDay ?? null,
      page.toDay ?? null,
    ],
  });
  const entries = rows.slice(0, limit).map((r) => ({
    seq: Number(r.seq),
    at: r.created_at.toISOString(),
    operationId: r.operation_id,
    operationKind: r.kind,
    transferId: r.id,
    leg: r.leg,
    phase: r.phase,
    amountCentiCredits: Number(r.signed),
    // Another person's wallet is named by role only: the holder sees that it was a transfer, not whose.
    counterparty: r.counterparty.startsWith('wallet:') ? 'wallet' : r.counterparty,
    balanceAfterCentiCredits: Number(r.balance_after),
  }));
  const last = entries[entries.length - 1];
  return { entries, nextBeforeSeq: rows.length > limit && last !== undefined ? last.seq : null };
}
