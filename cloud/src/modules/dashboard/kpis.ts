/**
 * The figures of each professional dashboard, scoped as SPEC 3.4 scopes reads: a partner (or its staff) its own
 * business, a sales rep its partners, an agency chief its team, admins everything. Every figure reads a read model
 * (dashboard_sales_days, kept by the invoices' trigger) or a count over a covering index of migration 0039: a
 * partner with a year of 100,000 sales is answered from about 366 day rows (bench/partner-dashboard.mjs).
 */
import type { Database } from '../../platform/db/database.js';
import { walletBalance } from '../wallet/history.js';
import type { DashboardKind } from './widgets.js';

export type TileUnit = 'xof' | 'count' | 'centi_credits' | 'ok';
export interface Tile {
  readonly key: string;
  readonly value: number;
  readonly unit: TileUnit;
  readonly at?: string;
}
export interface Point {
  readonly label: string;
  readonly value: number;
}
export interface Alert {
  readonly key: string;
  readonly count: number;
  readonly link: string;
}
export interface WidgetData {
  readonly widget: string;
  readonly tiles: Tile[];
  readonly series?: { readonly unit: TileUnit; readonly points: Point[] };
  readonly alerts?: Alert[];
}

const dayMs = 86_400_000;
const isoDay = (d: Date): string => d.toISOString().slice(0, 10);
const isoMonth = (d: Date): string => d.toISOString().slice(0, 7);

/** The last 366 days, oldest first, so a year ago today is on the curve. */
function yearOfDays(now: Date): string[] {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  return Array.from({ length: 366 }, (_, i) => isoDay(new Date(today - (365 - i) * dayMs)));
}

/** The last 12 months, oldest first ("2026-01"). */
function yearOfMonths(now: Date): string[] {
  return Array.from({ length: 12 }, (_, i) =>
    isoMonth(new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - (11 - i), 1))),
  );
}

function monthStart(now: Date): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
}

async function partnerWidgets(db: Database, owner: string, now: Date): Promise<WidgetData[]> {
  const days = yearOfDays(now);
  const [sales, pending, balance, lowStock, consumption] = await Promise.all([
    db.pool.query<{ day: string; sales: number; amount_xof: string }>(
      `SELECT to_char(day, 'YYYY-MM-DD') AS day, sales, amount_xof FROM dashboard_sales_days
       WHERE issuer_account_id = $1 AND day >= $2::date AND day <= $3::date`,
      [owner, days[0], days.at(-1)],
    ),
    db.pool.query<{ orders: string; bookings: string }>(
      `SELECT (SELECT count(*) FROM shop_orders WHERE partner_id = $1 AND status IN ('pending', 'confirmed')) AS orders,
              (SELECT count(*) FROM booking_reservations
               WHERE partner_id = $1 AND status IN ('held', 'confirmed') AND check_in >= $2::date) AS bookings`,
      [owner, days.at(-1)],
    ),
    walletBalance(db, owner),
    db.pool.query<{ n: string }>(
      `SELECT count(*) AS n FROM shop_products p JOIN shop_stock s ON s.product_id = p.id
       WHERE p.partner_id = $1 AND p.active AND s.quantity <= s.low_threshold`,
      [owner],
    ),
    db.pool.query<{ module: string; amount: string }>(
      `SELECT module, sum(amount) AS amount FROM credit_consumptions
       WHERE consumer_account_id = $1 AND at >= $2 GROUP BY module ORDER BY module`,
      [owner, new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 11, 1))],
    ),
  ]);
  const byDay = new Map(sales.rows.map((r) => [r.day, Number(r.amount_xof)]));
  const points = days.map((label) => ({ label, value: byDay.get(label) ?? 0 }));
  const sum = (from: string): number => points.filter((p) => p.label >= from).reduce((s, p) => s + p.value, 0);
  // The week starts on Monday, the month on its first day.
  const weekStart = isoDay(new Date(Date.parse(days.at(-1) ?? '') - ((now.getUTCDay() + 6) % 7) * dayMs));
  const orders = Number(pending.rows[0]?.orders ?? 0);
  const bookings = Number(pending.rows[0]?.bookings ?? 0);
  const low = Number(lowStock.rows[0]?.n ?? 0);
  const alerts: Alert[] = [
    { key: 'orders_waiting', count: orders, link: '/business' },
    { key: 'low_stock', count: low, link: '/catalog' },
    { key: 'credits_low', count: balance.availableCentiCredits < 100_00 ? 1 : 0, link: '/wallet' },
  ];
  return [
    {
      widget: 'sales',
      tiles: [
        { key: 'today', value: sum(days.at(-1) ?? ''), unit: 'xof' },
        { key: 'week', value: sum(weekStart), unit: 'xof' },
        { key: 'month', value: sum(isoDay(monthStart(now))), unit: 'xof' },
      ],
    },
    {
      widget: 'pending',
      tiles: [
        { key: 'orders', value: orders, unit: 'count' },
        { key: 'bookings', value: bookings, unit: 'count' },
      ],
    },
    { widget: 'credits', tiles: [{ key: 'available', value: balance.availableCentiCredits, unit: 'centi_credits' }] },
    { widget: 'low_stock', tiles: [{ key: 'products', value: low, unit: 'count' }] },
    {
      widget: 'sales_chart',
      tiles: [{ key: 'year', value: sum(days[0] ?? ''), unit: 'xof' }],
      series: { unit: 'xof', points },
    },
    {
      widget: 'consumption_chart',
      tiles: [],
      series: {
        unit: 'centi_credits',
        points: consumption.rows.map((r) => ({ label: r.module, value: Number(r.amount) })),
      },
    },
    { widget: 'alerts', tiles: [], alerts: alerts.filter((a) => a.count > 0) },
  ];
}

async function commissionsByMonth(db: Database, beneficiaries: string[], now: Date): Promise<Point[]> {
  const months = yearOfMonths(now);
  const { rows } = await db.pool.query<{ month: string; amount: string }>(
    `SELECT to_char(at AT TIME ZONE 'UTC', 'YYYY-MM') AS month, sum(amount) AS amount FROM commission_accruals
     WHERE beneficiary_id = ANY($1::uuid[]) AND at >= $2 AND at < $3 GROUP BY 1`,
    [beneficiaries, new Date(`${months[0] ?? ''}-01T00:00:00Z`), new Date(now.getTime() + dayMs)],
  );
  const byMonth = new Map(rows.map((r) => [r.month, Number(r.amount)]));
  return months.map((label) => ({ label, value: byMonth.get(label) ?? 0 }));
}

async function salesRepWidgets(db: Database, me: string, now: Date): Promise<WidgetData[]> {
  const [counts, chart] = await Promise.all([
    db.pool.query<{ partners: string; quiet: string; due: string }>(
      `SELECT (SELECT count(*) FROM accounts WHERE sales_rep_id = $1 AND staff_of IS NULL) AS partners,
              (SELECT count(*) FROM accounts a WHERE a.sales_rep_id = $1 AND a.staff_of IS NULL AND NOT EXISTS (
                 SELECT 1 FROM dashboard_sales_days d WHERE d.issuer_account_id = a.id AND d.day >= $2::date)) AS quiet,
              (SELECT coalesce(sum(amount), 0) FROM commission_accruals WHERE beneficiary_id = $1 AND at >= coalesce(
                 (SELECT (max(period) || '-01')::date + interval '1 month' FROM commission_statements
                  WHERE beneficiary_id = $1), '-infinity'::timestamptz)) AS due`,
      [me, isoDay(new Date(now.getTime() - 30 * dayMs))],
    ),
    commissionsByMonth(db, [me], now),
  ]);
  const row = counts.rows[0];
  const quiet = Number(row?.quiet ?? 0);
  return [
    { widget: 'partners', tiles: [{ key: 'attached', value: Number(row?.partners ?? 0), unit: 'count' }] },
    { widget: 'commissions_due', tiles: [{ key: 'due', value: Number(row?.due ?? 0), unit: 'centi_credits' }] },
    { widget: 'commissions_chart', tiles: [], series: { unit: 'centi_credits', points: chart } },
    {
      widget: 'alerts',
      tiles: [],
      alerts: quiet > 0 ? [{ key: 'partners_quiet', count: quiet, link: '/business' }] : [],
    },
  ];
}

async function agencyChiefWidgets(db: Database, me: string, now: Date): Promise<WidgetData[]> {
  const team = await db.pool.query<{ id: string }>(
    "SELECT id FROM accounts WHERE supervisor_id = $1 AND profile = 'sales_rep'",
    [me],
  );
  const reps = team.rows.map((r) => r.id);
  const since = monthStart(now);
  const [activity, chart] = await Promise.all([
    db.pool.query<{ partners: string; consumed: string; commissions: string }>(
      `SELECT (SELECT count(*) FROM accounts WHERE sales_rep_id = ANY($1::uuid[]) AND staff_of IS NULL) AS partners,
              (SELECT coalesce(sum(amount), 0) FROM credit_consumptions
               WHERE sales_rep_id = ANY($1::uuid[]) AND at >= $2) AS consumed,
              (SELECT coalesce(sum(amount), 0) FROM commission_accruals
               WHERE beneficiary_id = ANY($1::uuid[]) AND at >= $2) AS commissions`,
      [reps, since],
    ),
    commissionsByMonth(db, [...reps, me], now),
  ]);
  const row = activity.rows[0];
  const partners = Number(row?.partners ?? 0);
  return [
    {
      widget: 'team',
      tiles: [
        { key: 'sales_reps', value: reps.length, unit: 'count' },
        { key: 'partners', value: partners, unit: 'count' },
      ],
    },
    {
      widget: 'team_activity',
      tiles: [
        { key: 'consumed_month', value: Number(row?.consumed ?? 0), unit: 'centi_credits' },
        { key: 'commissions_month', value: Number(row?.commissions ?? 0), unit: 'centi_credits' },
      ],
    },
    { widget: 'commissions_chart', tiles: [], series: { unit: 'centi_credits', points: chart } },
    {
      widget: 'alerts',
      tiles: [],
      alerts: reps.length === 0 ? [{ key: 'team_empty', count: 1, link: '/business' }] : [],
    },
  ];
}

/** A hub not heard from for this long is out of sync. */
export const hubSilenceMs = 60 * 60_000;

async function adminWidgets(db: Database, now: Date): Promise<WidgetData[]> {
  const { rows } = await db.pool.query<{
    kyc: string;
    hubs: string;
    ok: boolean | null;
    problems: number | null;
    at: Date | null;
  }>(
    `SELECT (SELECT count(*) FROM kyc_cases WHERE state = 'in_review') AS kyc,
            (SELECT count(*) FROM hubs WHERE status = 'active' AND (last_seen_at IS NULL OR last_seen_at < $1)) AS hubs,
            c.ok, c.problems, c.checked_at AS at
     FROM (SELECT 1) AS one LEFT JOIN LATERAL (
       SELECT ok, problems, checked_at FROM dashboard_ledger_checks ORDER BY id DESC LIMIT 1) AS c ON true`,
    [new Date(now.getTime() - hubSilenceMs)],
  );
  const row = rows[0];
  const kyc = Number(row?.kyc ?? 0);
  const hubs = Number(row?.hubs ?? 0);
  const checked = row?.at ?? null;
  const ledgerBad = row?.ok === false;
  return [
    { widget: 'kyc_pending', tiles: [{ key: 'cases', value: kyc, unit: 'count' }] },
    { widget: 'hubs_out_of_sync', tiles: [{ key: 'hubs', value: hubs, unit: 'count' }] },
    {
      widget: 'ledger_check',
      tiles:
        checked === null
          ? [{ key: 'not_run', value: 0, unit: 'count' }]
          : [
              { key: 'result', value: row?.ok === true ? 1 : 0, unit: 'ok', at: checked.toISOString() },
              { key: 'problems', value: row?.problems ?? 0, unit: 'count' },
            ],
    },
    {
      widget: 'alerts',
      tiles: [],
      alerts: [
        { key: 'kyc_waiting', count: kyc, link: '/admin' },
        { key: 'hubs_silent', count: hubs, link: '/admin' },
        { key: 'ledger_problems', count: ledgerBad ? (row?.problems ?? 1) : 0, link: '/admin' },
      ].filter((a) => a.count > 0),
    },
  ];
}

/** `subject`: whose data (the partner for its staff, the caller otherwise). */
export async function dashboardWidgets(
  db: Database,
  kind: DashboardKind,
  subject: string,
  now: Date,
): Promise<WidgetData[]> {
  switch (kind) {
    case 'partner':
      return partnerWidgets(db, subject, now);
    case 'sales_rep':
      return salesRepWidgets(db, subject, now);
    case 'agency_chief':
      return agencyChiefWidgets(db, subject, now);
    case 'admin':
      return adminWidgets(db, now);
  }
}
