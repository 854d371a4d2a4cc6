/**
 * What the reminder engine's suites share: a test cloud whose SMS and e-mail channels record what they are given,
 * debt files written as the files part writes them (SQL, so these suites do not depend on its routes), credits for a
 * creditor, and reads of reminders, attempts and charges.
 */
import { randomUUID } from 'node:crypto';
import type { ScenarioStep } from '@ismail/shared';
import type { DeliveryChannel, OutgoingMessage } from '../src/modules/notifications/channel.js';
import { bearer, type Signed } from './support/people.js';
import { openTestCloud, type TestCloud } from './support/test-cloud.js';
import type { TestBackend } from './support/databases.js';
import { cashHub } from './support/wallet-fixtures.js';

export interface EngineCloud extends TestCloud {
  readonly sent: OutgoingMessage[];
}

export async function openEngineCloud(backend: TestBackend): Promise<EngineCloud> {
  const sent: OutgoingMessage[] = [];
  const channel = (name: 'sms' | 'email'): DeliveryChannel => ({
    name,
    send: (message) => {
      sent.push(message);
      return Promise.resolve({ provider: 'test', providerMessageId: `m-${String(sent.length)}`, status: 'sent' });
    },
  });
  const cloud = await openTestCloud(backend, {
    logLevel: process.env.ENGINE_DEBUG === undefined ? 'silent' : 'warn',
    notifications: { channels: { sms: channel('sms'), email: channel('email') } },
  });
  // The outbox's queues exist once the service started (a server starts it; a test app does not by itself).
  await cloud.app.notifications.service.start();
  return { ...cloud, sent };
}

export const at = (iso: string): Date => new Date(iso);

export interface FileInput {
  readonly creditorId: string | null;
  readonly debtor: { id: string; name?: string } | { name: string; phone?: string; email?: string };
  readonly dueOn: string;
  readonly principalXof: number;
  readonly status?: string;
  readonly scenarioId?: string | null;
  readonly label?: string;
}

export async function insertFile(cloud: TestCloud, input: FileInput): Promise<string> {
  const id = randomUUID();
  const debtor = input.debtor;
  const closed = input.status === 'paid' || input.status === 'written_off';
  await cloud.db.pool.query(
    `INSERT INTO collection_files (id, creditor_id, debtor_id, debtor_name, debtor_phone, debtor_email, source,
       source_ref, label, principal_xof, paid_xof, due_on, status, prescription_on, scenario_id, closed_at)
     VALUES ($1, $2, $3, $4, $5, $6, 'manual', $7, $8, $9, $10, $11, $12, $11::date + 1825, $13, $14)`,
    [
      id,
      input.creditorId,
      'id' in debtor ? debtor.id : null,
      debtor.name ?? 'Débiteur',
      'phone' in debtor ? (debtor.phone ?? null) : null,
      'email' in debtor ? (debtor.email ?? null) : null,
      `test:${id}`,
      input.label ?? `Facture ${id.slice(0, 4)}`,
      input.principalXof,
      input.status === 'paid' ? input.principalXof : 0,
      input.dueOn,
      input.status ?? 'open',
      input.scenarioId ?? null,
      closed ? new Date() : null,
    ],
  );
  return id;
}

export async function fund(cloud: TestCloud, accountId: string, amountXof: number): Promise<void> {
  await cloud.app.wallet.operations.buyCreditsWithCash(
    { actor: { label: 'test' }, scope: 'system', idempotencyKey: `seed-${randomUUID()}` },
    { accountId, hubId: await cashHub(cloud.db), amountXof },
  );
}

export async function makeScenario(
  cloud: TestCloud,
  creditor: Signed,
  steps: ScenarioStep[],
  isDefault = true,
): Promise<string> {
  const response = await cloud.app.inject({
    method: 'POST',
    url: '/v1/debt-collection/scenarios',
    headers: bearer(creditor),
    payload: { name: `Scénario ${randomUUID().slice(0, 4)}`, steps, isDefault },
  });
  if (response.statusCode !== 201) throw new Error(response.body);
  return response.json<{ scenario: { id: string } }>().scenario.id;
}

export const step = (
  key: string,
  offsetDays: number,
  channels: ScenarioStep['channels'],
  extra: Partial<ScenarioStep> = {},
): ScenarioStep => ({
  key,
  offsetDays,
  action: 'remind',
  channels,
  textFr: '{creditor} : {total} restent dus ({files}). Payer : {link}',
  textEn: '{creditor}: {total} still due ({files}). Pay: {link}',
  ...extra,
});

export interface ReminderRow {
  id: string;
  creditor_key: string;
  debtor_key: string;
  day: string;
  status: string;
  total_due_xof: string;
  file_ids: string[];
  charge_operation_id: string | null;
}

export async function reminders(cloud: TestCloud, debtorKey?: string): Promise<ReminderRow[]> {
  const { rows } = await cloud.db.pool.query<ReminderRow>(
    `SELECT id, creditor_key, debtor_key, to_char(day, 'YYYY-MM-DD') AS day, status, total_due_xof, file_ids,
        charge_operation_id FROM collection_reminders WHERE $1::text IS NULL OR debtor_key = $1 ORDER BY day, created_at`,
    [debtorKey ?? null],
  );
  return rows;
}

export interface AttemptRow {
  reminder_id: string;
  debtor_key: string;
  channel: string;
  status: string;
  at: Date;
  destination_masked: string | null;
  notification_delivery_id: string | null;
}

export async function attempts(cloud: TestCloud, debtorKey?: string): Promise<AttemptRow[]> {
  const { rows } = await cloud.db.pool.query<AttemptRow>(
    `SELECT reminder_id, debtor_key, channel, status, at, destination_masked, notification_delivery_id
       FROM collection_contact_attempts WHERE $1::text IS NULL OR debtor_key = $1 ORDER BY id`,
    [debtorKey ?? null],
  );
  return rows;
}

/** The charges of reminders: one ledger operation per key `debt-reminder:<id>`. */
export async function reminderCharges(cloud: TestCloud): Promise<{ key: string; n: number }[]> {
  const { rows } = await cloud.db.pool.query<{ key: string; n: string }>(
    `SELECT idempotency_key AS key, count(*) AS n FROM ledger_operations
      WHERE idempotency_key LIKE 'debt-reminder:%' GROUP BY 1 ORDER BY 1`,
  );
  return rows.map((r) => ({ key: r.key, n: Number(r.n) }));
}

/** The message of the notification emitted for a reminder's channel (an account debtor). */
export async function messageOf(cloud: TestCloud, reminderId: string, channel: string): Promise<string | undefined> {
  const { rows } = await cloud.db.pool.query<{ message: string }>(
    "SELECT data ->> 'message' AS message FROM notifications WHERE event_key = $1",
    [`debt-reminder:${reminderId}:${channel}`],
  );
  return rows[0]?.message;
}
