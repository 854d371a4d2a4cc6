/**
 * Retention (issue 27, SPEC 3.15): the periods in force (one row, changed by an administrator) and the job applying
 * them. A person's "last activity" is the latest of: their account's creation, their last session (opened or
 * refreshed), their last ledger movement. KYC documents (and the biometric checks of their cases) go `kycYears` after
 * it; notification contents (texts and data) go after `notificationContentDays`. Bounded per run; counts audited.
 */
import type pg from 'pg';
import { appendAudit } from '../../platform/audit/audit-log.js';
import type { Database } from '../../platform/db/database.js';
import { withTransaction } from '../../platform/db/transaction.js';
import type { KycStore } from '../kyc/documents.js';

export interface RetentionSettings {
  readonly kycYears: number;
  readonly notificationContentDays: number;
  readonly updatedAt: string;
}

/** People (and notifications) handled per run: bounded work; the next run takes the rest. */
const perRun = 500;

export async function retentionSettings(q: Database['pool'] | pg.PoolClient): Promise<RetentionSettings> {
  const { rows } = await q.query<{ kyc_years: number; notification_content_days: number; updated_at: Date }>(
    'SELECT kyc_years, notification_content_days, updated_at FROM privacy_retention',
  );
  const r = rows[0];
  if (r === undefined) throw new Error('privacy_retention has no row (migration 0063)');
  return {
    kycYears: r.kyc_years,
    notificationContentDays: r.notification_content_days,
    updatedAt: r.updated_at.toISOString(),
  };
}

export async function saveRetention(
  db: Database,
  adminId: string,
  input: { kycYears: number; notificationContentDays: number },
  now: Date,
): Promise<RetentionSettings> {
  return withTransaction(db.pool, async (client) => {
    await client.query(
      `UPDATE privacy_retention SET kyc_years = $1, notification_content_days = $2, updated_by = $3, updated_at = $4`,
      [input.kycYears, input.notificationContentDays, adminId, now],
    );
    await appendAudit(client, {
      actor: { accountId: adminId, label: adminId },
      action: 'privacy.retention_changed',
      subject: { type: 'privacy_retention', id: 'settings' },
      place: 'cloud',
      detail: { ...input },
    });
    return retentionSettings(client);
  });
}

/** The SQL of a person's last activity (account id in `c.account_id`). */
const lastActivity = `greatest(
  (SELECT created_at FROM accounts a WHERE a.id = c.account_id),
  (SELECT max(greatest(s.created_at, coalesce(s.used_at, s.created_at))) FROM sessions s WHERE s.account_id = c.account_id),
  (SELECT max(t.created_at) FROM ledger_transfers t JOIN ledger_accounts l
      ON l.id IN (t.debit_account_id, t.credit_account_id) WHERE l.owner_account_id = c.account_id))`;

export interface RetentionRun {
  readonly kycDocuments: number;
  readonly kycCases: number;
  readonly notifications: number;
}

export async function runRetention(db: Database, kyc: KycStore, now: Date): Promise<RetentionRun> {
  const removed: string[] = [];
  const result = await withTransaction(db.pool, async (client) => {
    const settings = await retentionSettings(client);
    const kycCut = new Date(now);
    kycCut.setUTCFullYear(kycCut.getUTCFullYear() - settings.kycYears);
    // Cases of people inactive since the cut that still hold documents or checks.
    const cases = await client.query<{ id: string }>(
      `SELECT c.id FROM kyc_cases c
        WHERE (EXISTS (SELECT 1 FROM kyc_documents d WHERE d.case_id = c.id) OR c.checks <> '{}'::jsonb)
          AND ${lastActivity} < $1
        ORDER BY c.id LIMIT ${String(perRun)} FOR UPDATE OF c`,
      [kycCut],
    );
    const ids = cases.rows.map((r) => r.id);
    const docs = await client.query<{ id: string }>(
      'DELETE FROM kyc_documents WHERE case_id = ANY($1::uuid[]) RETURNING id',
      [ids],
    );
    removed.push(...docs.rows.map((r) => r.id));
    // The biometric comparison and document checks are the case's `checks`: cleared, the decision stays.
    await client.query(`UPDATE kyc_cases SET checks = '{}'::jsonb WHERE id = ANY($1::uuid[])`, [ids]);
    const notes = await client.query(
      `UPDATE notifications SET data = '{}'::jsonb, title = '', body = ''
        WHERE id IN (SELECT id FROM notifications WHERE created_at < $1 AND (body <> '' OR data <> '{}'::jsonb)
                      LIMIT ${String(perRun)})`,
      [new Date(now.getTime() - settings.notificationContentDays * 86_400_000)],
    );
    const counts = { kycDocuments: docs.rowCount ?? 0, kycCases: ids.length, notifications: notes.rowCount ?? 0 };
    if (counts.kycDocuments + counts.kycCases + counts.notifications > 0)
      await appendAudit(client, {
        actor: { label: 'privacy.retention' },
        action: 'privacy.retention_run',
        subject: { type: 'privacy_retention', id: 'settings' },
        place: 'cloud',
        detail: counts,
      });
    return counts;
  });
  // Files after commit: a rolled-back run leaves them (the next run finds the rows again).
  for (const id of removed) await kyc.remove(id);
  return result;
}
