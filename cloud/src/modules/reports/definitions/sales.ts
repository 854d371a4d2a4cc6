/**
 * Sales: every payment into a visible partner's wallet in the period (a wallet payment, or a sale's hold captured), one
 * line each with its module and day. Its total is, by construction, the ledger's movements into those wallets for the
 * sale legs: the acceptance test checks it against its own query on `ledger_transfers`.
 */
import type { Database } from '../../../platform/db/database.js';
import { keysetRows, sums, visibleIds, type ReportDefinition, type ReportQuery } from '../definition.js';

/** The legs that are a sale credited to the seller (wallet/operations.ts: `pay`, `hubWalletPayment`, `settleSale`). */
export const saleLegs = ['payment', 'capture'] as const;

const from = (q: ReportQuery) => `
  FROM ledger_transfers t
  JOIN ledger_accounts la ON la.id = t.credit_account_id AND la.kind = 'wallet'
  JOIN accounts p ON p.id = la.owner_account_id AND p.profile = 'partner'
  JOIN ledger_operations o ON o.id = t.operation_id
  WHERE la.owner_account_id IN ${visibleIds(q.scope)}
    AND t.leg IN ('payment', 'capture') AND t.phase IN ('single', 'post')
    AND t.created_at >= $2 AND t.created_at < $3
    AND ($4::text IS NULL OR (o.facts->>'module') = $4::text)`;
const params = (q: ReportQuery) => [q.scope.viewerId, q.start, q.end, q.module] as const;

export const sales: ReportDefinition = {
  kind: 'sales',
  titleFr: 'Ventes',
  columns: [
    { key: 'date', labelFr: 'Date', type: 'date' },
    { key: 'partner', labelFr: 'Partenaire', type: 'text' },
    { key: 'module', labelFr: 'Module', type: 'text' },
    { key: 'operation', labelFr: 'Opération', type: 'text' },
    { key: 'amountCentiCredits', labelFr: 'Montant (centièmes de crédit)', type: 'integer' },
  ],
  count: async (db: Database, q) => (await sums(db, `SELECT count(*) AS n ${from(q)}`, params(q))).n ?? 0,
  totals: (db, q) =>
    sums(db, `SELECT count(*) AS "sales", coalesce(sum(t.amount), 0) AS "amountCentiCredits" ${from(q)}`, params(q)),
  rows: (db, q, pageSize) =>
    keysetRows(
      db,
      sales.columns,
      `SELECT t.credit_account_id AS _k0, t.seq AS _k1, to_char(t.created_at AT TIME ZONE 'Africa/Abidjan', 'YYYY-MM-DD') AS date,
              p.display_name AS partner, coalesce(o.facts->>'module', '—') AS module, o.kind AS operation,
              t.amount AS "amountCentiCredits" ${from(q)}`,
      params(q),
      ['bigint', 'bigint'],
      pageSize,
    ),
};
