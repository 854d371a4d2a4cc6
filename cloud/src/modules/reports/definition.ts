/**
 * What a report is: columns, a row count (the progress bar's estimate), totals, and rows read in keyset pages of at
 * most 1,000 (never a whole result in memory, never a connection held between pages: PGlite has only one). Each kind
 * is one file in `definitions/`, SQL over the records the cloud trusts (the ledger, invoices, commissions, debt files),
 * filtered by the viewer's scope (`ReportScope`), never by anything a caller says about whose figures they are.
 */
import type { Database } from '../../platform/db/database.js';

export const reportKinds = [
  'sales',
  'money_flows',
  'commissions',
  'wallet_balances',
  'activity',
  'invoices_taxes',
  'debt_recovery',
] as const;
export type ReportKind = (typeof reportKinds)[number];
export const reportFormats = ['csv', 'xlsx', 'pdf'] as const;
export type ReportFormat = (typeof reportFormats)[number];

export type ColumnType = 'text' | 'xof' | 'integer' | 'date';
export interface ReportColumn {
  readonly key: string;
  readonly labelFr: string;
  readonly type: ColumnType;
}
export type ReportRow = Record<string, string | number | null>;

/**
 * Whose figures: a SQL condition on `accounts a` (identity/visibility.ts: partner and its staff, a rep's partners, a
 * chief's team, everything) with its one parameter, the viewer's account.
 */
export interface ReportScope {
  readonly condition: string;
  readonly viewerId: string;
}

/** What one run reads: the scope, the period as instants [start, end), the module filter. */
export interface ReportQuery {
  readonly scope: ReportScope;
  readonly start: Date;
  readonly end: Date;
  readonly module: string | null;
}

export interface ReportDefinition {
  readonly kind: ReportKind;
  readonly titleFr: string;
  readonly columns: readonly ReportColumn[];
  count(db: Database, query: ReportQuery): Promise<number>;
  totals(db: Database, query: ReportQuery): Promise<Record<string, number>>;
  rows(db: Database, query: ReportQuery, pageSize?: number): AsyncIterable<ReportRow>;
}

export const pageSizeMax = 1000;

/**
 * The visible accounts as a sub-select; `$1` is always the viewer. The scope condition is written for `accounts a`.
 */
export const visibleIds = (scope: ReportScope): string => `(SELECT a.id FROM accounts a WHERE ${scope.condition})`;

/** A key's SQL type; a timestamp goes as fixed-width text (a JS Date would lose its microseconds and repeat rows). */
export type KeyType = 'bigint' | 'text' | 'uuid';

/**
 * Keyset pages over a base query whose rows carry `_k0`, `_k1`… (together unique, in the order of `keys`): each page is
 * its own query, so memory holds one page and no connection stays taken between pages. The first page has no key
 * condition and the next ones a plain row comparison, so that PostgreSQL flattens the base query and walks an index in
 * that order, stopping at the page's end (a `$n IS NULL OR …` condition would sort the whole rest at every page).
 * `params` start at `$1` = viewer.
 */
export async function* keysetRows(
  db: Database,
  columns: readonly ReportColumn[],
  base: string,
  params: readonly unknown[],
  keys: readonly KeyType[],
  pageSize = pageSizeMax,
): AsyncIterable<ReportRow> {
  const size = Math.min(Math.max(1, pageSize), pageSizeMax);
  const keyColumns = keys.map((_, i) => `page._k${String(i)}`).join(', ');
  const keyParams = keys.map((type, i) => `$${String(params.length + 2 + i)}::${type}`).join(', ');
  const limit = `$${String(params.length + 1)}`;
  let after: unknown[] | null = null;
  for (;;) {
    const condition = after === null ? '' : `WHERE (${keyColumns}) > (${keyParams})`;
    const result: { rows: Record<string, unknown>[] } = await db.pool.query(
      `SELECT * FROM (${base}) page ${condition} ORDER BY ${keyColumns} LIMIT ${limit}`,
      [...params, size, ...(after ?? [])],
    );
    for (const row of result.rows) yield typed(row, columns);
    const last = result.rows.at(-1);
    if (result.rows.length < size || last === undefined) return;
    after = keys.map((_, i) => last[`_k${String(i)}`]);
  }
}

/** PostgreSQL's bigint and numeric arrive as strings: amounts and counts become numbers (safe integers). */
export function typed(row: Record<string, unknown>, columns: readonly ReportColumn[]): ReportRow {
  const out: ReportRow = {};
  for (const { key, type } of columns) {
    const v = row[key];
    if (v === null || v === undefined) out[key] = null;
    else if (type === 'xof' || type === 'integer') out[key] = Number(v);
    else if (v instanceof Date) out[key] = v.toISOString();
    else out[key] = typeof v === 'string' ? v : JSON.stringify(v);
  }
  return out;
}

/** One aggregate query's first row, as numbers (0 for a missing sum). */
export async function sums(db: Database, sql: string, params: readonly unknown[]): Promise<Record<string, number>> {
  const { rows } = await db.pool.query<Record<string, string | number | null>>(sql, [...params]);
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(rows[0] ?? {})) out[k] = v === null ? 0 : Number(v);
  return out;
}
