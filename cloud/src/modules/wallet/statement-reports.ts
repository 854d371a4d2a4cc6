/**
 * A sales rep's side of the commissions (issue 23): the partners attached to them with each one's activity, their
 * monthly statements (one line per commission the ledger accrued to them, the total the sum of those lines), the
 * statement as CSV for a spreadsheet, and what a month would have paid at a proposed rate. Months are calendar months
 * in UTC, which is Africa/Abidjan's time. Read-only: the ledger stays the only writer.
 */
import type pg from 'pg';
import { AppError, percentOf } from '@ismail/shared';
import { neutraliseFormula } from '../invoicing/render/csv.js';
import { periodBounds } from './commission-runs.js';

/** Statements listed: two years of months. */
export const statementMonthsShown = 24;
/** A month's lines, bounded (the existing statement route reads as many). */
export const statementLinesMax = 10_000;

export interface RepPartner {
  readonly id: string;
  readonly displayName: string;
  readonly ismailId: string | null;
  readonly ordersThisMonth: number;
  readonly salesThisMonthXof: number;
  readonly commissionThisMonthCentiCredits: number;
  readonly lastActivityAt: string | null;
}

const monthOf = (now: Date): string =>
  `${String(now.getUTCFullYear())}-${String(now.getUTCMonth() + 1).padStart(2, '0')}`;

/** The rep's partners, most active this month first: online sales, commissions they earned the rep, last activity. */
export async function repPartners(pool: pg.Pool, repId: string, now = new Date()): Promise<RepPartner[]> {
  const { from, to } = periodBounds(monthOf(now));
  const { rows } = await pool.query<{
    id: string;
    display_name: string;
    ismail_id: string | null;
    orders: number;
    sales_xof: string;
    commission: string;
    last_at: Date | null;
  }>(
    `SELECT p.id, p.display_name, p.ismail_id,
       (SELECT count(*)::int FROM shop_orders o WHERE o.partner_id = p.id AND o.created_at >= $2 AND o.created_at < $3
          AND o.status IN ('confirmed', 'shipped', 'delivered')) AS orders,
       (SELECT coalesce(sum(o.total_xof), 0) FROM shop_orders o WHERE o.partner_id = p.id AND o.created_at >= $2
          AND o.created_at < $3 AND o.status IN ('confirmed', 'shipped', 'delivered')) AS sales_xof,
       (SELECT coalesce(sum(c.amount), 0) FROM commission_accruals c JOIN credit_consumptions k ON k.operation_id = c.operation_id
          WHERE c.beneficiary_id = $1 AND k.consumer_account_id = p.id AND c.at >= $2 AND c.at < $3) AS commission,
       greatest(
         (SELECT max(o.updated_at) FROM shop_orders o WHERE o.partner_id = p.id),
         (SELECT max(k.at) FROM credit_consumptions k WHERE k.consumer_account_id = p.id),
         (SELECT max(i.issued_at) FROM invoices i WHERE i.issuer_account_id = p.id)) AS last_at
     FROM accounts p WHERE p.sales_rep_id = $1 AND p.profile = 'partner'
     ORDER BY sales_xof DESC, p.display_name, p.id LIMIT 500`,
    [repId, from, to],
  );
  return rows.map((r) => ({
    id: r.id,
    displayName: r.display_name,
    ismailId: r.ismail_id,
    ordersThisMonth: r.orders,
    salesThisMonthXof: Number(r.sales_xof),
    commissionThisMonthCentiCredits: Number(r.commission),
    lastActivityAt: r.last_at?.toISOString() ?? null,
  }));
}

export interface StatementMonth {
  readonly period: string;
  readonly lines: number;
  readonly totalCentiCredits: number;
  readonly paidCentiCredits: number | null;
}

/** The months the rep earned something in, newest first, with the payout when it happened. */
export async function statementMonths(pool: pg.Pool, repId: string): Promise<StatementMonth[]> {
  const { rows } = await pool.query<{ period: string; lines: number; total: string; paid: string | null }>(
    `SELECT m.period, m.lines, m.total, s.paid FROM (
       SELECT to_char(c.at AT TIME ZONE 'UTC', 'YYYY-MM') AS period, count(*)::int AS lines, sum(c.amount) AS total
       FROM commission_accruals c WHERE c.beneficiary_id = $1 GROUP BY 1) m
     LEFT JOIN commission_statements s ON s.beneficiary_id = $1 AND s.period = m.period
     ORDER BY m.period DESC LIMIT $2`,
    [repId, statementMonthsShown],
  );
  return rows.map((r) => ({
    period: r.period,
    lines: r.lines,
    totalCentiCredits: Number(r.total),
    paidCentiCredits: r.paid === null ? null : Number(r.paid),
  }));
}

export interface StatementLine {
  readonly at: string;
  readonly transferId: string;
  readonly partnerName: string | null;
  readonly module: string;
  readonly role: string;
  readonly level: string;
  readonly rateBp: number;
  /** What the commission was taken on (null when the ledger recorded no consumption for it). */
  readonly baseCentiCredits: number | null;
  readonly amountCentiCredits: number;
}

export interface RepStatement {
  readonly period: string;
  readonly lines: StatementLine[];
  /** Always the sum of the lines' amounts. */
  readonly totalCentiCredits: number;
  readonly paidCentiCredits: number | null;
}

/** One month of the rep's commissions, line by line, from the ledger's accruals. */
export async function repStatement(pool: pg.Pool, repId: string, period: string): Promise<RepStatement> {
  const { from, to } = periodBounds(period);
  const { rows } = await pool.query<{
    at: Date;
    transfer_id: string;
    partner_name: string | null;
    module: string;
    role: string;
    level: string;
    rate_bp: number;
    base: string | null;
    amount: string;
  }>(
    `SELECT c.at, c.transfer_id, coalesce(p.display_name, s.partner_name) AS partner_name, c.module, c.role, c.level,
       c.rate_bp, coalesce(k.amount, s.amount) AS base, c.amount
     FROM commission_accruals c
     LEFT JOIN credit_consumptions k ON k.operation_id = c.operation_id
     LEFT JOIN accounts p ON p.id = k.consumer_account_id
     -- A sale (shop order, booking): the commission is taken on the platform's commission the partner paid.
     LEFT JOIN LATERAL (
       SELECT a.display_name AS partner_name, t.amount FROM ledger_transfers t
       JOIN ledger_accounts la ON la.id = t.debit_account_id JOIN accounts a ON a.id = la.owner_account_id
       WHERE k.operation_id IS NULL AND t.operation_id = c.operation_id AND t.leg = 'platform_commission' LIMIT 1
     ) s ON true
     WHERE c.beneficiary_id = $1 AND c.at >= $2 AND c.at < $3 ORDER BY c.at, c.transfer_id LIMIT $4`,
    [repId, from, to, statementLinesMax + 1],
  );
  if (rows.length > statementLinesMax) throw new AppError('VALIDATION_FAILED', 'Trop de lignes pour un relevé.');
  const paid = await pool.query<{ paid: string }>(
    'SELECT paid FROM commission_statements WHERE beneficiary_id = $1 AND period = $2',
    [repId, period],
  );
  const lines = rows.map((r) => ({
    at: r.at.toISOString(),
    transferId: r.transfer_id,
    partnerName: r.partner_name,
    module: r.module,
    role: r.role,
    level: r.level,
    rateBp: r.rate_bp,
    baseCentiCredits: r.base === null ? null : Number(r.base),
    amountCentiCredits: Number(r.amount),
  }));
  const paidRow = paid.rows[0];
  return {
    period,
    lines,
    totalCentiCredits: lines.reduce((sum, l) => sum + l.amountCentiCredits, 0),
    paidCentiCredits: paidRow === undefined ? null : Number(paidRow.paid),
  };
}

const cell = (value: string | number): string => {
  const text = typeof value === 'number' ? String(value) : neutraliseFormula(value);
  return /[";\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};
/** Centi-credits as credits with two decimals and a comma: what a French spreadsheet sums. */
const credits = (centi: number): string => (centi / 100).toFixed(2).replace('.', ',');

/** The statement as the invoices' CSV is written: BOM, semicolons, dd/mm/yyyy, a total row equal to the lines' sum. */
export function statementCsv(statement: RepStatement): Buffer {
  const header = ['date', 'partenaire', 'module', 'role', 'niveau', 'taux_pct', 'base_credits', 'commission_credits'];
  const rows = statement.lines.map((l) => [
    `${l.at.slice(8, 10)}/${l.at.slice(5, 7)}/${l.at.slice(0, 4)}`,
    l.partnerName ?? '',
    l.module,
    l.role,
    l.level,
    (l.rateBp / 100).toString().replace('.', ','),
    l.baseCentiCredits === null ? '' : credits(l.baseCentiCredits),
    credits(l.amountCentiCredits),
  ]);
  rows.push(['total', '', '', '', '', '', '', credits(statement.totalCentiCredits)]);
  const text = [header, ...rows].map((r) => r.map(cell).join(';')).join('\r\n');
  return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(`${text}\r\n`, 'utf8')]);
}

export interface RateSimulation {
  readonly period: string;
  readonly proposedRateBp: number;
  readonly lines: number;
  readonly actualCentiCredits: number;
  readonly simulatedCentiCredits: number;
}

/**
 * What the month's sales-rep commissions would have paid at `proposedRateBp`, on the same consumptions (a team
 * lead's override lines keep their actual amount). Nothing is written.
 */
export async function simulateRepRate(
  pool: pg.Pool,
  repId: string,
  period: string,
  proposedRateBp: number | undefined,
): Promise<RateSimulation> {
  const statement = await repStatement(pool, repId, period);
  let simulated = 0;
  for (const line of statement.lines)
    simulated +=
      line.role === 'sales_rep' && line.baseCentiCredits !== null
        ? percentOf(line.baseCentiCredits, proposedRateBp ?? line.rateBp)
        : line.amountCentiCredits;
  return {
    period,
    proposedRateBp: proposedRateBp ?? statement.lines.find((l) => l.role === 'sales_rep')?.rateBp ?? 0,
    lines: statement.lines.length,
    actualCentiCredits: statement.totalCentiCredits,
    simulatedCentiCredits: simulated,
  };
}
