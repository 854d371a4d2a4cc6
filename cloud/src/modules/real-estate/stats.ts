/**
 * The owner's statistics (issue 25): per listing its views, contacts and visits, with totals; and one listing's daily
 * series with every day present (zeros filled), the chart's x axis. Visits are the confirmed ones (confirmed, done or
 * missed), as the daily rows count them at confirmation. Only the owner's side reads them (owner or its staff).
 */
import { AppError } from '@ismail/shared';
import type { Database } from '../../platform/db/database.js';
import type { DailySeries, Dashboard } from './search-schemas.js';

/** The listings a dashboard shows at most: the newest first. */
const dashboardMax = 500;
export const dailyDaysMax = 90;

const confirmedVisits = `(SELECT count(*)::int FROM real_estate_visits v
  WHERE v.listing_id = l.id AND v.status IN ('confirmed', 'done', 'no_show'))`;

export async function ownerDashboard(db: Database, ownerId: string, now: Date = new Date()): Promise<Dashboard> {
  const { rows } = await db.pool.query<{
    id: string;
    title: string;
    status: string;
    views: number;
    contacts: number;
    visits: number;
    expires_at: Date | null;
    live: boolean;
  }>(
    `SELECT l.id, p.title, l.status, l.views, l.contacts, ${confirmedVisits} AS visits, l.expires_at,
       (l.status = 'published' AND l.expires_at > $2) AS live
     FROM real_estate_listings l JOIN real_estate_properties p ON p.id = l.property_id
     WHERE l.owner_id = $1 ORDER BY l.created_at DESC, l.id LIMIT $3`,
    [ownerId, now, dashboardMax],
  );
  const totals = { views: 0, contacts: 0, visits: 0, published: 0 };
  for (const r of rows) {
    totals.views += r.views;
    totals.contacts += r.contacts;
    totals.visits += r.visits;
    if (r.live) totals.published += 1;
  }
  return {
    listings: rows.map((r) => ({
      id: r.id,
      title: r.title,
      status: r.status,
      views: r.views,
      contacts: r.contacts,
      visits: r.visits,
      expiresAt: r.expires_at === null ? null : r.expires_at.toISOString(),
    })),
    totals,
  };
}

/** The last `days` days up to today (UTC, Abidjan's time), oldest first, zeros where nothing happened. */
export async function listingDaily(
  db: Database,
  ownerId: string,
  listingId: string,
  days: number,
  now: Date = new Date(),
): Promise<DailySeries> {
  const { rows: owned } = await db.pool.query('SELECT 1 FROM real_estate_listings WHERE id = $1 AND owner_id = $2', [
    listingId,
    ownerId,
  ]);
  if (owned.length === 0) throw new AppError('NOT_FOUND', 'Cette annonce n’existe pas.');
  const today = now.toISOString().slice(0, 10);
  const { rows } = await db.pool.query<{ day: string; views: number; contacts: number; visits: number }>(
    `SELECT to_char(g.day, 'YYYY-MM-DD') AS day, coalesce(d.views, 0) AS views, coalesce(d.contacts, 0) AS contacts,
       coalesce(d.visits, 0) AS visits
     FROM generate_series($2::date - ($3::int - 1), $2::date, interval '1 day') AS g (day)
     LEFT JOIN real_estate_listing_daily d ON d.listing_id = $1 AND d.day = g.day::date
     ORDER BY g.day`,
    [listingId, today, days],
  );
  return { days: rows };
}
