/**
 * Wallet balances: each visible account's wallet at the end of the period, rebuilt from the ledger's transfers up to
 * that instant (posted movements; holds still pending are not spent), so a past period shows its own balances.
 */
import { keysetRows, sums, visibleIds, type ReportDefinition, type ReportQuery } from '../definition.js';

const balances = (q: ReportQuery) => `
  SELECT a.id AS account_id, a.display_name AS account, a.profile,
         coalesce((SELECT sum(t.amount) FROM ledger_transfers t WHERE t.credit_account_id = w.id
                     AND t.phase IN ('single', 'post') AND t.created_at < $3), 0)
       - coalesce((SELECT sum(t.amount) FROM ledger_transfers t WHERE t.debit_account_id = w.id
                     AND t.phase IN ('single', 'post') AND t.created_at < $3), 0) AS "balanceCentiCredits"
  FROM ledger_accounts w JOIN accounts a ON a.id = w.owner_account_id
  WHERE w.kind = 'wallet' AND a.id IN ${visibleIds(q.scope)} AND $2::timestamptz IS NOT NULL
    AND ($4::text IS NULL OR $4::text IS NOT NULL)`;
const params = (q: ReportQuery) => [q.scope.viewerId, q.start, q.end, q.module] as const;

export const walletBalances: ReportDefinition = {
  kind: 'wallet_balances',
  titleFr: 'Soldes des portefeuilles',
  columns: [
    { key: 'account', labelFr: 'Compte', type: 'text' },
    { key: 'profile', labelFr: 'Profil', type: 'text' },
    { key: 'balanceCentiCredits', labelFr: 'Solde en fin de période (centièmes de crédit)', type: 'integer' },
  ],
  count: async (db, q) => (await sums(db, `SELECT count(*) AS n FROM (${balances(q)}) b`, params(q))).n ?? 0,
  totals: (db, q) =>
    sums(
      db,
      `SELECT count(*) AS wallets, coalesce(sum(b."balanceCentiCredits"), 0) AS "balanceCentiCredits"
       FROM (${balances(q)}) b`,
      params(q),
    ),
  rows: (db, q, pageSize) =>
    keysetRows(
      db,
      walletBalances.columns,
      `SELECT b.account_id AS _k0, b.* FROM (${balances(q)}) b`,
      params(q),
      ['uuid'],
      pageSize,
    ),
};
