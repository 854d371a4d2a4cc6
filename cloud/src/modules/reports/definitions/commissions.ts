/**
 * Commissions: what sales reps and team leads earned on their partners' consumption in the period, by partner and
 * beneficiary, paid (the month's commission statement was paid out) or pending. Visible when the beneficiary or the
 * partner is in the viewer's scope (a rep sees its own, a partner what its consumption earned its rep).
 */
import { keysetRows, sums, visibleIds, type ReportDefinition, type ReportQuery } from '../definition.js';

const grouped = (q: ReportQuery) => `
  SELECT c.consumer_account_id AS partner_id, ca.beneficiary_id, ca.role,
         CASE WHEN s.operation_id IS NOT NULL THEN 'payée' ELSE 'en attente' END AS status,
         count(*) AS accruals, sum(ca.amount) AS "amountCentiCredits"
  FROM commission_accruals ca
  JOIN credit_consumptions c ON c.operation_id = ca.operation_id
  LEFT JOIN commission_statements s
    ON s.beneficiary_id = ca.beneficiary_id AND s.period = to_char(ca.at AT TIME ZONE 'Africa/Abidjan', 'YYYY-MM')
  WHERE ca.at >= $2 AND ca.at < $3 AND ($4::text IS NULL OR ca.module = $4::text)
    AND (ca.beneficiary_id IN ${visibleIds(q.scope)} OR c.consumer_account_id IN ${visibleIds(q.scope)})
  GROUP BY 1, 2, 3, 4`;
const params = (q: ReportQuery) => [q.scope.viewerId, q.start, q.end, q.module] as const;

export const commissions: ReportDefinition = {
  kind: 'commissions',
  titleFr: 'Commissions',
  columns: [
    { key: 'partner', labelFr: 'Partenaire', type: 'text' },
    { key: 'beneficiary', labelFr: 'Bénéficiaire', type: 'text' },
    { key: 'role', labelFr: 'Rôle', type: 'text' },
    { key: 'status', labelFr: 'Statut', type: 'text' },
    { key: 'accruals', labelFr: 'Opérations', type: 'integer' },
    { key: 'amountCentiCredits', labelFr: 'Montant (centièmes de crédit)', type: 'integer' },
  ],
  count: async (db, q) => (await sums(db, `SELECT count(*) AS n FROM (${grouped(q)}) g`, params(q))).n ?? 0,
  totals: (db, q) =>
    sums(
      db,
      `SELECT coalesce(sum(g."amountCentiCredits"), 0) AS "amountCentiCredits",
              coalesce(sum(g."amountCentiCredits") FILTER (WHERE g.status = 'payée'), 0) AS "paidCentiCredits",
              coalesce(sum(g."amountCentiCredits") FILTER (WHERE g.status <> 'payée'), 0) AS "pendingCentiCredits"
       FROM (${grouped(q)}) g`,
      params(q),
    ),
  rows: (db, q, pageSize) =>
    keysetRows(
      db,
      commissions.columns,
      `SELECT g.partner_id AS _k0, g.beneficiary_id AS _k1, g.role AS _k2, g.status AS _k3,
              p.display_name AS partner, b.display_name AS beneficiary, g.role, g.status, g.accruals,
              g."amountCentiCredits"
       FROM (${grouped(q)}) g JOIN accounts p ON p.id = g.partner_id JOIN accounts b ON b.id = g.beneficiary_id`,
      params(q),
      ['uuid', 'uuid', 'text', 'text'],
      pageSize,
    ),
};
