/**
 * The rent jobs (issue 25): tenants reminded three days before a due (once: the notification's own key, per due and
 * tenant, is the memory, so nothing is added to the schema), and dues still unpaid after their grace days (the Abidjan
 * day) open ONE debt-collection file each, creditor the landlord, debtor the tenant, for what is left. Once whatever
 * runs: the due is locked while its file is opened, and collection_files is unique per source, so a re-run or two
 * processes racing find the file already there.
 */
import type { Database } from '../../platform/db/database.js';
import type { PeriodicJob } from '../../platform/jobs/scheduler.js';
import { appendAudit } from '../../platform/audit/audit-log.js';
import { withTransaction } from '../../platform/db/transaction.js';
import { isRentLate } from '@ismail/shared';
import { openDebtFile } from '../debt-collection/files.js';
import type { LeaseFlows } from './lease-flows.js';
import { abidjanDay } from './lease-read.js';

/** Dues handled per run: bounded work, the next run takes the rest. */
const perRun = 200;
/** Tenants are reminded this many days before a due. */
export const rentReminderDays = 3;

const plusDays = (day: string, days: number): string =>
  new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

const clip = (text: string, max: number): string => (text.length <= max ? text : `${text.slice(0, max - 1)}…`);

/** Reminds tenants of dues falling within three days, once per due. */
export async function remindRent(db: Database, flows: LeaseFlows, now: Date): Promise<number> {
  const today = abidjanDay(now);
  const { rows } = await db.pool.query<{
    id: string;
    lease_id: string;
    tenant_id: string;
    due_on: string;
    left_xof: string;
    title: string;
  }>(
    `SELECT d.id, d.lease_id, l.tenant_id, d.due_on::text, d.amount_xof - d.paid_xof AS left_xof, p.title
       FROM real_estate_rent_dues d JOIN real_estate_leases l ON l.id = d.lease_id
       JOIN real_estate_properties p ON p.id = l.property_id
      WHERE d.status = 'due' AND l.status = 'active' AND d.due_on >= $1::date AND d.due_on <= $2::date
        AND NOT EXISTS (SELECT 1 FROM notifications n WHERE n.event_key = 're-rent-due:' || d.id::text
                          AND n.recipient_id = l.tenant_id)
      ORDER BY d.due_on LIMIT $3`,
    [today, plusDays(today, rentReminderDays), perRun],
  );
  for (const r of rows)
    await withTransaction(db.pool, (client) =>
      flows.notify(client, {
        key: `re-rent-due:${r.id}`,
        type: 'real_estate.rent_due',
        recipientId: r.tenant_id,
        data: {
          title: clip(r.title, 120),
          amountXof: Number(r.left_xof),
          dueOn: `${r.due_on.slice(8, 10)}/${r.due_on.slice(5, 7)}/${r.due_on.slice(0, 4)}`,
          link: flows.link(r.lease_id),
        },
      }),
    );
  return rows.length;
}

interface LateRow {
  id: string;
  lease_id: string;
  period: string;
  due_on: string;
  grace_days: number;
  landlord_id: string;
  landlord_name: string;
  tenant_id: string;
  tenant_name: string;
  tenant_phone: string | null;
  tenant_email: string;
  title: string;
}

/** Opens the debt file of each due unpaid past its grace days (one per due, whatever runs), and tells both sides. */
export async function openLateRentFiles(db: Database, flows: LeaseFlows, now: Date): Promise<number> {
  const today = abidjanDay(now);
  // A coarse filter in SQL (late from the day after due + grace), the law's own rule (shared isRentLate) decides.
  const { rows } = await db.pool.query<LateRow>(
    `SELECT d.id, d.lease_id, d.period, d.due_on::text, l.grace_days, l.landlord_id, la.display_name AS landlord_name,
        l.tenant_id, coalesce(nullif(concat_ws(' ', ta.first_name, ta.last_name), ''), ta.display_name) AS tenant_name,
        ta.phone_e164 AS tenant_phone, ta.email AS tenant_email, p.title
       FROM real_estate_rent_dues d JOIN real_estate_leases l ON l.id = d.lease_id
       JOIN real_estate_properties p ON p.id = l.property_id
       JOIN accounts la ON la.id = l.landlord_id JOIN accounts ta ON ta.id = l.tenant_id
      WHERE d.status = 'due' AND d.debt_file_id IS NULL AND l.status IN ('active', 'ended')
        AND d.due_on + l.grace_days < $1::date
      ORDER BY d.due_on LIMIT $2`,
    [today, perRun],
  );
  let opened = 0;
  for (const r of rows) {
    if (!isRentLate(r.due_on, r.grace_days, today)) continue;
    const created = await withTransaction(db.pool, async (client) => {
      // The due locked: a payment or another run in between is seen here, not after.
      const { rows: locked } = await client.query<{ left_xof: string; status: string; debt_file_id: string | null }>(
        'SELECT amount_xof - paid_xof AS left_xof, status, debt_file_id FROM real_estate_rent_dues WHERE id = $1 FOR UPDATE',
        [r.id],
      );
      const due = locked[0];
      if (due === undefined || due.status !== 'due' || due.debt_file_id !== null) return false;
      const leftXof = Number(due.left_xof);
      const file = await openDebtFile(client, {
        creditorId: r.landlord_id,
        debtorId: r.tenant_id,
        debtorName: r.tenant_name,
        debtorPhone: r.tenant_phone,
        debtorEmail: r.tenant_email,
        source: 'lease_rent',
        sourceRef: r.id,
        label: `Loyer ${r.period} — ${r.title}`,
        principalXof: leftXof,
        dueOn: r.due_on,
        actor: 'job:rent-late',
      });
      await client.query('UPDATE real_estate_rent_dues SET debt_file_id = $2 WHERE id = $1', [r.id, file.id]);
      await appendAudit(client, {
        actor: { label: 'job:rent-late' },
        action: 'real_estate.rent_late',
        subject: { type: 'real_estate_rent_due', id: r.id },
        place: 'cloud',
        detail: { leaseId: r.lease_id, debtFileId: file.id, created: file.created, principalXof: leftXof },
      });
      for (const [recipientId, otherName] of [
        [r.tenant_id, r.landlord_name],
        [r.landlord_id, r.tenant_name],
      ] as const)
        await flows.notify(client, {
          key: `re-rent-late:${r.id}`,
          type: 'real_estate.rent_late',
          recipientId,
          data: {
            otherName: clip(otherName, 120),
            title: clip(r.title, 120),
            amountXof: leftXof,
            period: r.period,
            link: flows.link(r.lease_id),
          },
        });
      return file.created;
    });
    if (created) opened++;
  }
  return opened;
}

export function rentJobs(db: Database, flows: LeaseFlows): PeriodicJob[] {
  return [
    {
      name: 'real-estate.rent-reminders',
      everyMs: 3_600_000,
      timeoutMs: 300_000,
      run: () => remindRent(db, flows, flows.now()),
    },
    {
      name: 'real-estate.rent-late',
      everyMs: 3_600_000,
      timeoutMs: 300_000,
      run: () => openLateRentFiles(db, flows, flows.now()),
    },
  ];
}
