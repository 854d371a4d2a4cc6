/**
 * The monthly tax report (SPEC 3.7, 3.14): for an issuer and a month, the totals per tax
 * group of every issued document, credit notes subtracted: what the issuer declares. Read
 * from the stored totals of issued documents, never recomputed, so a later rate change
 * cannot alter a past month.
 */
import type { Database } from '../../platform/db/database.js';
import { periodBounds } from '../wallet/commission-runs.js';

export interface TaxReportLine {
  readonly taxGroup: string;
  readonly rateBp: number;
  readonly netXof: number;
  readonly taxXof: number;
  readonly grossXof: number;
}

export interface TaxReport {
  readonly issuerAccountId: string;
  readonly period: string;
  readonly invoices: number;
  readonly creditNotes: number;
  readonly groups: readonly TaxReportLine[];
  readonly netXof: number;
  readonly taxXof: number;
  readonly grossXof: number;
}

export async function monthlyTaxReport(db: Database, issuerAccountId: string, period: string): Promise<TaxReport> {
  const { from, to } = periodBounds(period);
  const { rows } = await db.pool.query<{ tax_group: string; rate_bp: number; net: string; tax: string; gross: string }>(
    `SELECT g->>'taxGroup' AS tax_group, (g->>'rateBp')::int AS rate_bp,
            sum(CASE WHEN i.kind = 'credit_note' THEN -1 ELSE 1 END * (g->>'netXof')::bigint) AS net,
            sum(CASE WHEN i.kind = 'credit_note' THEN -1 ELSE 1 END * (g->>'taxXof')::bigint) AS tax,
            sum(CASE WHEN i.kind = 'credit_note' THEN -1 ELSE 1 END * (g->>'grossXof')::bigint) AS gross
     FROM invoices i CROSS JOIN LATERAL jsonb_array_elements(i.totals->'groups') AS g
     WHERE i.issuer_account_id = $1 AND i.status = 'issued' AND i.issued_at >= $2 AND i.issued_at < $3
     GROUP BY 1, 2 ORDER BY 1`,
    [issuerAccountId, from, to],
  );
  const counts = await db.pool.query<{ kind: string; n: string }>(
    "SELECT kind, count(*) AS n FROM invoices WHERE issuer_account_id = $1 AND status = 'issued' AND issued_at >= $2 AND issued_at < $3 GROUP BY kind",
    [issuerAccountId, from, to],
  );
  const groups = rows.map((r) => ({
    taxGroup: r.tax_group,
    rateBp: r.rate_bp,
    netXof: Number(r.net),
    taxXof: Number(r.tax),
    grossXof: Number(r.gross),
  }));
  return {
    issuerAccountId,
    period,
    invoices: Number(counts.rows.find((c) => c.kind === 'invoice')?.n ?? 0),
    creditNotes: Number(counts.rows.find((c) => c.kind === 'credit_note')?.n ?? 0),
    groups,
    netXof: groups.reduce((s, g) => s + g.netXof, 0),
    taxXof: groups.reduce((s, g) => s + g.taxXof, 0),
    grossXof: groups.reduce((s, g) => s + g.grossXof, 0),
  };
}
