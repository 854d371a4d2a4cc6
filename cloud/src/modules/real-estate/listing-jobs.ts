/**
 * The listings' periodic work (issue 25 item 7): published listings past their end expire (gone from search); owners
 * are reminded at D-7 and D-1 before the end (once each: the column is set in the reminder's transaction); owners of
 * listings published a while ago without confirmation are asked "still available?" (at most once per delay).
 */
import { availabilityPingAfterDays, expiryReminderDue } from '@ismail/shared';
import type { Database } from '../../platform/db/database.js';
import { appendAudit } from '../../platform/audit/audit-log.js';
import { withTransaction } from '../../platform/db/transaction.js';
import type { PeriodicJob } from '../../platform/jobs/scheduler.js';
import { clip, localDateTime, type ServicesNotifier } from '../services/notify.js';
import { myListingPath } from './listing-publish.js';

const perRun = 200;
const dayMs = 86_400_000;

/** Published listings whose period ended become expired. */
export async function expireListings(db: Database, now: Date): Promise<number> {
  return withTransaction(db.pool, async (client) => {
    const { rows } = await client.query<{ id: string }>(
      `UPDATE real_estate_listings SET status = 'expired', updated_at = now()
       WHERE id IN (SELECT id FROM real_estate_listings WHERE status = 'published' AND expires_at <= $1
                    ORDER BY expires_at LIMIT $2 FOR UPDATE SKIP LOCKED)
       RETURNING id`,
      [now, perRun],
    );
    if (rows.length > 0)
      await appendAudit(client, {
        actor: { label: 'job:real_estate.expire-listings' },
        action: 'real_estate.listings_expired',
        subject: { type: 'real_estate_listing', id: rows[0]?.id ?? '' },
        place: 'cloud',
        detail: { count: rows.length, ids: rows.slice(0, 50).map((r) => r.id) },
      });
    return rows.length;
  });
}

/** D-7 and D-1 reminders before a published listing ends. */
export async function remindExpiries(db: Database, notifier: ServicesNotifier, now: Date): Promise<number> {
  const { rows } = await db.pool.query<{
    id: string;
    owner_id: string;
    title: string;
    expires_at: Date;
    reminded_d7_at: Date | null;
    reminded_d1_at: Date | null;
  }>(
    `SELECT l.id, l.owner_id, p.title, l.expires_at, l.reminded_d7_at, l.reminded_d1_at
     FROM real_estate_listings l JOIN real_estate_properties p ON p.id = l.property_id
     WHERE l.status = 'published' AND l.expires_at > $1 AND l.expires_at <= $2
       AND (l.reminded_d7_at IS NULL OR l.reminded_d1_at IS NULL)
     ORDER BY l.expires_at LIMIT $3`,
    [now, new Date(now.getTime() + 7 * dayMs), perRun],
  );
  let sent = 0;
  for (const r of rows) {
    const due = expiryReminderDue(new Date(r.expires_at), now, {
      d7: r.reminded_d7_at !== null,
      d1: r.reminded_d1_at !== null,
    });
    if (due === null) continue;
    await withTransaction(db.pool, async (client) => {
      // The D-1 reminder also stands for a D-7 one never sent (a listing renewed late, or the job was down).
      const column =
        due === 'd7' ? 'reminded_d7_at = $2' : 'reminded_d1_at = $2, reminded_d7_at = coalesce(reminded_d7_at, $2)';
      const updated = await client.query(
        `UPDATE real_estate_listings SET ${column} WHERE id = $1 AND status = 'published' AND ${due === 'd7' ? 'reminded_d7_at' : 'reminded_d1_at'} IS NULL`,
        [r.id, now],
      );
      if (updated.rowCount !== 1) return;
      await notifier.send(
        client,
        {
          key: `re-expiring:${r.id}:${due}:${new Date(r.expires_at).toISOString()}`,
          type: 'real_estate.listing_expiring',
          recipientId: r.owner_id,
          data: {
            title: clip(r.title, 120),
            expiresOn: localDateTime(r.expires_at),
            link: `${notifier.publicUrl}${myListingPath(r.id)}`,
          },
        },
        client,
      );
      sent++;
    });
  }
  return sent;
}

/** "Still available?" to owners of listings published long ago and not confirmed since, once per delay. */
export async function pingAvailability(db: Database, notifier: ServicesNotifier, now: Date): Promise<number> {
  const before = new Date(now.getTime() - availabilityPingAfterDays * dayMs);
  const { rows } = await db.pool.query<{ id: string; owner_id: string; title: string }>(
    `SELECT l.id, l.owner_id, p.title FROM real_estate_listings l JOIN real_estate_properties p ON p.id = l.property_id
     WHERE l.status = 'published' AND l.published_at <= $1
       AND (l.availability_confirmed_at IS NULL OR l.availability_confirmed_at <= $1)
       AND (l.availability_asked_at IS NULL OR l.availability_asked_at <= $1)
     ORDER BY l.published_at LIMIT $2`,
    [before, perRun],
  );
  for (const r of rows)
    await withTransaction(db.pool, async (client) => {
      await client.query('UPDATE real_estate_listings SET availability_asked_at = $2 WHERE id = $1', [r.id, now]);
      await notifier.send(
        client,
        {
          key: `re-available:${r.id}:${now.toISOString()}`,
          type: 'real_estate.availability_check',
          recipientId: r.owner_id,
          data: { title: clip(r.title, 120), link: `${notifier.publicUrl}${myListingPath(r.id)}` },
        },
        client,
      );
    });
  return rows.length;
}

export function listingJobs(db: Database, notifier: ServicesNotifier, now: () => Date): PeriodicJob[] {
  return [
    { name: 'real-estate.expire-listings', everyMs: 60_000, timeoutMs: 120_000, run: () => expireListings(db, now()) },
    {
      name: 'real-estate.remind-expiries',
      everyMs: 3_600_000,
      timeoutMs: 120_000,
      run: () => remindExpiries(db, notifier, now()),
    },
    {
      name: 'real-estate.availability-pings',
      everyMs: 3_600_000,
      timeoutMs: 120_000,
      run: () => pingAvailability(db, notifier, now()),
    },
  ];
}
