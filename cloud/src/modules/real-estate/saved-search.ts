/**
 * Saved searches (issue 25): a candidate keeps up to 20 searches, each its filters as the search route takes them.
 * With alerts on, a periodic job counts the listings published since the search's `alerted_until` that match its
 * filters (the very WHERE clauses of the search, so an expired, withdrawn or suspended listing never alerts), sends one
 * `real_estate.search_alert` with that count, and moves `alerted_until`, in one transaction per search.
 */
import { randomUUID } from 'node:crypto';
import { AppError } from '@ismail/shared';
import type { Database } from '../../platform/db/database.js';
import { withTransaction } from '../../platform/db/transaction.js';
import type { ServicesNotifier } from '../services/notify.js';
import type { SavedSearch, SavedSearchInput, SearchFilters } from './search-schemas.js';
import { filterSql, Params } from './search.js';

export const savedSearchesMax = 20;
/** Searches handled per run: bounded work, the next run takes the rest (oldest alerted first). */
const perRun = 500;
/**
 * Alerts look at listings published up to this long ago, not up to now: a listing's `published_at` is set inside a
 * transaction that may commit a little later, and must not fall behind an `alerted_until` already moved past it.
 */
export const alertLagMs = 60_000;

interface Row {
  id: string;
  name: string;
  filters: SearchFilters;
  alerts: boolean;
  created_at: Date;
}

const toSaved = (r: Row): SavedSearch => ({
  id: r.id,
  name: r.name,
  filters: r.filters,
  alerts: r.alerts,
  createdAt: r.created_at.toISOString(),
});

export async function listSavedSearches(db: Database, accountId: string): Promise<{ searches: SavedSearch[] }> {
  const { rows } = await db.pool.query<Row>(
    `SELECT id, name, filters, alerts, created_at FROM real_estate_saved_searches WHERE account_id = $1
     ORDER BY created_at DESC, id LIMIT ${String(savedSearchesMax)}`,
    [accountId],
  );
  return { searches: rows.map(toSaved) };
}

export async function saveSearch(
  db: Database,
  accountId: string,
  input: SavedSearchInput,
  now: Date = new Date(),
): Promise<SavedSearch> {
  // The filters must make a valid search (a box in range, a price range the right way up) before they are kept.
  filterSql(input.filters, new Params(), now);
  return withTransaction(db.pool, async (client) => {
    // The account's row is the lock: two saves at once cannot both pass the count.
    await client.query('SELECT 1 FROM accounts WHERE id = $1 FOR UPDATE', [accountId]);
    const { rows: counted } = await client.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM real_estate_saved_searches WHERE account_id = $1',
      [accountId],
    );
    if ((counted[0]?.n ?? 0) >= savedSearchesMax)
      throw new AppError(
        'CONFLICT',
        `Vous avez déjà ${String(savedSearchesMax)} recherches enregistrées : supprimez-en une avant d’en ajouter.`,
      );
    const { rows } = await client.query<Row>(
      `INSERT INTO real_estate_saved_searches (id, account_id, name, filters, alerts, alerted_until)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING id, name, filters, alerts, created_at`,
      [randomUUID(), accountId, input.name.trim(), JSON.stringify(input.filters), input.alerts ?? true, now],
    );
    return toSaved(rows[0] as Row);
  });
}

export async function deleteSavedSearch(db: Database, accountId: string, searchId: string): Promise<void> {
  const { rowCount } = await db.pool.query('DELETE FROM real_estate_saved_searches WHERE id = $1 AND account_id = $2', [
    searchId,
    accountId,
  ]);
  if (rowCount !== 1) throw new AppError('NOT_FOUND', 'Cette recherche enregistrée n’existe pas.');
}

/** The portal's search page with these filters, for the alert's link. */
export function searchLink(publicUrl: string, filters: SearchFilters): string {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(filters)) if (value !== undefined) query.set(key, String(value));
  const text = query.toString();
  return `${publicUrl}/immobilier${text === '' ? '' : `?${text}`}`;
}

/** One run of the alerts job: the number of alerts sent. */
export async function sendSearchAlerts(db: Database, notifier: ServicesNotifier, now: Date): Promise<number> {
  const upTo = new Date(now.getTime() - alertLagMs);
  const { rows: due } = await db.pool.query<{ id: string }>(
    `SELECT s.id FROM real_estate_saved_searches s JOIN accounts a ON a.id = s.account_id
     WHERE s.alerts AND s.alerted_until < $1 AND a.status = 'active'
     ORDER BY s.alerted_until, s.id LIMIT $2`,
    [upTo, perRun],
  );
  let sent = 0;
  for (const { id } of due)
    await withTransaction(db.pool, async (client) => {
      // Locked and read again: a second process running the job at once finds it moved and sends nothing.
      const { rows } = await client.query<Row & { account_id: string; alerted_until: Date }>(
        `SELECT id, account_id, name, filters, alerts, created_at, alerted_until FROM real_estate_saved_searches
         WHERE id = $1 AND alerts AND alerted_until < $2 FOR UPDATE`,
        [id, upTo],
      );
      const search = rows[0];
      if (search === undefined) return;
      const params = new Params();
      let where: string[];
      try {
        where = filterSql(search.filters, params, now);
      } catch {
        // Filters kept before a rule tightened: nothing can match them; the search only moves on.
        where = ['false'];
      }
      where.push(`l.published_at > ${params.add(search.alerted_until)}`, `l.published_at <= ${params.add(upTo)}`);
      const { rows: counted } = await client.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM real_estate_listings l JOIN real_estate_properties p ON p.id = l.property_id
         WHERE ${where.join(' AND ')}`,
        params.values,
      );
      const count = counted[0]?.n ?? 0;
      if (count > 0) {
        await notifier.send(
          client,
          {
            key: `real-estate-search-alert:${search.id}:${upTo.toISOString()}`,
            type: 'real_estate.search_alert',
            recipientId: search.account_id,
            data: { searchName: search.name, count, link: searchLink(notifier.publicUrl, search.filters) },
          },
          client,
        );
        sent += 1;
      }
      await client.query('UPDATE real_estate_saved_searches SET alerted_until = $2 WHERE id = $1', [search.id, upTo]);
    });
  return sent;
}
