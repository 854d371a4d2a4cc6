/**
 * The scenario steps that do not reach the debtor (owned by the lifecycle part): a call task for the file's agent, a
 * formal notice letter as a PDF, the hand-off to legal. The engine calls this once per file and step, in its
 * transaction; (file, step key) is unique, so a second call does nothing.
 */
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { abidjanDay, type ScenarioStep } from '@ismail/shared';
import { appendAudit } from '../../platform/audit/audit-log.js';
import type { NotificationService } from '../notifications/service.js';
import { clip, notifyAccount } from './lifecycle-context.js';
import { endFile, lockFile } from './lifecycle-status.js';
import type { LetterSnapshot } from './letter-pdf.js';
import { taskEvent } from './tasks.js';

export interface CreditorStepContext {
  readonly fileId: string;
  readonly step: ScenarioStep;
  /** The step's text filled with this file's figures, in the creditor's language. */
  readonly text: string;
  readonly now: Date;
  readonly notifications: NotificationService;
  readonly publicUrl: string;
}

const kinds = { call_task: 'call', letter: 'letter', legal: 'legal' } as const;
const actor = 'job:debt-scenario';

export async function runCreditorStep(client: pg.PoolClient, context: CreditorStepContext): Promise<void> {
  const { step } = context;
  if (step.action === 'remind') return;
  const file = await lockFile(client, context.fileId);
  // Only a file the scenario still works on: paused, closed or legal files take no step.
  if (file === undefined || (file.status !== 'open' && file.status !== 'in_reminder')) return;
  const kind = kinds[step.action];
  const today = abidjanDay(context.now);
  const taskId = randomUUID();
  const inserted = await client.query(
    `INSERT INTO collection_tasks (id, file_id, step_key, kind, assigned_to, due_on, status, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, 'open', $7) ON CONFLICT (file_id, step_key) DO NOTHING RETURNING id`,
    [taskId, file.id, step.key, kind, file.assigned_agent_id, today, context.now],
  );
  if (inserted.rowCount === 0) return;
  const link = `${context.publicUrl.replace(/\/$/, '')}/recouvrement/dossiers/${file.id}`;
  const leftXof = file.owed_xof - file.paid_xof;
  let letter: LetterSnapshot | undefined;
  if (kind === 'letter') {
    const { rows } = await client.query<{
      creditor_name: string;
      debtor_phone: string | null;
      debtor_email: string | null;
      due_on: string;
      principal_xof: string;
      fees_xof: string;
    }>(
      `SELECT coalesce(a.display_name, 'ISMAIL') AS creditor_name, f.debtor_phone, f.debtor_email,
              to_char(f.due_on, 'YYYY-MM-DD') AS due_on, f.principal_xof, f.fees_xof
         FROM collection_files f LEFT JOIN accounts a ON a.id = f.creditor_id WHERE f.id = $1`,
      [file.id],
    );
    const r = rows[0];
    if (r === undefined) throw new Error('debt file vanished');
    letter = {
      taskId,
      issuedOn: today,
      creditorName: clip(r.creditor_name, 160),
      debtorName: file.debtor_name,
      debtorPhone: r.debtor_phone,
      debtorEmail: r.debtor_email,
      text: clip(context.text, 600),
      files: [
        {
          label: file.label,
          dueOn: r.due_on,
          principalXof: Number(r.principal_xof),
          feesXof: Number(r.fees_xof),
          paidXof: file.paid_xof,
          leftXof,
        },
      ],
    };
  }
  await taskEvent(client, file.id, { taskId, kind, stepKey: step.key, ...(letter === undefined ? {} : { letter }) });
  await appendAudit(client, {
    actor: { label: actor },
    action: `debt_collection.step_${kind}`,
    subject: { type: 'collection_file', id: file.id },
    place: 'cloud',
    detail: { taskId, stepKey: step.key, leftXof },
  });
  if (kind === 'legal') {
    await endFile(client, file, 'legal', actor, `step:${step.key}`);
    await notifyAccount(context.notifications, client, {
      key: `debt-legal:${file.id}`,
      type: 'debt.legal_handoff',
      recipientId: file.creditor_id,
      data: { debtorName: clip(file.debtor_name, 160), label: clip(file.label, 200), leftXof, link },
    });
  }
  await notifyAccount(context.notifications, client, {
    key: `debt-task:${taskId}`,
    type: 'debt.task_assigned',
    recipientId: file.assigned_agent_id,
    data: {
      debtorName: clip(file.debtor_name, 160),
      what: clip(
        kind === 'call'
          ? context.text
          : kind === 'letter'
            ? `Mise en demeure à envoyer : ${context.text}`
            : `Dossier confié au contentieux : ${context.text}`,
        600,
      ),
      dueOn: today,
      link,
    },
  });
}
