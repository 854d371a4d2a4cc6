/**
 * First half of a reminder (issue 26): under the debtor's lock (pg_advisory_xact_lock(hashtext(debtor_key)), taken by
 * every creditor's run, so two creditors never both pass the SMS cap), the day's one reminder row is made (UNIQUE per
 * creditor, debtor and day: a raced second run finds it), the due steps are put behind it and each channel's attempt is
 * decided and written. Attempts that will go are written `queued` at once so the cap counts them; nothing leaves the
 * cloud here. The charge comes next (engine.ts), then engine-commit.ts sends. Never sends, never charges.
 */
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { abidjanDay, remindableStatuses, smsWeekMs, type ReminderChannel } from '@ismail/shared';
import { decideChannels, maskDestination, planReminder, type PlanFile } from './engine-plan.js';
import { optedOutChannels } from './opt-outs.js';
import { stepsForFiles } from './scenarios.js';

export interface GroupFileRow {
  id: string;
  creditor_id: string | null;
  debtor_id: string | null;
  debtor_phone: string | null;
  debtor_email: string | null;
  scenario_id: string | null;
  status: string;
  due_on: string;
  left_xof: string;
  done: string[];
}

/** The debtor's remindable files of one creditor, with the steps behind each; FOR UPDATE inside a transaction. */
export async function groupFiles(
  client: pg.PoolClient,
  creditorKey: string,
  debtorKey: string,
  lock: boolean,
): Promise<GroupFileRow[]> {
  const { rows } = await client.query<GroupFileRow>(
    `SELECT f.id, f.creditor_id, f.debtor_id, f.debtor_phone, f.debtor_email, f.scenario_id, f.status,
        to_char(f.due_on, 'YYYY-MM-DD') AS due_on, f.principal_xof + f.fees_xof - f.paid_xof AS left_xof,
        coalesce(array(SELECT s.step_key FROM collection_file_steps s WHERE s.file_id = f.id), '{}') AS done
       FROM collection_files f
      WHERE coalesce(f.creditor_id::text, 'ismail') = $1 AND f.debtor_key = $2 AND f.status = ANY($3::text[])
      ORDER BY f.due_on, f.id LIMIT 200 ${lock ? 'FOR UPDATE OF f' : ''}`,
    [creditorKey, debtorKey, remindableStatuses],
  );
  return rows;
}

export async function planFiles(client: pg.PoolClient, rows: readonly GroupFileRow[]): Promise<PlanFile[]> {
  const steps = await stepsForFiles(client, rows);
  return rows.map((r) => ({
    id: r.id,
    dueOn: r.due_on,
    leftXof: Number(r.left_xof),
    steps: steps.get(r.id) ?? [],
    done: new Set(r.done),
  }));
}

export type Reservation =
  | { readonly kind: 'nothing' }
  | { readonly kind: 'reserved'; readonly reminderId: string; readonly creditorId: string | null };

/** Debtor contact facts read under the lock: opt-outs, the account's turned-off channels, addresses, SMS sent. */
async function channelFacts(client: pg.PoolClient, debtorKey: string, file: GroupFileRow, now: Date) {
  const optedOut = new Set<ReminderChannel>(await optedOutChannels(client, debtorKey));
  const addresses: Partial<Record<ReminderChannel, string | null>> = {};
  if (file.debtor_id !== null) {
    // An account: its own phone and e-mail (emit sends there), the app for push; its preferences count as a "stop".
    const { rows } = await client.query<{ email: string; phone_e164: string | null }>(
      'SELECT email, phone_e164 FROM accounts WHERE id = $1',
      [file.debtor_id],
    );
    addresses.sms = rows[0]?.phone_e164 ?? null;
    addresses.email = rows[0]?.email ?? null;
    addresses.push = 'app';
    const prefs = await client.query<{ event_type: string; channel: string }>(
      `SELECT event_type, channel FROM notification_preferences
        WHERE account_id = $1 AND NOT enabled AND event_type LIKE 'debt.reminder_%'`,
      [file.debtor_id],
    );
    for (const p of prefs.rows) {
      const channel = p.event_type.slice('debt.reminder_'.length) as ReminderChannel;
      if (p.channel === channel || (channel === 'push' && p.channel === 'in_app')) optedOut.add(channel);
    }
  } else {
    // A person known by name only: the file's own phone and e-mail, never anyone else's; no app to push to.
    addresses.sms = file.debtor_phone;
    addresses.email = file.debtor_email;
    addresses.push = null;
  }
  const { rows: sms } = await client.query<{ at: Date }>(
    `SELECT at FROM collection_contact_attempts WHERE debtor_key = $1 AND channel = 'sms'
        AND status IN ('queued', 'sent', 'delivered') AND at > $2 AND at <= $3`,
    [debtorKey, new Date(now.getTime() - smsWeekMs), now],
  );
  return { optedOut, addresses, smsSentAt: sms.map((s) => s.at) };
}

export async function reserveReminder(
  client: pg.PoolClient,
  input: { creditorKey: string; debtorKey: string; now: Date; configured: ReadonlySet<ReminderChannel> },
): Promise<Reservation> {
  const { creditorKey, debtorKey, now } = input;
  const day = abidjanDay(now);
  await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [debtorKey]);
  const { rows: existing } = await client.query<{ id: string; status: string; creditor_id: string | null }>(
    `SELECT r.id, r.status, nullif($1, 'ismail') AS creditor_id FROM collection_reminders r
      WHERE r.creditor_key = $1 AND r.debtor_key = $2 AND r.day = $3 FOR UPDATE`,
    [creditorKey, debtorKey, day],
  );
  const prior = existing[0];
  if (prior?.status === 'sent' || prior?.status === 'failed') return { kind: 'nothing' };
  // Reserved by an earlier run that did not finish (crash, race): the charge and the send resume it.
  if (prior?.status === 'sending') return { kind: 'reserved', reminderId: prior.id, creditorId: prior.creditor_id };

  const rows = await groupFiles(client, creditorKey, debtorKey, true);
  const files = await planFiles(client, rows);
  const plan = planReminder(files, day);
  const first = rows[0];
  if (plan === null || first === undefined) return { kind: 'nothing' };
  const fileIds = [...plan.stepsByFile.keys()];
  const totalDueXof = files.reduce((sum, f) => sum + Math.max(0, f.leftXof), 0);

  let reminderId: string;
  if (prior === undefined) {
    reminderId = randomUUID();
    const inserted = await client.query(
      `INSERT INTO collection_reminders (id, creditor_key, debtor_key, day, channels, file_ids, total_due_xof, status)
       VALUES ($1, $2, $3, $4, '{}', $5, $6, 'sending') ON CONFLICT DO NOTHING`,
      [reminderId, creditorKey, debtorKey, day, fileIds, totalDueXof],
    );
    if (inserted.rowCount === 0) return { kind: 'nothing' };
  } else {
    // Unfunded earlier today: tried again with today's plan.
    reminderId = prior.id;
    await client.query("UPDATE collection_reminders SET status = 'sending' WHERE id = $1", [reminderId]);
  }
  for (const [fileId, keys] of plan.stepsByFile)
    for (const key of keys)
      await client.query(
        `INSERT INTO collection_file_steps (file_id, step_key, reminder_id, done_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT DO NOTHING`,
        [fileId, key, reminderId, now],
      );
  const decisions = decideChannels(plan.step.channels, {
    now,
    configured: input.configured,
    ...(await channelFacts(client, debtorKey, first, now)),
  });
  for (const d of decisions)
    await client.query(
      `INSERT INTO collection_contact_attempts (reminder_id, debtor_key, channel, destination_masked, status, detail, at)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [reminderId, debtorKey, d.channel, maskDestination(d.channel, d.destination), d.status, d.detail, now],
    );
  const going = decisions.filter((d) => d.status === 'queued').map((d) => d.channel);
  // Nothing can go (opted out, no address, over the cap): nothing is charged. Opted out or no address, the steps stay
  // behind the file (tomorrow cannot reach them better); when the SMS cap alone stood in the way, they are given back
  // so the next day's allowance sends them instead of this creditor's reminder being lost.
  if (going.length === 0 && decisions.some((d) => d.status === 'skipped_cap'))
    await client.query('DELETE FROM collection_file_steps WHERE reminder_id = $1', [reminderId]);
  await client.query(
    `UPDATE collection_reminders SET channels = $2, file_ids = $3, total_due_xof = $4,
       status = CASE WHEN cardinality($2::text[]) = 0 THEN 'failed' ELSE status END WHERE id = $1`,
    [reminderId, going, fileIds, totalDueXof],
  );
  if (going.length === 0) return { kind: 'nothing' };
  return { kind: 'reserved', reminderId, creditorId: first.creditor_id };
}

/**
 * The creditor could not pay the 2 credits: the reminder waits as `unfunded` (tried again next run), its steps and its
 * reserved attempts are given back (nothing left the cloud), and each file's history says so once.
 */
export async function markUnfunded(client: pg.PoolClient, reminderId: string, now: Date): Promise<void> {
  const { rows } = await client.query<{ file_ids: string[] }>(
    "UPDATE collection_reminders SET status = 'unfunded' WHERE id = $1 AND status = 'sending' RETURNING file_ids",
    [reminderId],
  );
  const row = rows[0];
  if (row === undefined) return;
  await client.query('DELETE FROM collection_file_steps WHERE reminder_id = $1', [reminderId]);
  await client.query(
    'DELETE FROM collection_contact_attempts WHERE reminder_id = $1 AND notification_delivery_id IS NULL',
    [reminderId],
  );
  for (const fileId of row.file_ids)
    await client.query(
      `INSERT INTO collection_file_events (file_id, kind, detail, actor, at)
       SELECT $1, 'reminder', $2, 'job:debt-reminders', $3 WHERE NOT EXISTS (
         SELECT 1 FROM collection_file_events WHERE file_id = $1 AND kind = 'reminder' AND detail ->> 'unfunded' = $4)`,
      [
        fileId,
        {
          reminderId,
          unfunded: reminderId,
          message: 'Relance non envoyée : crédits insuffisants (2 crédits par relance). Elle repartira après recharge.',
        },
        now,
        reminderId,
      ],
    );
}
