/**
 * The reminder engine (issue 26, job `debt-collection.reminders`). Each run looks at every creditor and debtor with
 * files in `open`/`in_reminder`: creditor-side steps (call task, letter, legal) run once per file and step; `remind`
 * steps become at most ONE consolidated reminder per creditor, debtor and Abidjan day, only while the contact policy is
 * open (08:00–19:00 Abidjan, no Sunday, no CI holiday; outside it nothing is recorded, the next open run sends).
 * A reminder is reserved (engine-reserve.ts), charged 2 credits to its creditor once (idempotency key
 * `debt-reminder:<id>`, ISMAIL's own files are free), then committed and sent (engine-commit.ts). Every step is safe to
 * repeat or race: the day's row is unique, the charge is keyed, the commit takes the row's lock.
 * Time is the caller's (`runOnce(now)`), the demo's test clock by default: never SQL's now() for a decision.
 */
import {
  AppError,
  abidjanDay,
  contactClosedReason,
  renderNotification,
  type ReminderChannel,
  type ScenarioStep,
  fillScenarioText,
  formatXof,
} from '@ismail/shared';
import type pg from 'pg';
import type { Database } from '../../platform/db/database.js';
import { withTransaction } from '../../platform/db/transaction.js';
import type { DeliveryChannel } from '../notifications/channel.js';
import type { NotificationService } from '../notifications/service.js';
import type { WalletOperations } from '../wallet/operations.js';
import { commitReminder, type DirectSend } from './engine-commit.js';
import { dueSteps, plusDays } from './engine-plan.js';
import { groupFiles, markUnfunded, planFiles, reserveReminder } from './engine-reserve.js';
import { runCreditorStep } from './step-actions.js';

export interface DebtEngineDeps {
  readonly db: Database;
  readonly notifications: NotificationService;
  readonly operations: WalletOperations;
  /** The providers configured (options.notifications.channels): direct sends to people without an account. */
  readonly channels: Partial<Record<ReminderChannel, DeliveryChannel>>;
  readonly publicUrl: string;
  readonly optOutKey: Buffer;
  readonly now: () => Date;
  readonly onError: (error: unknown) => void;
}

export interface RunSummary {
  readonly groups: number;
  readonly reminders: number;
  readonly unfunded: number;
  readonly creditorSteps: number;
}

/** Groups looked at per run: bounded work; scenarios are days apart, the next minute's run takes the rest. */
const groupsPerRun = 2_000;
/** The earliest step is 30 days before the due date (scenario schema): later files have nothing due yet. */
const earliestOffsetDays = 30;
/** 2 credits (tariff debt_reminder) in centi-credits: a creditor below it is not even tried again today. */
const reminderCentiCredits = 200;

export class DebtEngine {
  constructor(private readonly deps: DebtEngineDeps) {}

  async runOnce(now: Date = this.deps.now()): Promise<RunSummary> {
    const today = abidjanDay(now);
    await this.failStale(today);
    const { rows: groups } = await this.deps.db.pool.query<{ creditor_key: string; debtor_key: string }>(
      `SELECT coalesce(creditor_id::text, 'ismail') AS creditor_key, debtor_key FROM collection_files
        WHERE status IN ('open', 'in_reminder') AND due_on <= $1::date
        GROUP BY 1, 2 ORDER BY min(due_on), 1, 2 LIMIT $2`,
      [plusDays(today, earliestOffsetDays), groupsPerRun],
    );
    const open = contactClosedReason(now) === null;
    let reminders = 0;
    let unfunded = 0;
    let creditorSteps = 0;
    for (const group of groups) {
      try {
        creditorSteps += await this.creditorSteps(group.creditor_key, group.debtor_key, now);
        if (!open) continue;
        const outcome = await this.remind(group.creditor_key, group.debtor_key, now);
        if (outcome === 'sent') reminders++;
        if (outcome === 'unfunded') unfunded++;
      } catch (error) {
        // One group's failure (a provider, a constraint) never stops the others; the next run tries it again.
        this.deps.onError(error);
      }
    }
    return { groups: groups.length, reminders, unfunded, creditorSteps };
  }

  /** A reminder reserved on an earlier day and never finished is not sent late: its reservation is released. */
  private async failStale(today: string): Promise<void> {
    await withTransaction(this.deps.db.pool, async (client) => {
      const { rows } = await client.query<{ id: string }>(
        "UPDATE collection_reminders SET status = 'failed' WHERE status = 'sending' AND day < $1 RETURNING id",
        [today],
      );
      const ids = rows.map((r) => r.id);
      if (ids.length === 0) return;
      await client.query(
        `UPDATE collection_contact_attempts SET status = 'failed', detail = 'interrompu avant l''envoi'
          WHERE reminder_id = ANY($1::uuid[]) AND status = 'queued' AND notification_delivery_id IS NULL`,
        [ids],
      );
      await client.query('DELETE FROM collection_file_steps WHERE reminder_id = ANY($1::uuid[])', [ids]);
    });
  }

  /** Call tasks, letters, hand-offs to legal: once per file and step (the step's row is the once). */
  private async creditorSteps(creditorKey: string, debtorKey: string, now: Date): Promise<number> {
    const today = abidjanDay(now);
    const peek = await withTransaction(this.deps.db.pool, async (client) =>
      planFiles(client, await groupFiles(client, creditorKey, debtorKey, false)),
    );
    if (peek.every((f) => dueSteps(f, today).creditor.length === 0)) return 0;
    return withTransaction(this.deps.db.pool, async (client) => {
      const rows = await groupFiles(client, creditorKey, debtorKey, true);
      const files = await planFiles(client, rows);
      const language = await creditorLanguage(client, rows[0]?.creditor_id ?? null);
      let ran = 0;
      for (const file of files)
        for (const step of dueSteps(file, today).creditor) {
          const inserted = await client.query(
            `INSERT INTO collection_file_steps (file_id, step_key, reminder_id, done_at) VALUES ($1, $2, NULL, $3)
             ON CONFLICT DO NOTHING`,
            [file.id, step.key, now],
          );
          if (inserted.rowCount === 0) continue;
          const label = (
            await client.query<{ label: string; debtor_name: string; creditor: string }>(
              `SELECT f.label, f.debtor_name, coalesce(a.display_name, 'ISMAIL') AS creditor
               FROM collection_files f LEFT JOIN accounts a ON a.id = f.creditor_id WHERE f.id = $1`,
              [file.id],
            )
          ).rows[0];
          await runCreditorStep(client, {
            fileId: file.id,
            step,
            text: stepText(step, language, {
              creditor: label?.creditor ?? 'ISMAIL',
              debtor: label?.debtor_name ?? '',
              total: formatXof(file.leftXof),
              files: label?.label ?? '',
              link: `${this.deps.publicUrl}/recouvrement/dossiers/${file.id}`,
            }),
            now,
            notifications: this.deps.notifications,
            publicUrl: this.deps.publicUrl,
          });
          ran++;
        }
      return ran;
    });
  }

  private async remind(creditorKey: string, debtorKey: string, now: Date): Promise<'sent' | 'unfunded' | 'none'> {
    const day = abidjanDay(now);
    const { rows: prior } = await this.deps.db.pool.query<{ status: string }>(
      'SELECT status FROM collection_reminders WHERE creditor_key = $1 AND debtor_key = $2 AND day = $3',
      [creditorKey, debtorKey, day],
    );
    const status = prior[0]?.status;
    if (status === 'sent' || status === 'failed') return 'none';
    if (status === 'unfunded' && creditorKey !== 'ismail' && !(await this.funded(creditorKey))) return 'unfunded';
    const configured = new Set<ReminderChannel>(['push']);
    for (const channel of ['sms', 'email'] as const)
      if (this.deps.channels[channel] !== undefined) configured.add(channel);
    const reservation = await withTransaction(this.deps.db.pool, (client) =>
      reserveReminder(client, { creditorKey, debtorKey, now, configured }),
    );
    if (reservation.kind === 'nothing') return 'none';
    const { reminderId, creditorId } = reservation;
    let chargeOperationId: string | null = null;
    if (creditorId !== null) {
      try {
        const charged = await this.deps.operations.consume(
          {
            actor: { label: 'job:debt-reminders' },
            scope: 'system',
            idempotencyKey: `debt-reminder:${reminderId}`,
          },
          { accountId: creditorId, tariffCode: 'debt_reminder', units: 1 },
        );
        chargeOperationId = charged.result.operationId;
      } catch (error) {
        if (!(error instanceof AppError) || !['INSUFFICIENT_FUNDS', 'ACCOUNT_NOT_ACTIVE'].includes(error.code))
          throw error; // unknown outcome: the row stays `sending`, the next run charges with the same key
        await withTransaction(this.deps.db.pool, (client) => markUnfunded(client, reminderId, now));
        return 'unfunded';
      }
    }
    const direct = await withTransaction(this.deps.db.pool, (client) =>
      commitReminder(
        client,
        { notifications: this.deps.notifications, publicUrl: this.deps.publicUrl, optOutKey: this.deps.optOutKey },
        { reminderId, chargeOperationId, now },
      ),
    );
    for (const send of direct) await this.sendDirect(send);
    return 'sent';
  }

  private async funded(creditorId: string): Promise<boolean> {
    const { rows } = await this.deps.db.pool.query<{ available: string }>(
      "SELECT credits_posted - debits_posted - debits_pending AS available FROM ledger_accounts WHERE code = 'wallet:' || $1",
      [creditorId],
    );
    return Number(rows[0]?.available ?? 0) >= reminderCentiCredits;
  }

  /** A debtor known by name only: sent through the provider once, its answer recorded on the attempt. */
  private async sendDirect(send: DirectSend): Promise<void> {
    const claimed = await this.deps.db.pool.query(
      "UPDATE collection_contact_attempts SET detail = 'envoi en cours' WHERE id = $1 AND status = 'queued' AND detail = 'à envoyer'",
      [send.attemptId],
    );
    if (claimed.rowCount === 0) return;
    const channel = this.deps.channels[send.channel];
    let status = 'failed';
    let detail = 'canal non configuré';
    if (channel !== undefined) {
      const rendered =
        send.channel === 'email'
          ? renderNotification('debt.reminder_email', 'fr', send.data)
          : renderNotification('debt.reminder_sms', 'fr', {
              firstName: send.data.firstName,
              creditorName: send.data.creditorName,
              message: send.data.message,
              link: send.data.link,
            });
      try {
        const sent = await channel.send({ deliveryId: `${send.reminderId}-${send.channel}`, to: send.to, rendered });
        status = sent.status;
        detail = `${sent.provider}${sent.providerMessageId === null ? '' : `:${sent.providerMessageId}`}`;
      } catch (error) {
        detail = error instanceof Error ? error.message : String(error);
      }
    }
    await this.deps.db.pool.query('UPDATE collection_contact_attempts SET status = $2, detail = $3 WHERE id = $1', [
      send.attemptId,
      status,
      detail.slice(0, 500),
    ]);
  }
}

function stepText(step: ScenarioStep, language: string, values: Parameters<typeof fillScenarioText>[1]): string {
  return fillScenarioText(language === 'en' ? step.textEn : step.textFr, values);
}

async function creditorLanguage(client: pg.PoolClient, creditorId: string | null): Promise<string> {
  if (creditorId === null) return 'fr';
  const { rows } = await client.query<{ language: string }>('SELECT language FROM accounts WHERE id = $1', [
    creditorId,
  ]);
  return rows[0]?.language ?? 'fr';
}
