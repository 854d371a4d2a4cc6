/**
 * Debt recovery: for each visible creditor, the files opened in the period, what they owe, what was recovered in the
 * period (payments recorded on any of its files) and the rate. `module` does not apply (debt files are one module).
 */
import { keysetRows, sums, visibleIds, type ReportDefinition, type ReportQuery } from '../definition.js';

const grouped = (q: ReportQuery) => `
  SELECT a.id AS creditor_id, a.display_name AS creditor,
    (SELECT count(*) FROM collection_files f WHERE f.creditor_id = a.id AND f.opened_at >= $2 AND f.opened_at < $3)
      AS files,
    (SELECT coalesce(sum(f.principal_xof + f.fees_xof), 0) FROM collection_files f
      WHERE f.creditor_id = a.id AND f.opened_at >= $2 AND f.opened_at < $3) AS "owedXof",
    (SELECT coalesce(sum(e.amount_xof), 0) FROM collection_file_events e JOIN collection_files f ON f.id = e.file_id
      WHERE f.creditor_id = a.id AND e.kind = 'payment' AND e.at >= $2 AND e.at < $3) AS "recoveredXof"
  FROM accounts a
  WHERE a.id IN ${visibleIds(q.scope)} AND a.profile = 'partner' AND ($4::text IS NULL OR $4::text IS NOT NULL)
    AND EXISTS (SELECT 1 FROM collection_files f WHERE f.creditor_id = a.id)`;
const params = (q: ReportQuery) => [q.scope.viewerId, q.start, q.end, q.module] as const;

export const debtRecovery: ReportDefinition = {
  kind: 'debt_recovery',
  titleFr: 'Recouvrement',
  columns: [
    { key: 'creditor', labelFr: 'Créancier', type: 'text' },
    { key: 'files', labelFr: 'Dossiers ouverts', type: 'integer' },
    { key: 'owedXof', labelFr: 'Montant dû', type: 'xof' },
    { key: 'recoveredXof', labelFr: 'Recouvré', type: 'xof' },
    { key: 'ratePercent', labelFr: 'Taux (%)', type: 'integer' },
  ],
  count: async (db, q) => (await sums(db, `SELECT count(*) AS n FROM (${grouped(q)}) g`, params(q))).n ?? 0,
  totals: (db, q) =>
    sums(
      db,
      `SELECT coalesce(sum(g.files), 0) AS files, coalesce(sum(g."owedXof"), 0) AS "owedXof",
              coalesce(sum(g."recoveredXof"), 0) AS "recoveredXof" FROM (${grouped(q)}) g`,
      params(q),
    ),
  rows: (db, q, pageSize) =>
    keysetRows(
      db,
      debtRecovery.columns,
      `SELECT g.creditor_id AS _k0, g.*,
              CASE WHEN g."owedXof" > 0 THEN round(100.0 * g."recoveredXof" / g."owedXof") ELSE NULL END
                AS "ratePercent"
       FROM (${grouped(q)}) g`,
      params(q),
      ['uuid'],
      pageSize,
    ),
};
