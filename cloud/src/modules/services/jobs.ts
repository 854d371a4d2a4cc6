/**
 * Services' periodic work: payments whose release time came are captured (once, keyed per appointment), clients
 * are warned a day before a release, and both sides are reminded the day before an appointment. Each step is safe
 * to repeat: a notification's key is its appointment, a reminder's column is set in the same transaction.
 */
import type { Database } from '../../platform/db/database.js';
import type { PeriodicJob } from '../../platform/jobs/scheduler.js';
import { withTransaction } from '../../platform/db/transaction.js';
import type { ServiceEscrow } from './escrow.js';
import { appointmentPath, clip, localDateTime, type ServicesNotifier } from './notify.js';

/** Appointments handled per run: bounded work, the next run takes the rest. */
const perRun = 200;
const dayMs = 86_400_000;

interface Due {
  id: string;
  client_id: string;
  provider_id: string;
  client_name: string;
  provider_name: string;
  title: string;
  starts_at: Date;
  release_after: Date | null;
  time_zone: string;
}

const dueColumns = `a.id, a.client_id, a.provider_id, a.title, a.starts_at, a.release_after, p.time_zone,
  coalesce(c.first_name, c.display_name) AS client_name, p.display_name AS provider_name`;
const dueFrom =
  'service_appointments a JOIN accounts c ON c.id = a.client_id JOIN service_providers p ON p.account_id = a.provider_id';

/** Reminds both sides of appointments starting within a day. */
export async function remindAppointments(db: Database, notifier: ServicesNotifier, now: Date): Promise<number> {
  const { rows } = await db.pool.query<Due>(
    `SELECT ${dueColumns} FROM ${dueFrom}
     WHERE a.status = 'booked' AND a.reminded_at IS NULL AND a.starts_at > $1 AND a.starts_at <= $2
     ORDER BY a.starts_at LIMIT $3`,
    [now, new Date(now.getTime() + dayMs), perRun],
  );
  for (const r of rows)
    await withTransaction(db.pool, async (client) => {
      const link = `${notifier.publicUrl}${appointmentPath(r.id)}`;
      const startsAt = localDateTime(r.starts_at, r.time_zone);
      for (const [recipientId, otherName] of [
        [r.client_id, r.provider_name],
        [r.provider_id, r.client_name],
      ] as const)
        await notifier.send(
          client,
          {
            key: `services-reminder:${r.id}:${recipientId}`,
            type: 'services.appointment_reminder',
            recipientId,
            data: { otherName: clip(otherName, 120), title: clip(r.title, 200), startsAt, link },
          },
          client,
        );
      await client.query('UPDATE service_appointments SET reminded_at = $2 WHERE id = $1', [r.id, now]);
    });
  return rows.length;
}

/** Warns clients a day before their payment is released on its own. */
export async function warnReleases(db: Database, notifier: ServicesNotifier, now: Date): Promise<number> {
  const { rows } = await db.pool.query<Due>(
    `SELECT ${dueColumns} FROM ${dueFrom}
     WHERE a.status = 'done' AND a.release_warned_at IS NULL AND a.release_after <= $1
     ORDER BY a.release_after LIMIT $2`,
    [new Date(now.getTime() + dayMs), perRun],
  );
  for (const r of rows)
    await withTransaction(db.pool, async (client) => {
      await notifier.send(
        client,
        {
          key: `services-release-soon:${r.id}`,
          type: 'services.release_soon',
          recipientId: r.client_id,
          data: {
            title: clip(r.title, 200),
            releaseOn: localDateTime(r.release_after ?? now, r.time_zone),
            link: `${notifier.publicUrl}${appointmentPath(r.id)}`,
          },
        },
        client,
      );
      await client.query('UPDATE service_appointments SET release_warned_at = $2 WHERE id = $1', [r.id, now]);
    });
  return rows.length;
}

export function servicesJobs(
  db: Database,
  escrow: ServiceEscrow,
  notifier: ServicesNotifier,
  now: () => Date = () => new Date(),
): PeriodicJob[] {
  return [
    { name: 'services.auto-release', everyMs: 60_000, timeoutMs: 120_000, run: () => escrow.autoRelease(perRun) },
    {
      name: 'services.warn-releases',
      everyMs: 300_000,
      timeoutMs: 120_000,
      run: () => warnReleases(db, notifier, now()),
    },
    {
      name: 'services.remind-appointments',
      everyMs: 300_000,
      timeoutMs: 120_000,
      run: () => remindAppointments(db, notifier, now()),
    },
  ];
}
