/**
 * The visit reminder: confirmed visits starting within a day remind the visitor and the agent, once. The reminder's
 * column is set in the notification's transaction, and the notifications are keyed per visit and recipient, so a run
 * repeated or overlapping sends nothing twice.
 */
import type { Database } from '../../platform/db/database.js';
import type { PeriodicJob } from '../../platform/jobs/scheduler.js';
import { withTransaction } from '../../platform/db/transaction.js';
import { clip, localDateTime, type ServicesNotifier } from '../services/notify.js';
import { visitPath } from './visits.js';

/** Visits handled per run: bounded work, the next run takes the rest. */
const perRun = 200;
const dayMs = 86_400_000;

export async function remindVisits(db: Database, notifier: ServicesNotifier, now: Date): Promise<number> {
  const { rows } = await db.pool.query<{
    id: string;
    visitor_id: string;
    agent_id: string;
    visitor_name: string;
    agent_name: string;
    title: string;
    starts_at: Date;
  }>(
    `SELECT v.id, v.visitor_id, v.agent_id, p.title, v.starts_at, ag.display_name AS agent_name,
       coalesce(nullif(concat_ws(' ', va.first_name, left(va.last_name, 1) || '.'), ''), va.display_name) AS visitor_name
     FROM real_estate_visits v JOIN real_estate_properties p ON p.id = v.property_id
       JOIN accounts va ON va.id = v.visitor_id JOIN accounts ag ON ag.id = v.agent_id
     WHERE v.status = 'confirmed' AND v.reminded_at IS NULL AND v.starts_at > $1 AND v.starts_at <= $2
     ORDER BY v.starts_at LIMIT $3`,
    [now, new Date(now.getTime() + dayMs), perRun],
  );
  let reminded = 0;
  for (const r of rows)
    await withTransaction(db.pool, async (client) => {
      // Taken again under lock: a concurrent run, or a cancellation since the read, leaves nothing to remind.
      const claimed = await client.query(
        "UPDATE real_estate_visits SET reminded_at = $2 WHERE id = $1 AND status = 'confirmed' AND reminded_at IS NULL",
        [r.id, now],
      );
      if (claimed.rowCount !== 1) return;
      reminded++;
      for (const [recipientId, otherName, side] of [
        [r.visitor_id, r.agent_name, 'visitor'],
        [r.agent_id, r.visitor_name, 'agent'],
      ] as const)
        await notifier.send(
          client,
          {
            key: `real_estate.visit_reminder:${r.id}:${recipientId}`,
            type: 'real_estate.visit_reminder',
            recipientId,
            data: {
              otherName: clip(otherName, 120),
              title: clip(r.title, 120),
              startsAt: localDateTime(r.starts_at),
              link: `${notifier.publicUrl}${visitPath(side)}`,
            },
          },
          client,
        );
    });
  return reminded;
}

export function visitJobs(db: Database, notifier: ServicesNotifier, now: () => Date = () => new Date()): PeriodicJob[] {
  return [
    {
      name: 'real-estate.remind-visits',
      // Every minute: one indexed read (confirmed, not reminded, within a day) when there is nothing to do.
      everyMs: 60_000,
      timeoutMs: 120_000,
      run: () => remindVisits(db, notifier, now()),
    },
  ];
}
