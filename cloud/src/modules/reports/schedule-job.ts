/**
 * The `reports.schedules` job: each due schedule sends its previous complete period (in its own time zone) to its
 * account's e-mail, with the file attached (≤ 5 MB) or a signed link. Once per period: the `report_sends` row for
 * (schedule, period) is claimed in its own committed transaction before anything is sent, so a second run racing
 * this one, or a run after a crash, finds it and sends nothing; only a send that failed before the mail went ('failed')
 * is claimed again by a later run.
 */
import { AppError } from '@ismail/shared';
import { appendAudit } from '../../platform/audit/audit-log.js';
import type { Database } from '../../platform/db/database.js';
import { withTransaction } from '../../platform/db/transaction.js';
import type { Documents } from '../../platform/documents/types.js';
import type { DeliveryChannel } from '../notifications/channel.js';
import { reportDefinitions } from './definitions/index.js';
import { nextRunAfter, previousPeriod, type Period } from './period.js';
import { contentTypes, renderReport, reportFilename } from './render.js';
import { timingOf, type ScheduleRow } from './schedules.js';
import { reportScopeOf, scheduledPrincipal } from './scope.js';

export const attachmentBytesMax = 5 * 1024 * 1024;
const linkTtlMs = 60 * 60_000;
const duePerRun = 20;

export interface SchedulerDeps {
  readonly db: Database;
  readonly documents: () => Documents;
  readonly email: DeliveryChannel | undefined;
  readonly publicUrl: string;
  readonly now: () => Date;
  readonly onError?: (error: unknown, scheduleId: string) => void;
}

async function streamToBuffer(body: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of body) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
  return Buffer.concat(chunks);
}

export class ReportScheduler {
  constructor(private readonly deps: SchedulerDeps) {}

  /** Sends what is due now; returns how many periods were sent by this run. */
  async runOnce(): Promise<number> {
    const { db } = this.deps;
    const at = this.deps.now();
    const { rows } = await db.pool.query<ScheduleRow>(
      `SELECT * FROM report_schedules WHERE deleted_at IS NULL AND next_run_at <= $1 ORDER BY next_run_at LIMIT $2`,
      [at, duePerRun],
    );
    let sent = 0;
    for (const schedule of rows) {
      try {
        if (await this.runSchedule(schedule, at)) sent += 1;
      } catch (error) {
        this.deps.onError?.(error, schedule.id);
      }
    }
    return sent;
  }

  private async runSchedule(schedule: ScheduleRow, at: Date): Promise<boolean> {
    const { db } = this.deps;
    const period = previousPeriod(timingOf(schedule), at);
    const next = nextRunAfter(timingOf(schedule), at);
    // The claim: a new row, or a failed one taken again; a row 'sending' or 'sent' is left alone.
    const { rows: claimed } = await db.pool.query(
      `INSERT INTO report_sends (schedule_id, period_start, period_end, status, claimed_at)
       VALUES ($1, $2, $3, 'sending', $4)
       ON CONFLICT (schedule_id, period_start) DO UPDATE
         SET status = 'sending', attempts = report_sends.attempts + 1, claimed_at = $4, error = NULL
         WHERE report_sends.status = 'failed'
       RETURNING schedule_id`,
      [schedule.id, period.from, period.to, at],
    );
    if (claimed.length === 0) {
      await this.advance(schedule.id, next);
      return false;
    }
    try {
      const documentId = await this.send(schedule, period);
      await withTransaction(db.pool, async (client) => {
        await client.query(
          `UPDATE report_sends SET status = 'sent', sent_at = $3, document_id = $4
           WHERE schedule_id = $1 AND period_start = $2`,
          [schedule.id, period.from, at, documentId],
        );
        await client.query('UPDATE report_schedules SET next_run_at = $2 WHERE id = $1', [schedule.id, next]);
        await appendAudit(client, {
          actor: { label: 'system' },
          action: 'report.schedule_sent',
          subject: { type: 'report_schedule', id: schedule.id },
          place: 'cloud',
          detail: { kind: schedule.kind, from: period.from, to: period.to, delivery: schedule.delivery },
        });
      });
      return true;
    } catch (error) {
      // Nothing went (the mail server or the report refused): a later run claims the failed row again.
      await db.pool.query(
        `UPDATE report_sends SET status = 'failed', error = $3 WHERE schedule_id = $1 AND period_start = $2`,
        [schedule.id, period.from, (error instanceof Error ? error.message : String(error)).slice(0, 500)],
      );
      throw error;
    }
  }

  private advance = (scheduleId: string, next: Date) =>
    this.deps.db.pool.query('UPDATE report_schedules SET next_run_at = $2 WHERE id = $1 AND next_run_at < $2', [
      scheduleId,
      next,
    ]);

  /** Renders into the document store, then mails it; resolves with the stored document's id. */
  private async send(schedule: ScheduleRow, period: Period): Promise<string> {
    const { db, email } = this.deps;
    if (email === undefined) throw new AppError('CONFLICT', "L'envoi d'e-mails n'est pas configuré sur ce serveur.");
    const { rows } = await db.pool.query<{ email: string | null }>('SELECT email FROM accounts WHERE id = $1', [
      schedule.account_id,
    ]);
    const to = rows[0]?.email ?? null;
    if (to === null) throw new AppError('CONFLICT', "Ce compte n'a pas d'adresse e-mail.");
    const principal = await scheduledPrincipal(db, schedule.account_id);
    if (principal === null) throw new AppError('FORBIDDEN', 'Ce compte ne peut plus recevoir de rapport.');
    const definition = reportDefinitions[schedule.kind];
    const query = { scope: reportScopeOf(principal), start: period.start, end: period.end, module: schedule.module };
    const filename = reportFilename({ definition, period, format: schedule.format });
    const { store, links } = this.deps.documents();
    const stored = await store.put(
      { kind: 'export', ownerAccountId: schedule.account_id, filename, contentType: contentTypes[schedule.format] },
      renderReport({ db, definition, query, period, format: schedule.format }),
    );
    const attach = schedule.delivery === 'attachment' && stored.sizeBytes <= attachmentBytesMax;
    const opened = attach ? await store.open(stored.id) : null;
    const content = opened === null ? null : await streamToBuffer(opened.body);
    const link = `${this.deps.publicUrl}${links.sign({ documentId: stored.id, viewerAccountId: schedule.account_id, ttlMs: linkTtlMs })}`;
    const subject = `ISMAIL — ${definition.titleFr} du ${period.from} au ${period.to}`;
    const body =
      content === null
        ? `Votre rapport « ${definition.titleFr} » est prêt. Téléchargez-le (lien valable une heure, connecté à ` +
          `votre compte) : ${link}\nEnsuite, retrouvez-le dans vos exports sur le portail.`
        : `Veuillez trouver ci-joint votre rapport « ${definition.titleFr} ».`;
    const text = `Bonjour,\n\n${body}\n\nISMAIL`;
    await email.send({
      deliveryId: `report-${schedule.id}-${period.from}`,
      to,
      rendered: {
        subject,
        text,
        html: `<p>Bonjour,</p><p>${escapeHtml(body)}</p><p>ISMAIL</p>`,
        sms: subject,
        title: subject,
        body: text,
      },
      ...(content === null ? {} : { attachments: [{ filename, contentType: stored.contentType, content }] }),
    });
    return stored.id;
  }
}

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
