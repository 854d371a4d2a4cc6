/**
 * The file's status machine for the lifecycle (issue 26), in one place. A promise, a plan or a dispute pauses the
 * reminders: the status a pause came from (open or in_reminder) is kept in `resume_status`, and whatever ends a pause
 * calls `resumeFile`, which settles the status from what is still live on the file: an open dispute outranks an active
 * plan, which outranks a pending promise; with none of them the file goes back to where it was. Closed files (paid,
 * written off) and files handed to legal never move here. Each change writes a `status` event. The file row is locked
 * first (FOR UPDATE) so two flows on one file take turns instead of reading the same status.
 */
import { AppError, type DebtStatus } from '@ismail/shared';
import type pg from 'pg';
import { actorLabel, type LifecycleActor } from './lifecycle-context.js';

export type PauseKind = 'promise' | 'plan' | 'disputed';

export interface LockedFile {
  id: string;
  creditor_id: string | null;
  debtor_id: string | null;
  debtor_name: string;
  label: string;
  status: DebtStatus;
  resume_status: 'open' | 'in_reminder' | null;
  assigned_agent_id: string | null;
  owed_xof: number;
  paid_xof: number;
}

const pauseRank: Partial<Record<DebtStatus, number>> & Record<PauseKind, number> = { promise: 1, plan: 2, disputed: 3 };

export const closedStatuses: readonly DebtStatus[] = ['paid', 'written_off'];
const endedStatuses: readonly DebtStatus[] = [...closedStatuses, 'legal'];

/** The file, locked for the rest of the caller's transaction; undefined when there is none. */
export async function lockFile(client: pg.PoolClient, fileId: string): Promise<LockedFile | undefined> {
  const { rows } = await client.query<
    Omit<LockedFile, 'owed_xof' | 'paid_xof'> & { owed_xof: string; paid_xof: string }
  >(
    `SELECT id, creditor_id, debtor_id, debtor_name, label, status, resume_status, assigned_agent_id,
            principal_xof + fees_xof AS owed_xof, paid_xof
       FROM collection_files WHERE id = $1 FOR UPDATE`,
    [fileId],
  );
  const row = rows[0];
  return row === undefined ? undefined : { ...row, owed_xof: Number(row.owed_xof), paid_xof: Number(row.paid_xof) };
}

/** The locked file if `me` is its creditor (or debtor, when allowed); anyone else gets 404, not a hint it exists. */
export async function lockFileFor(
  client: pg.PoolClient,
  fileId: string,
  me: string,
  who: 'creditor' | 'creditor_or_debtor',
): Promise<LockedFile & { role: 'creditor' | 'debtor' }> {
  const file = await lockFile(client, fileId);
  if (file !== undefined && file.creditor_id === me) return { ...file, role: 'creditor' };
  if (file !== undefined && file.debtor_id === me && who === 'creditor_or_debtor') return { ...file, role: 'debtor' };
  if (file !== undefined && file.debtor_id === me)
    throw new AppError('FORBIDDEN', 'Seul le créancier du dossier peut faire cela.');
  throw new AppError('NOT_FOUND', 'Dossier introuvable.');
}

async function setStatus(
  client: pg.PoolClient,
  file: LockedFile,
  to: DebtStatus,
  resumeStatus: LockedFile['resume_status'],
  actor: LifecycleActor | string,
  why: string,
): Promise<void> {
  if (to === file.status && resumeStatus === file.resume_status) return;
  await client.query(
    `UPDATE collection_files SET status = $2, resume_status = $3,
        closed_at = CASE WHEN $2 IN ('paid', 'written_off') THEN coalesce(closed_at, now()) ELSE NULL END,
        updated_at = now() WHERE id = $1`,
    [file.id, to, resumeStatus],
  );
  if (to !== file.status)
    await client.query(
      "INSERT INTO collection_file_events (file_id, kind, detail, actor) VALUES ($1, 'status', $2, $3)",
      [file.id, { from: file.status, to, why }, actorLabel(actor)],
    );
  file.status = to;
  file.resume_status = resumeStatus;
}

/** Why this file cannot take this pause (in French), or null. */
export function pauseRefusal(status: DebtStatus, kind: PauseKind): string | null {
  if (closedStatuses.includes(status)) return 'Ce dossier est clos : plus rien n’y est suspendu.';
  if (status === 'legal') return 'Ce dossier est confié au contentieux : il ne peut plus être suspendu.';
  if (status === 'disputed' && kind !== 'disputed')
    return 'Ce dossier est contesté : ni promesse ni échéancier tant que la contestation n’est pas tranchée.';
  return null;
}

/**
 * Pauses the reminders of a locked file for a promise, a plan or a dispute (whose row the caller writes in the same
 * transaction). Refused (409) on a closed or legal file, and for a promise or plan on a disputed file.
 */
export async function pauseFile(
  client: pg.PoolClient,
  file: LockedFile,
  kind: PauseKind,
  actor: LifecycleActor | string,
): Promise<void> {
  const refusal = pauseRefusal(file.status, kind);
  if (refusal !== null) throw new AppError('CONFLICT', refusal);
  const from = file.status === 'open' || file.status === 'in_reminder' ? file.status : file.resume_status;
  // A promise made under an active plan leaves the file in `plan`: the stronger pause shows (as resumeFile ranks them).
  const current = pauseRank[file.status] ?? 0;
  await setStatus(client, file, current > pauseRank[kind] ? file.status : kind, from ?? 'open', actor, kind);
}

/** The status the file's live promise, plan and dispute call for, once one of them ended (a closed file stays so). */
export async function resumeFile(
  client: pg.PoolClient,
  file: LockedFile,
  actor: LifecycleActor | string,
  why: string,
): Promise<void> {
  if (endedStatuses.includes(file.status)) return;
  const { rows } = await client.query<{ disputed: boolean; plan: boolean; promise: boolean }>(
    `SELECT EXISTS (SELECT 1 FROM collection_disputes WHERE file_id = $1 AND status = 'open') AS disputed,
            EXISTS (SELECT 1 FROM collection_plans WHERE file_id = $1 AND status = 'active') AS plan,
            EXISTS (SELECT 1 FROM collection_promises WHERE file_id = $1 AND status = 'pending') AS promise`,
    [file.id],
  );
  const live = rows[0];
  const remindable = file.status === 'open' || file.status === 'in_reminder' ? file.status : null;
  const back = file.resume_status ?? remindable ?? 'open';
  if (live?.disputed === true) return setStatus(client, file, 'disputed', back, actor, why);
  if (live?.plan === true) return setStatus(client, file, 'plan', back, actor, why);
  if (live?.promise === true) return setStatus(client, file, 'promise', back, actor, why);
  await setStatus(client, file, remindable ?? back, null, actor, why);
}

/** Ends a file for good (an upheld dispute writes it off; the scenario's last step hands it to legal). */
export async function endFile(
  client: pg.PoolClient,
  file: LockedFile,
  to: 'written_off' | 'legal',
  actor: LifecycleActor | string,
  why: string,
): Promise<void> {
  if (closedStatuses.includes(file.status)) throw new AppError('CONFLICT', 'Ce dossier est déjà clos.');
  await setStatus(client, file, to, null, actor, why);
}
