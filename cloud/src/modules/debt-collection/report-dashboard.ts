/**
 * The creditor's dashboard (issue 26, figure 6): what is owed now and how old, what the period opened and recovered,
 * the recovery rate and DSO (shared/debt-collection/kpis.ts decides what the sums mean), promises, and twelve months
 * of new debt against recovered. One creditor's files only, a few aggregate queries (never one per file), one
 * connection at a time (PGlite has one). Money recovered is read from the files' `payment` events, which every
 * payment writes, whatever table the payment itself lives in.
 */
import {
  AppError,
  abidjanDay,
  calendarDayOrNull,
  daysFromTo,
  daysInPeriod,
  debtAgeBucket,
  debtAgeBuckets,
  dsoDays,
  recoveryRateBp,
  type DebtAgeBucket,
} from '@ismail/shared';
import type { Database } from '../../platform/db/database.js';

/** A year, leap day included: longer periods are refused (bounded work, and a year is what accountants close). */
export const reportPeriodDaysMax = 366;
const monthsShown = 12;

export interface ReportPeriod {
  readonly from: string;
  readonly to: string;
  /** `from` at 00:00 Abidjan (UTC). */
  readonly start: Date;
  /** The day after `to` at 00:00 Abidjan: the period is [start, end). */
  readonly end: Date;
  readonly days: number;
}

const dayStart = (day: string): Date => new Date(`${day}T00:00:00.000Z`);
const nextDay = (day: string): Date => new Date(dayStart(day).getTime() + 86_400_000);

/** The period asked for, or a 400 in French; without dates, the current month to today. */
export function reportPeriod(query: { from?: string | undefined; to?: string | undefined }, now: Date): ReportPeriod {
  const today = abidjanDay(now);
  const to = query.to === undefined ? today : calendarDayOrNull(query.to);
  const from = query.from === undefined ? `${(to ?? today).slice(0, 7)}-01` : calendarDayOrNull(query.from);
  if (from === null || to === null)
    throw new AppError('VALIDATION_FAILED', 'Les dates de la période s’écrivent AAAA-MM-JJ (par exemple 2027-01-31).');
  if (daysFromTo(from, to) < 0)
    throw new AppError('VALIDATION_FAILED', 'La date de début de la période doit précéder sa date de fin.');
  const days = daysInPeriod(from, to);
  if (days > reportPeriodDaysMax)
    throw new AppError('VALIDATION_FAILED', 'La période est limitée à 366 jours : choisissez une période plus courte.');
  return { from, to, start: dayStart(from), end: nextDay(to), days };
}

export interface Dashboard {
  activeFiles: number;
  outstandingXof: number;
  buckets: { bucket: DebtAgeBucket; xof: number; files: number }[];
  openingBalanceXof: number;
  newDebtXof: number;
  recoveredXof: number;
  recoveryRateBp: number;
  dsoDays: number | null;
  promises: { made: number; kept: number; broken: number };
  months: { month: string; newDebtXof: number; recoveredXof: number }[];
}

/**
 * What was left on each file opened before `at`, as of `at`: owed minus the payments before `at`, nothing once it
 * was written off before `at`. Grouped by due day (few rows), so the buckets come from the shared rule.
 */
const leftAt = `SELECT to_char(l.due_on, 'YYYY-MM-DD') AS due_on, count(*)::int AS files, sum(l.left_xof)::text AS xof
  FROM (SELECT f.due_on, f.principal_xof + f.fees_xof - coalesce(p.paid_xof, 0) AS left_xof
          FROM collection_files f
          -- One pass over the creditor's payments (a hash join), not one index probe per file.
          LEFT JOIN (SELECT e.file_id, sum(e.amount_xof) AS paid_xof
                       FROM collection_file_events e JOIN collection_files g ON g.id = e.file_id
                      WHERE g.creditor_id = $1 AND e.kind = 'payment' AND e.at < $2 GROUP BY e.file_id) p
            ON p.file_id = f.id
         WHERE f.creditor_id = $1 AND f.opened_at < $2 AND NOT (f.status = 'written_off' AND f.closed_at < $2)) l
  WHERE l.left_xof > 0
  GROUP BY l.due_on`;

async function owedAt(db: Database, creditorId: string, at: Date) {
  const { rows } = await db.pool.query<{ due_on: string; files: number; xof: string }>(leftAt, [creditorId, at]);
  return rows.map((r) => ({ dueOn: r.due_on, files: r.files, xof: Number(r.xof) }));
}

/** New debt (what files opened in [start, end) owe) and recovered (payments in it), by month of Abidjan. */
async function monthly(db: Database, creditorId: string, start: Date, end: Date) {
  const opened = await db.pool.query<{ month: string; xof: string }>(
    `SELECT to_char(opened_at AT TIME ZONE 'UTC', 'YYYY-MM') AS month, sum(principal_xof + fees_xof)::text AS xof
       FROM collection_files WHERE creditor_id = $1 AND opened_at >= $2 AND opened_at < $3 GROUP BY 1`,
    [creditorId, start, end],
  );
  const paid = await db.pool.query<{ month: string; xof: string }>(
    `SELECT to_char(e.at AT TIME ZONE 'UTC', 'YYYY-MM') AS month, sum(e.amount_xof)::text AS xof
       FROM collection_file_events e JOIN collection_files f ON f.id = e.file_id
      WHERE f.creditor_id = $1 AND e.kind = 'payment' AND e.at >= $2 AND e.at < $3 GROUP BY 1`,
    [creditorId, start, end],
  );
  const byMonth = (rows: { month: string; xof: string }[]) => new Map(rows.map((r) => [r.month, Number(r.xof)]));
  return { opened: byMonth(opened.rows), paid: byMonth(paid.rows) };
}

const sumOf = (map: Map<string, number>): number => [...map.values()].reduce((a, b) => a + b, 0);

/** The twelve months ending with `to`'s, oldest first, as `YYYY-MM` and their first instant. */
function lastMonths(to: string): { month: string; start: Date }[] {
  const year = Number(to.slice(0, 4));
  const month = Number(to.slice(5, 7)) - 1;
  return Array.from({ length: monthsShown }, (_, i) => {
    const start = new Date(Date.UTC(year, month - (monthsShown - 1) + i, 1));
    return { month: start.toISOString().slice(0, 7), start };
  });
}

export async function creditorDashboard(
  db: Database,
  creditorId: string,
  period: ReportPeriod,
  now: Date,
): Promise<Dashboard> {
  // Ages are read on the period's last day, or today when the period runs into the future.
  const today = abidjanDay(now);
  const onDay = daysFromTo(period.to, today) < 0 ? today : period.to;
  const closing = await owedAt(db, creditorId, nextDay(onDay));
  const opening = await owedAt(db, creditorId, period.start);
  const buckets = debtAgeBuckets.map((bucket) => ({ bucket, xof: 0, files: 0 }));
  for (const row of closing) {
    const b = buckets[debtAgeBuckets.indexOf(debtAgeBucket(row.dueOn, onDay))];
    if (b === undefined) throw new Error('age bucket outside the list');
    b.xof += row.xof;
    b.files += row.files;
  }
  const outstandingXof = buckets.reduce((s, b) => s + b.xof, 0);
  const openingBalanceXof = opening.reduce((s, r) => s + r.xof, 0);

  const months = lastMonths(period.to);
  const first = months[0];
  if (first === undefined) throw new Error('no month to show');
  const chartEnd = new Date(Date.UTC(Number(period.to.slice(0, 4)), Number(period.to.slice(5, 7)), 1));
  const chart = await monthly(db, creditorId, first.start, chartEnd);
  // The period's own sums (it need not fall on month boundaries): the same two queries over the period.
  const inPeriod = await monthly(db, creditorId, period.start, period.end);
  const newDebtXof = sumOf(inPeriod.opened);
  const recoveredXof = sumOf(inPeriod.paid);

  const promises = await db.pool.query<{ made: number; kept: number; broken: number }>(
    `SELECT count(*) FILTER (WHERE p.created_at >= $2 AND p.created_at < $3)::int AS made,
            count(*) FILTER (WHERE p.status = 'kept' AND p.resolved_at >= $2 AND p.resolved_at < $3)::int AS kept,
            count(*) FILTER (WHERE p.status = 'broken' AND p.resolved_at >= $2 AND p.resolved_at < $3)::int AS broken
       FROM collection_promises p JOIN collection_files f ON f.id = p.file_id
      WHERE f.creditor_id = $1 AND (p.created_at < $3 AND (p.created_at >= $2 OR p.resolved_at >= $2))`,
    [creditorId, period.start, period.end],
  );

  return {
    activeFiles: buckets.reduce((s, b) => s + b.files, 0),
    outstandingXof,
    buckets,
    openingBalanceXof,
    newDebtXof,
    recoveredXof,
    recoveryRateBp: recoveryRateBp({ recoveredXof, openingBalanceXof, newDebtXof }),
    dsoDays: dsoDays({ outstandingXof, newDebtXof, periodDays: period.days }),
    promises: promises.rows[0] ?? { made: 0, kept: 0, broken: 0 },
    months: months.map(({ month }) => ({
      month,
      newDebtXof: chart.opened.get(month) ?? 0,
      recoveredXof: chart.paid.get(month) ?? 0,
    })),
  };
}
