/**
 * Saved reports sent on a schedule: the rows of `report_schedules` (0060_reports.sql) as the API shows them, created
 * with their first run computed in their own time zone, deleted (kept, marked) only by their account.
 */
import { randomUUID } from 'node:crypto';
import { Type, type Static } from '@sinclair/typebox';
import { AppError } from '@ismail/shared';
import { appendAudit } from '../../platform/audit/audit-log.js';
import type { Database } from '../../platform/db/database.js';
import { withTransaction } from '../../platform/db/transaction.js';
import { reportFormats, reportKinds, type ReportFormat, type ReportKind } from './definition.js';
import { nextRunAfter, validZone, type Frequency } from './period.js';

const Nullable = <T extends ReturnType<typeof Type.Integer> | ReturnType<typeof Type.String>>(t: T) =>
  Type.Union([t, Type.Null()]);
export const ScheduleSchema = Type.Object({
  id: Type.String(),
  kind: Type.Union(reportKinds.map((k) => Type.Literal(k))),
  format: Type.Union(reportFormats.map((f) => Type.Literal(f))),
  frequency: Type.Union([Type.Literal('daily'), Type.Literal('weekly'), Type.Literal('monthly')]),
  timeZone: Type.String(),
  hour: Type.Integer(),
  weekday: Nullable(Type.Integer()),
  monthDay: Nullable(Type.Integer()),
  delivery: Type.Union([Type.Literal('attachment'), Type.Literal('link')]),
  module: Nullable(Type.String()),
  nextRunAt: Type.String(),
  lastSentAt: Nullable(Type.String()),
  lastPeriod: Nullable(Type.String()),
});
export type Schedule = Static<typeof ScheduleSchema>;

export interface ScheduleRow {
  id: string;
  account_id: string;
  kind: ReportKind;
  format: ReportFormat;
  frequency: Frequency;
  time_zone: string;
  hour: number;
  weekday: number | null;
  month_day: number | null;
  delivery: 'attachment' | 'link';
  module: string | null;
  next_run_at: Date;
  last_sent_at?: Date | null;
  last_period?: string | null;
}

export const timingOf = (row: ScheduleRow) => ({
  frequency: row.frequency,
  timeZone: row.time_zone,
  hour: row.hour,
  weekday: row.weekday,
  monthDay: row.month_day,
});

const view = (row: ScheduleRow): Schedule => ({
  id: row.id,
  kind: row.kind,
  format: row.format,
  frequency: row.frequency,
  timeZone: row.time_zone,
  hour: row.hour,
  weekday: row.weekday,
  monthDay: row.month_day,
  delivery: row.delivery,
  module: row.module,
  nextRunAt: row.next_run_at.toISOString(),
  lastSentAt: row.last_sent_at?.toISOString() ?? null,
  lastPeriod: row.last_period ?? null,
});

const selectWithLast = `SELECT s.*, l.sent_at AS last_sent_at,
    CASE WHEN l.period_start IS NULL THEN NULL ELSE l.period_start::text || '/' || l.period_end::text END AS last_period
  FROM report_schedules s
  LEFT JOIN LATERAL (SELECT r.period_start, r.period_end, r.sent_at FROM report_sends r
    WHERE r.schedule_id = s.id AND r.status = 'sent' ORDER BY r.period_start DESC LIMIT 1) l ON true`;

export async function listSchedules(db: Database, accountId: string): Promise<Schedule[]> {
  const { rows } = await db.pool.query<ScheduleRow>(
    `${selectWithLast} WHERE s.account_id = $1 AND s.deleted_at IS NULL ORDER BY s.created_at DESC LIMIT 100`,
    [accountId],
  );
  return rows.map(view);
}

export interface NewSchedule {
  readonly kind: ReportKind;
  readonly format: ReportFormat;
  readonly frequency: Frequency;
  readonly timeZone?: string | undefined;
  readonly hour: number;
  readonly weekday?: number | undefined;
  readonly monthDay?: number | undefined;
  readonly delivery: 'attachment' | 'link';
  readonly module?: string | undefined;
}

export const schedulesPerAccountMax = 20;

export async function createSchedule(
  db: Database,
  accountId: string,
  input: NewSchedule,
  now: Date,
  place: string,
): Promise<Schedule> {
  const timeZone = input.timeZone ?? 'Africa/Abidjan';
  if (!validZone(timeZone))
    throw new AppError('VALIDATION_FAILED', 'Fuseau horaire inconnu : utilisez un nom IANA comme Africa/Abidjan.');
  const weekday = input.frequency === 'weekly' ? (input.weekday ?? null) : null;
  const monthDay = input.frequency === 'monthly' ? (input.monthDay ?? null) : null;
  if (input.frequency === 'weekly' && weekday === null)
    throw new AppError('VALIDATION_FAILED', 'Un envoi hebdomadaire demande le jour de la semaine (1 = lundi … 7).');
  if (input.frequency === 'monthly' && monthDay === null)
    throw new AppError('VALIDATION_FAILED', 'Un envoi mensuel demande le jour du mois (1 à 28).');
  const timing = { frequency: input.frequency, timeZone, hour: input.hour, weekday, monthDay };
  const id = randomUUID();
  const row = await withTransaction(db.pool, async (client) => {
    // The account's row locked: two creations at once cannot both pass the cap.
    await client.query('SELECT 1 FROM accounts WHERE id = $1 FOR UPDATE', [accountId]);
    const { rows: n } = await client.query<{ n: string }>(
      'SELECT count(*) AS n FROM report_schedules WHERE account_id = $1 AND deleted_at IS NULL',
      [accountId],
    );
    if (Number(n[0]?.n ?? 0) >= schedulesPerAccountMax)
      throw new AppError('CONFLICT', `Vous avez déjà ${String(schedulesPerAccountMax)} envois programmés.`);
    const { rows } = await client.query<ScheduleRow>(
      `INSERT INTO report_schedules (id, account_id, kind, format, frequency, time_zone, hour, weekday, month_day,
         delivery, module, next_run_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING *`,
      [
        id,
        accountId,
        input.kind,
        input.format,
        input.frequency,
        timeZone,
        input.hour,
        weekday,
        monthDay,
        input.delivery,
        input.module ?? null,
        nextRunAfter(timing, now),
      ],
    );
    await appendAudit(client, {
      actor: { accountId, label: accountId },
      action: 'report.schedule_created',
      subject: { type: 'report_schedule', id },
      place,
      detail: { kind: input.kind, format: input.format, frequency: input.frequency, delivery: input.delivery },
    });
    return rows[0] as ScheduleRow;
  });
  return view(row);
}

export async function deleteSchedule(db: Database, accountId: string, id: string, place: string): Promise<void> {
  await withTransaction(db.pool, async (client) => {
    const { rowCount } = await client.query(
      `UPDATE report_schedules SET deleted_at = now() WHERE id = $1 AND account_id = $2 AND deleted_at IS NULL`,
      [id, accountId],
    );
    // Another account's schedule answers as a missing one: no hint that it exists.
    if (rowCount !== 1) throw new AppError('NOT_FOUND', 'Aucun envoi programmé de ce nom.');
    await appendAudit(client, {
      actor: { accountId, label: accountId },
      action: 'report.schedule_deleted',
      subject: { type: 'report_schedule', id },
      place,
      detail: {},
    });
  });
}
