/**
 * A listing's page (issue 25): anyone signed in reads a published listing whose period runs; its owner (or the
 * owner's staff), its agent and admins read it in any state; others get 404, as if it did not exist. The exact
 * position is shown only to the owner and agent, to a visitor whose visit was confirmed, or when the owner did not ask
 * for it to be fuzzed; everyone else gets the public point. Views and contacts are counted once per viewer, listing and
 * day (the owner's side never counts), on the listing and in its daily row for the owner's chart.
 */
import type pg from 'pg';
import { AppError } from '@ismail/shared';
import type { Database } from '../../platform/db/database.js';
import { withTransaction } from '../../platform/db/transaction.js';
import type { ListingDetail } from './search-schemas.js';
import { cardColumns, toCard, type CardRow } from './search.js';

/** Who is reading: the signed-in account, the account it acts for (staff act for their partner), and admin scope. */
export interface Reader {
  readonly accountId: string;
  readonly ownerId: string;
  readonly admin: boolean;
}

interface DetailRow extends CardRow {
  owner_id: string;
  agent_id: string;
  status: string;
  live: boolean;
  description: string;
  bathrooms: number;
  video_url: string | null;
  deposit_months: number;
  advance_months: number;
  expires_at: Date | null;
  fuzz_position: boolean;
  lat_e6: number;
  lng_e6: number;
  agent_name: string;
  contact_phone: string;
}

const notFound = (): AppError => new AppError('NOT_FOUND', 'Cette annonce n’existe pas ou n’est plus publiée.');

async function readRow(q: Pick<pg.Pool, 'query'>, listingId: string, now: Date): Promise<DetailRow | undefined> {
  const { rows } = await q.query<DetailRow>(
    `SELECT ${cardColumns}, l.owner_id, l.agent_id, l.status, l.contact_phone,
       (l.status = 'published' AND l.expires_at > $2) AS live,
       p.description, p.bathrooms, p.video_url, l.deposit_months, l.advance_months, l.expires_at,
       p.fuzz_position, p.lat_e6, p.lng_e6, coalesce(a.display_name, '') AS agent_name
     FROM real_estate_listings l JOIN real_estate_properties p ON p.id = l.property_id
     LEFT JOIN accounts a ON a.id = l.agent_id
     WHERE l.id = $1`,
    [listingId, now],
  );
  return rows[0];
}

/** The owner's side: the owner (or its staff) and the agent. Their own looks are never counted. */
const ownSide = (row: DetailRow, reader: Reader): boolean =>
  row.owner_id === reader.ownerId || row.owner_id === reader.accountId || row.agent_id === reader.accountId;

/** The listing as `reader` may see it, or NOT_FOUND. */
async function visibleRow(db: Database, listingId: string, reader: Reader, now: Date): Promise<DetailRow> {
  const row = await readRow(db.pool, listingId, now);
  if (row === undefined) throw notFound();
  if (!row.live && !ownSide(row, reader) && !reader.admin) throw notFound();
  return row;
}

/**
 * Views and contacts already counted today, per process: the schema keeps no per-viewer row, so a second process (or
 * a restart) may count a viewer once more the same day. Bounded: the oldest keys go first past `seenMax`.
 */
const seen = new Map<string, true>();
const seenMax = 100_000;

function firstToday(kind: 'view' | 'contact', listingId: string, viewerId: string, day: string): boolean {
  const key = `${day}|${kind}|${listingId}|${viewerId}`;
  if (seen.has(key)) return false;
  if (seen.size >= seenMax) {
    const oldest = seen.keys().next();
    if (oldest.done !== true) seen.delete(oldest.value);
  }
  seen.set(key, true);
  return true;
}

/** The day in Abidjan (UTC all year), as the owner's chart groups it. */
export const dayOf = (at: Date): string => at.toISOString().slice(0, 10);

async function count(db: Database, kind: 'view' | 'contact', listingId: string, now: Date): Promise<void> {
  const column = kind === 'view' ? 'views' : 'contacts';
  await withTransaction(db.pool, async (client) => {
    await client.query(`UPDATE real_estate_listings SET ${column} = ${column} + 1 WHERE id = $1`, [listingId]);
    await client.query(
      `INSERT INTO real_estate_listing_daily (listing_id, day, ${column}) VALUES ($1, $2, 1)
       ON CONFLICT (listing_id, day) DO UPDATE SET ${column} = real_estate_listing_daily.${column} + 1`,
      [listingId, dayOf(now)],
    );
  });
}

export async function readListing(
  db: Database,
  listingId: string,
  reader: Reader,
  now: Date = new Date(),
): Promise<ListingDetail> {
  const row = await visibleRow(db, listingId, reader, now);
  const own = ownSide(row, reader);
  let exact = own || !row.fuzz_position;
  if (!exact) {
    const { rows } = await db.pool.query(
      `SELECT 1 FROM real_estate_visits WHERE listing_id = $1 AND visitor_id = $2 AND status = 'confirmed' LIMIT 1`,
      [listingId, reader.accountId],
    );
    exact = rows.length > 0;
  }
  const { rows: photos } = await db.pool.query<{ id: string }>(
    'SELECT id FROM real_estate_photos WHERE listing_id = $1 ORDER BY position LIMIT 20',
    [listingId],
  );
  if (row.live && !own && firstToday('view', listingId, reader.accountId, dayOf(now)))
    await count(db, 'view', listingId, now);
  const card = toCard(row);
  return {
    ...card,
    latE6: exact ? row.lat_e6 : row.public_lat_e6,
    lngE6: exact ? row.lng_e6 : row.public_lng_e6,
    description: row.description,
    bathrooms: row.bathrooms,
    videoUrl: row.video_url,
    depositMonths: row.deposit_months,
    advanceMonths: row.advance_months,
    photos,
    agentName: row.agent_name,
    exactPosition: exact,
    expiresAt: row.expires_at === null ? null : row.expires_at.toISOString(),
  };
}

/** The phone to call about a listing; a candidate's first reveal of the day counts a contact. */
export async function revealContact(
  db: Database,
  listingId: string,
  reader: Reader,
  now: Date = new Date(),
): Promise<{ phone: string }> {
  const row = await visibleRow(db, listingId, reader, now);
  if (row.live && !ownSide(row, reader) && firstToday('contact', listingId, reader.accountId, dayOf(now)))
    await count(db, 'contact', listingId, now);
  return { phone: row.contact_phone };
}
