/**
 * Second half of a reminder (issue 26), after its charge: in one transaction the reminder row is locked (a second run
 * finds it sent and does nothing), its text is filled with the debtor's total left on every file it covers (read now,
 * so a partial payment since the plan is already counted), each reserved attempt goes out (an account through the
 * notification outbox, keyed per reminder and channel; a person known by name through the channel directly, after
 * commit), files move open → in_reminder, and each file's history gets the reminder. Never charges.
 */
import type pg from 'pg';
import {
  fillScenarioText,
  formatXof,
  remindableStatuses,
  type NotificationEventData,
  type ReminderChannel,
  type ScenarioStep,
} from '@ismail/shared';
import { appendAudit } from '../../platform/audit/audit-log.js';
import type { NotificationService } from '../notifications/service.js';
import type { AttemptStatus } from './engine-plan.js';
import { optOutToken } from './opt-outs.js';
import { stepsForFiles } from './scenarios.js';

export interface CommitContext {
  readonly notifications: NotificationService;
  readonly publicUrl: string;
  readonly optOutKey: Buffer;
}

/** A message for a debtor known by name only, to send through the channel once the transaction committed. */
export interface DirectSend {
  readonly attemptId: string;
  readonly channel: ReminderChannel;
  readonly to: string;
  readonly reminderId: string;
  readonly data: NotificationEventData<'debt.reminder_email'>;
}

const nonEmpty = (text: string | null | undefined): string | undefined => {
  const trimmed = text?.trim();
  return trimmed === undefined || trimmed === '' ? undefined : trimmed;
};

const clip = (text: string, max: number): string => (text.length <= max ? text : `${text.slice(0, max - 1)}…`);

interface FileRow {
  id: string;
  creditor_id: string | null;
  scenario_id: string | null;
  debtor_id: string | null;
  debtor_name: string;
  debtor_phone: string | null;
  debtor_email: string | null;
  label: string;
  status: string;
  left_xof: string;
}

const stopLine = (channel: ReminderChannel, english: boolean, url: string): string => {
  if (english) return channel === 'sms' ? `STOP SMS: ${url}` : `Stop these reminders: ${url}`;
  return channel === 'sms' ? `STOP SMS : ${url}` : `Ne plus recevoir ces rappels : ${url}`;
};

/** A delivery's state read as an attempt's status. */
function attemptStatusOf(delivery: { status: string; reason: string | null } | undefined): AttemptStatus | 'sent' {
  if (delivery === undefined) return 'failed';
  if (delivery.status === 'queued' || delivery.status === 'sending') return 'queued';
  if (['sent', 'delivered', 'read', 'clicked'].includes(delivery.status)) return 'sent';
  if (delivery.reason === 'turned off by the user') return 'skipped_opt_out';
  if (delivery.reason === 'no phone number' || delivery.reason === 'no push subscription') return 'skipped_no_address';
  return 'failed';
}

export async function commitReminder(
  client: pg.PoolClient,
  context: CommitContext,
  input: { reminderId: string; chargeOperationId: string | null; now: Date },
): Promise<DirectSend[]> {
  const { reminderId, now } = input;
  const { rows: reminders } = await client.query<{ status: string; file_ids: string[]; creditor_key: string }>(
    'SELECT status, file_ids, creditor_key FROM collection_reminders WHERE id = $1 FOR UPDATE',
    [reminderId],
  );
  const reminder = reminders[0];
  if (reminder?.status !== 'sending') return [];
  const { rows: files } = await client.query<FileRow>(
    `SELECT id, creditor_id, scenario_id, debtor_id, debtor_name, debtor_phone, debtor_email, label, status,
        principal_xof + fees_xof - paid_xof AS left_xof
       FROM collection_files WHERE id = ANY($1::uuid[]) ORDER BY due_on, id FOR UPDATE`,
    [reminder.file_ids],
  );
  const live = files.filter((f) => remindableStatuses.some((s) => s === f.status) && Number(f.left_xof) > 0);
  const attempts = await client.query<{ id: string; channel: ReminderChannel }>(
    `SELECT id::text, channel FROM collection_contact_attempts
      WHERE reminder_id = $1 AND status = 'queued' AND notification_delivery_id IS NULL ORDER BY id`,
    [reminderId],
  );
  const first = live[0];
  if (first === undefined) {
    // Paid or paused between the plan and now: nothing is sent about it.
    await client.query(
      `UPDATE collection_contact_attempts SET status = 'failed', detail = 'dossier réglé ou suspendu entre-temps'
        WHERE reminder_id = $1 AND status = 'queued' AND notification_delivery_id IS NULL`,
      [reminderId],
    );
    await client.query("UPDATE collection_reminders SET status = 'failed', charge_operation_id = $2 WHERE id = $1", [
      reminderId,
      input.chargeOperationId,
    ]);
    return [];
  }
  const { step, text, english, link, totalDueXof, firstName, creditorName } = await compose(client, context, {
    reminderId,
    live,
    first,
  });
  const direct: DirectSend[] = [];
  for (const attempt of attempts.rows) {
    const stop = stopLine(
      attempt.channel,
      english,
      `${context.publicUrl}/v1/debt-collection/opt-out?token=${optOutToken(context.optOutKey, reminderId, attempt.channel)}`,
    );
    const message = `${clip(text, 790 - stop.length)} ${stop}`;
    const data = {
      firstName: clip(firstName, 100),
      creditorName: clip(creditorName, 120),
      message,
      link,
      totalXof: totalDueXof,
    };
    if (first.debtor_id === null) {
      const to = attempt.channel === 'sms' ? first.debtor_phone : first.debtor_email;
      if (to !== null) direct.push({ attemptId: attempt.id, channel: attempt.channel, to, reminderId, data });
      await client.query("UPDATE collection_contact_attempts SET detail = 'à envoyer' WHERE id = $1", [attempt.id]);
      continue;
    }
    const key = `debt-reminder:${reminderId}:${attempt.channel}`;
    await emitReminder(context.notifications, client, key, first.debtor_id, attempt.channel, data);
    const { rows: deliveries } = await client.query<{
      id: string;
      channel: string;
      status: string;
      reason: string | null;
    }>(
      `SELECT d.id, d.channel, d.status, d.reason FROM notification_deliveries d JOIN notifications n ON n.id = d.notification_id
        WHERE n.event_key = $1 AND n.recipient_id = $2`,
      [key, first.debtor_id],
    );
    let delivery = deliveries.find((d) => d.channel === attempt.channel);
    // A push to an account without a subscribed phone still reaches its portal, in the app.
    if (attempt.channel === 'push' && delivery?.status === 'skipped')
      delivery = deliveries.find((d) => d.channel === 'in_app') ?? delivery;
    await client.query(
      'UPDATE collection_contact_attempts SET status = $2, notification_delivery_id = $3, detail = $4 WHERE id = $1',
      [attempt.id, attemptStatusOf(delivery), delivery?.id ?? null, delivery?.reason ?? null],
    );
  }
  for (const file of live) {
    if (file.status === 'open') {
      await client.query("UPDATE collection_files SET status = 'in_reminder', updated_at = now() WHERE id = $1", [
        file.id,
      ]);
      await client.query(
        "INSERT INTO collection_file_events (file_id, kind, detail, actor, at) VALUES ($1, 'status', $2, 'job:debt-reminders', $3)",
        [file.id, { from: 'open', to: 'in_reminder' }, now],
      );
    }
    await client.query(
      "INSERT INTO collection_file_events (file_id, kind, detail, actor, at) VALUES ($1, 'reminder', $2, 'job:debt-reminders', $3)",
      [file.id, { reminderId, step: step.key, channels: attempts.rows.map((a) => a.channel), totalDueXof }, now],
    );
  }
  await client.query(
    `UPDATE collection_reminders SET status = 'sent', sent_at = $2, total_due_xof = $3, charge_operation_id = $4,
       file_ids = $5 WHERE id = $1`,
    [reminderId, now, totalDueXof, input.chargeOperationId, live.map((f) => f.id)],
  );
  await appendAudit(client, {
    actor: { label: 'job:debt-reminders' },
    action: 'debt_collection.reminder_sent',
    subject: { type: 'collection_reminder', id: reminderId },
    place: 'cloud',
    detail: {
      creditor: reminder.creditor_key,
      files: live.length,
      totalDueXof,
      step: step.key,
      charged: input.chargeOperationId,
    },
  });
  return direct;
}

/** The reminder's words: the speaking step's text, in the debtor's language, with the total left on every live file. */
async function compose(
  client: pg.PoolClient,
  context: CommitContext,
  input: { reminderId: string; live: readonly FileRow[]; first: FileRow },
) {
  const { live, first } = input;
  const step = await speakingStep(client, input.reminderId, live);
  const totalDueXof = live.reduce((sum, f) => sum + Number(f.left_xof), 0);
  const creditorName = await nameOf(client, first.creditor_id);
  const { rows } =
    first.debtor_id === null
      ? { rows: [] }
      : await client.query<{ language: string; first_name: string | null }>(
          'SELECT language, first_name FROM accounts WHERE id = $1',
          [first.debtor_id],
        );
  const english = rows[0]?.language === 'en';
  // The notification's schema wants a non-empty first name: an account without one is greeted by its file's name.
  const firstName = nonEmpty(rows[0]?.first_name) ?? first.debtor_name;
  const link = live.length === 1 ? `${context.publicUrl}/mes-dettes/${first.id}` : `${context.publicUrl}/mes-dettes`;
  const labels = live.map((f) => f.label).join(', ');
  const filesText = clip(
    live.length === 1 ? labels : `${String(live.length)} ${english ? 'files' : 'dossiers'} : ${labels}`,
    240,
  );
  const text = fillScenarioText(english ? step.textEn : step.textFr, {
    creditor: creditorName,
    debtor: first.debtor_name,
    total: formatXof(totalDueXof),
    files: filesText,
    link,
  });
  return { step, text, english, link, totalDueXof, firstName, creditorName };
}

/** The step that speaks for the reminder: the most advanced remind step it put behind its files. */
async function speakingStep(
  client: pg.PoolClient,
  reminderId: string,
  files: readonly FileRow[],
): Promise<ScenarioStep> {
  const steps = await stepsForFiles(client, files);
  const { rows } = await client.query<{ file_id: string; step_key: string }>(
    'SELECT file_id, step_key FROM collection_file_steps WHERE reminder_id = $1',
    [reminderId],
  );
  let best: ScenarioStep | undefined;
  for (const r of rows) {
    const step = steps.get(r.file_id)?.find((s) => s.key === r.step_key && s.action === 'remind');
    if (step !== undefined && (best === undefined || step.offsetDays > best.offsetDays)) best = step;
  }
  if (best === undefined) throw new Error(`reminder ${reminderId} has no remind step behind it`);
  return best;
}

async function nameOf(client: pg.PoolClient, creditorId: string | null): Promise<string> {
  if (creditorId === null) return 'ISMAIL';
  const { rows } = await client.query<{ display_name: string }>('SELECT display_name FROM accounts WHERE id = $1', [
    creditorId,
  ]);
  return nonEmpty(rows[0]?.display_name) ?? 'ISMAIL';
}

async function emitReminder(
  notifications: NotificationService,
  client: pg.PoolClient,
  key: string,
  recipientId: string,
  channel: ReminderChannel,
  data: NotificationEventData<'debt.reminder_email'>,
): Promise<void> {
  const { totalXof, ...plain } = data;
  switch (channel) {
    case 'sms':
      await notifications.emit({ key, type: 'debt.reminder_sms', recipientId, data: plain }, client);
      return;
    case 'push':
      await notifications.emit({ key, type: 'debt.reminder_push', recipientId, data: plain }, client);
      return;
    case 'email':
      await notifications.emit({ key, type: 'debt.reminder_email', recipientId, data: { ...plain, totalXof } }, client);
      return;
  }
}
