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
  }>(
    `WITH me AS (SELECT id FROM ledger_accounts WHERE code = $1),
     moves AS (
       SELECT t.seq, t.created_at, t.operation_id, t.id, t.leg, t.phase,
              CASE WHEN t.credit_account_id = me.id THEN t.amount ELSE -t.amount END AS signed,
              CASE WHEN t.credit_account_id = me.id THEN t.debit_account_id ELSE t.credit_account_id END AS other
       FROM ledger_transfers t, me WHERE t.debit_account_id = me.id OR t.credit_account_id = me.id
     ), running AS (
       SELECT m.*, sum(CASE WHEN m.phase IN ('single', 'post') THEN m.signed ELSE 0 END) OVER (ORDER BY m.seq) AS balance_after FROM moves m
     )
     SELECT r.seq, r.created_at, r.operation_id, o.kind, r.id, r.leg, r.phase, r.signed, a.code AS counterparty, r.balance_after
     FROM running r JOIN ledger_operations o ON o.id = r.operation_id JOIN ledger_accounts a ON a.id = r.other
     WHERE ($2::bigint IS NULL OR r.seq < $2) AND ($4::text[] IS NULL OR o.kind = ANY($4))
       AND ($5::date IS NULL OR r.created_at >= ($5::date)::timestamp AT TIME ZONE 'UTC')
       AND ($6::date IS NULL OR r.created_at < ($6::date + 1)::timestamp AT TIME ZONE 'UTC')
     ORDER BY r.seq DESC LIMIT $3`,
    [
      `wallet:${accountId}`,
      page.beforeSeq ?? null,
      limit + 1,
      page.kinds === undefined || page.kinds.length === 0 ? null : page.kinds,
      page.fromDay ?? null,
      page.toDay ?? null,
    ],
  );
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
