/**
 * Money flows: credits into and out of the visible wallets in the period, by module and kind of movement (top-up,
 * payment, commission, withdrawal...), from the ledger's transfers. In and out are counted per wallet, so a payment
 * between two visible wallets appears on both sides.
 */
import { keysetRows, sums, visibleIds, type ReportDefinition, type ReportQuery } from '../definition.js';

const flows = (q: ReportQuery) => `
  SELECT coalesce(o.facts->>'module', 'plateforme') AS module, t.leg,
         sum(CASE WHEN cw.owner_account_id IN ${visibleIds(q.scope)} THEN t.amount ELSE 0 END) AS "inCentiCredits",
         sum(CASE WHEN dw.owner_account_id IN ${visibleIds(q.scope)} THEN t.amount ELSE 0 END) AS "outCentiCredits",
         count(*) AS movements
  FROM ledger_transfers t
  JOIN ledger_operations o ON o.id = t.operation_id
  LEFT JOIN ledger_accounts cw ON cw.id = t.credit_account_id AND cw.kind = 'wallet'
  LEFT JOIN ledger_accounts dw ON dw.id = t.debit_account_id AND dw.kind = 'wallet'
  WHERE t.phase IN ('single', 'post') AND t.created_at >= $2 AND t.created_at < $3
    AND (cw.owner_account_id IN ${visibleIds(q.scope)} OR dw.owner_account_id IN ${visibleIds(q.scope)})
    AND ($4::text IS NULL OR (o.facts->>'module') = $4::text)
  GROUP BY 1, 2`;
const params = (q: ReportQuery) => [q.scope.viewerId, q.start, q.end, q.module] as const;

export const moneyFlows: ReportDefinition = {
  kind: 'money_flows',
  titleFr: 'Flux financiers',
  columns: [
    { key: 'module', labelFr: 'Module', type: 'text' },
    { key: 'leg', labelFr: 'Mouvement', type: 'text' },
    { key: 'movements', labelFr: 'Mouvements', type: 'integer' },
    { key: 'inCentiCredits', labelFr: 'Entrées (centièmes de crédit)', type: 'integer' },
    { key: 'outCentiCredits', labelFr: 'Sorties (centièmes de crédit)', type: 'integer' },
  ],
  count: async (db, q) => (await sums(db, `SELECT count(*) AS n FROM (${flows(q)}) f`, params(q))).n ?? 0,
  totals: (db, q) =>
    sums(
      db,
      `SELECT coalesce(sum(f.movements), 0) AS movements, coalesce(sum(f."inCentiCredits"), 0) AS "inCentiCredits",
              coalesce(sum(f."outCentiCredits"), 0) AS "outCentiCredits" FROM (${flows(q)}) f`,
      params(q),
    ),
  rows: (db, q, pageSize) =>
    keysetRows(
      db,
      moneyFlows.columns,
      `SELECT f.module AS _k0, f.leg AS _k1, f.* FROM (${flows(q)}) f`,
      params(q),
      ['text', 'text'],
      pageSize,
    ),
};
