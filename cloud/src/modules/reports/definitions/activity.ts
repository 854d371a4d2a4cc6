/**
 * Activity: for each visible partner, sales rep and agency chief, what happened in the period: sales received (count
 * and amount), credits consumed on the platform, commissions earned. Accounts with no activity at all are left out.
 */
import { keysetRows, sums, visibleIds, type ReportDefinition, type ReportQuery } from '../definition.js';

const activity = (q: ReportQuery) => `
  SELECT x.* FROM (
    SELECT a.id AS account_id, a.display_name AS account, a.profile,
      (SELECT count(*) FROM ledger_transfers t JOIN ledger_accounts w ON w.id = t.credit_account_id
        JOIN ledger_operations o ON o.id = t.operation_id
        WHERE w.kind = 'wallet' AND w.owner_account_id = a.id AND t.leg IN ('payment', 'capture')
          AND t.phase IN ('single', 'post') AND t.created_at >= $2 AND t.created_at < $3
          AND ($4::text IS NULL OR (o.facts->>'module') = $4::text)) AS sales,
      (SELECT coalesce(sum(t.amount), 0) FROM ledger_transfers t JOIN ledger_accounts w ON w.id = t.credit_account_id
        JOIN ledger_operations o ON o.id = t.operation_id
        WHERE w.kind = 'wallet' AND w.owner_account_id = a.id AND t.leg IN ('payment', 'capture')
          AND t.phase IN ('single', 'post') AND t.created_at >= $2 AND t.created_at < $3
          AND ($4::text IS NULL OR (o.facts->>'module') = $4::text)) AS "salesCentiCredits",
      (SELECT coalesce(sum(c.amount), 0) FROM credit_consumptions c WHERE c.consumer_account_id = a.id
          AND c.at >= $2 AND c.at < $3 AND ($4::text IS NULL OR c.module = $4::text)) AS "consumedCentiCredits",
      (SELECT coalesce(sum(ca.amount), 0) FROM commission_accruals ca WHERE ca.beneficiary_id = a.id
          AND ca.at >= $2 AND ca.at < $3 AND ($4::text IS NULL OR ca.module = $4::text)) AS "commissionsCentiCredits"
    FROM accounts a
    WHERE a.id IN ${visibleIds(q.scope)} AND a.profile IN ('partner', 'sales_rep', 'agency_chief')
  ) x WHERE x.sales > 0 OR x."consumedCentiCredits" > 0 OR x."commissionsCentiCredits" > 0`;
const params = (q: ReportQuery) => [q.scope.viewerId, q.start, q.end, q.module] as const;

export const activityReport: ReportDefinition = {
  kind: 'activity',
  titleFr: 'Activité des partenaires et commerciaux',
  columns: [
    { key: 'account', labelFr: 'Compte', type: 'text' },
    { key: 'profile', labelFr: 'Profil', type: 'text' },
    { key: 'sales', labelFr: 'Ventes', type: 'integer' },
    { key: 'salesCentiCredits', labelFr: 'Ventes (centièmes de crédit)', type: 'integer' },
    { key: 'consumedCentiCredits', labelFr: 'Consommation (centièmes de crédit)', type: 'integer' },
    { key: 'commissionsCentiCredits', labelFr: 'Commissions (centièmes de crédit)', type: 'integer' },
  ],
  count: async (db, q) => (await sums(db, `SELECT count(*) AS n FROM (${activity(q)}) y`, params(q))).n ?? 0,
  totals: (db, q) =>
    sums(
      db,
      `SELECT coalesce(sum(y.sales), 0) AS sales, coalesce(sum(y."salesCentiCredits"), 0) AS "salesCentiCredits",
              coalesce(sum(y."consumedCentiCredits"), 0) AS "consumedCentiCredits",
              coalesce(sum(y."commissionsCentiCredits"), 0) AS "commissionsCentiCredits"
       FROM (${activity(q)}) y`,
      params(q),
    ),
  rows: (db, q, pageSize) =>
    keysetRows(
      db,
      activityReport.columns,
      `SELECT y.account_id AS _k0, y.* FROM (${activity(q)}) y`,
      params(q),
      ['uuid'],
      pageSize,
    ),
};
