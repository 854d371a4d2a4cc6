/**
 * Agents' tasks (issue 26): what a scenario's creditor-side steps leave for the creditor's people (a call to make, a
 * formal notice to send, a file handed to legal), listed for the creditor and its agents and marked done with a note.
 * The formal notice's figures are frozen in the task's event when the step runs, so its PDF is regenerated on demand
 * with the same bytes.
 */
import { AppError } from '@ismail/shared';
import type pg from 'pg';
import { appendAudit } from '../../platform/audit/audit-log.js';
import type { Database } from '../../platform/db/database.js';
import { withTransaction } from '../../platform/db/transaction.js';
import { actorLabel, type LifecycleActor } from './lifecycle-context.js';
import { formalNoticePdf, type LetterSnapshot } from './letter-pdf.js';

interface TaskRow {
  id: string;
  file_id: string;
  file_label: string;
  debtor_name: string;
  kind: 'call' | 'letter' | 'legal';
  step_key: string | null;
  due_on: string;
  status: 'open' | 'done' | 'cancelled';
  note: string | null;
  assigned_to: string | null;
}
const taskSelect = `SELECT t.id, t.file_id, f.label AS file_label, f.debtor_name, t.kind, t.step_key,
  to_char(t.due_on, 'YYYY-MM-DD') AS due_on, t.status, t.note, t.assigned_to
  FROM collection_tasks t JOIN collection_files f ON f.id = t.file_id`;

const taskView = (r: TaskRow) => ({
  id: r.id,
  fileId: r.file_id,
  fileLabel: r.file_label,
  debtorName: r.debtor_name,
  kind: r.kind,
  stepKey: r.step_key,
  dueOn: r.due_on,
  status: r.status,
  note: r.note,
  assignedTo: r.assigned_to,
});
export type TaskView = ReturnType<typeof taskView>;

/** A file's tasks; the debtor sees only its formal notices, without the agents' notes. */
export async function tasksOfFile(db: Database, fileId: string, role: 'creditor' | 'debtor'): Promise<TaskView[]> {
  const { rows } = await db.pool.query<TaskRow>(
    `${taskSelect} WHERE t.file_id = $1 ${role === 'debtor' ? "AND t.kind = 'letter'" : ''}
      ORDER BY t.due_on DESC, t.created_at DESC, t.id LIMIT 200`,
    [fileId],
  );
  return rows.map((r) => (role === 'debtor' ? { ...taskView(r), note: null, assignedTo: null } : taskView(r)));
}

/** The creditor's tasks (its agents see them through their partner), soonest first. */
export async function tasksOfCreditor(
  db: Database,
  creditorId: string,
  status: 'open' | 'done' | 'cancelled' | undefined,
): Promise<TaskView[]> {
  const { rows } = await db.pool.query<TaskRow>(
    `${taskSelect} WHERE f.creditor_id = $1 AND ($2::text IS NULL OR t.status = $2)
      ORDER BY t.due_on, t.created_at, t.id LIMIT 500`,
    [creditorId, status ?? null],
  );
  return rows.map(taskView);
}

export async function markTaskDone(
  db: Database,
  actor: LifecycleActor,
  taskId: string,
  note: string | undefined,
  now: Date,
): Promise<TaskView> {
  return withTransaction(db.pool, async (client) => {
    const { rows } = await client.query<{ status: string; file_id: string }>(
      `SELECT t.status, t.file_id FROM collection_tasks t JOIN collection_files f ON f.id = t.file_id
        WHERE t.id = $1 AND f.creditor_id = $2 FOR UPDATE OF t`,
      [taskId, actor.ownerId],
    );
    const task = rows[0];
    if (task === undefined) throw new AppError('NOT_FOUND', 'Tâche introuvable.');
    if (task.status === 'cancelled') throw new AppError('CONFLICT', 'Cette tâche a été annulée.');
    if (task.status === 'open') {
      await client.query(
        "UPDATE collection_tasks SET status = 'done', note = coalesce($2, note), done_at = $3 WHERE id = $1",
        [taskId, note ?? null, now],
      );
      await client.query(
        "INSERT INTO collection_file_events (file_id, kind, detail, actor) VALUES ($1, 'task', $2, $3)",
        [task.file_id, { taskId, status: 'done', note: note ?? null }, actorLabel(actor)],
      );
      await appendAudit(client, {
        actor: { accountId: actor.accountId, label: actorLabel(actor) },
        action: 'debt_collection.task_done',
        subject: { type: 'collection_task', id: taskId },
        place: 'cloud',
        detail: { fileId: task.file_id, noted: note !== undefined },
      });
    }
    const { rows: done } = await client.query<TaskRow>(`${taskSelect} WHERE t.id = $1`, [taskId]);
    if (done[0] === undefined) throw new Error('task vanished');
    return taskView(done[0]);
  });
}

/** The formal notice of a letter task, for the file's creditor or debtor; 404 for anyone else. */
export async function letterPdf(db: Database, me: string, fileId: string, taskId: string): Promise<Buffer> {
  const { rows } = await db.pool.query<{ letter: LetterSnapshot | null }>(
    `SELECT e.detail -> 'letter' AS letter FROM collection_files f
       JOIN collection_tasks t ON t.file_id = f.id AND t.kind = 'letter'
       JOIN collection_file_events e ON e.file_id = f.id AND e.kind = 'task' AND e.detail ->> 'taskId' = t.id::text
      WHERE f.id = $1 AND t.id = $2 AND (f.creditor_id = $3 OR f.debtor_id = $3) AND e.detail ? 'letter'
      LIMIT 1`,
    [fileId, taskId, me],
  );
  const letter = rows[0]?.letter;
  if (letter === undefined || letter === null) throw new AppError('NOT_FOUND', 'Courrier introuvable.');
  return formalNoticePdf(letter);
}

/** Records a task's creation on its file (the letter's frozen figures with it). */
export async function taskEvent(
  client: pg.PoolClient,
  fileId: string,
  detail: { taskId: string; kind: string; stepKey: string; letter?: LetterSnapshot },
): Promise<void> {
  await client.query(
    "INSERT INTO collection_file_events (file_id, kind, detail, actor) VALUES ($1, 'task', $2, 'job:debt-scenario')",
    [fileId, { ...detail, status: 'open' }],
  );
}
