/**
 * Invoices and taxes: every document issued by a visible account in the period (credit notes negative, as in the
 * monthly tax report), its net, VAT and total in FCFA from the stored totals (never recomputed), and its clearance.
 */
import { keysetRows, sums, visibleIds, type ReportDefinition, type ReportQuery } from '../definition.js';

const sign = `CASE WHEN i.kind = 'credit_note' THEN -1 ELSE 1 END`;
const from = (q: ReportQuery) => `
  FROM invoices i JOIN accounts a ON a.id = i.issuer_account_id
  WHERE i.status = 'issued' AND i.issuer_account_id IN ${visibleIds(q.scope)}
    AND i.issued_at >= $2 AND i.issued_at < $3 AND ($4::text IS NULL OR i.source = $4::text)`;
const params = (q: ReportQuery) => [q.scope.viewerId, q.start, q.end, q.module] as const;

export const invoicesTaxes: ReportDefinition = {
  kind: 'invoices_taxes',
  titleFr: 'Factures et taxes',
  columns: [
    { key: 'date', labelFr: 'Date', type: 'date' },
    { key: 'number', labelFr: 'Numéro', type: 'text' },
    { key: 'issuer', labelFr: 'Émetteur', type: 'text' },
    { key: 'kind', labelFr: 'Type', type: 'text' },
    { key: 'netXof', labelFr: 'Hors taxes', type: 'xof' },
    { key: 'taxXof', labelFr: 'TVA', type: 'xof' },
    { key: 'grossXof', labelFr: 'TTC', type: 'xof' },
    { key: 'clearance', labelFr: 'Certification', type: 'text' },
  ],
  count: async (db, q) => (await sums(db, `SELECT count(*) AS n ${from(q)}`, params(q))).n ?? 0,
  totals: (db, q) =>
    sums(
      db,
      `SELECT count(*) AS documents, coalesce(sum(${sign} * (i.totals->>'netXof')::bigint), 0) AS "netXof",
              coalesce(sum(${sign} * (i.totals->>'taxXof')::bigint), 0) AS "taxXof",
              coalesce(sum(${sign} * (i.totals->>'grossXof')::bigint), 0) AS "grossXof" ${from(q)}`,
      params(q),
    ),
  rows: (db, q, pageSize) =>
    keysetRows(
      db,
      invoicesTaxes.columns,
      `SELECT to_char(i.issued_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US') AS _k0, i.id AS _k1,
              to_char(i.issued_at AT TIME ZONE 'Africa/Abidjan', 'YYYY-MM-DD') AS date, i.number,
              a.display_name AS issuer, CASE WHEN i.kind = 'credit_note' THEN 'avoir' ELSE 'facture' END AS kind,
              ${sign} * (i.totals->>'netXof')::bigint AS "netXof", ${sign} * (i.totals->>'taxXof')::bigint AS "taxXof",
              ${sign} * (i.totals->>'grossXof')::bigint AS "grossXof", i.clearance_status AS clearance ${from(q)}`,
      params(q),
      ['text', 'uuid'],
      pageSize,
    ),
};
