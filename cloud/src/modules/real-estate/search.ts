/**
 * Finding listings (issue 25): filters on deal, kind, commune (accent- and case-insensitive), price, area, rooms,
 * furnished and a map box over the PUBLIC (fuzzed) point, never the exact one; only published listings whose period
 * still runs. Four sorts, each paged with an opaque keyset cursor (sort key, then id), so a listing published between
 * two pages neither repeats nor shifts the next one. Saved-search alerts reuse the same filters (`filterSql`).
 */
import type pg from 'pg';
import { AppError } from '@ismail/shared';
import type { ListingCard, SearchFilters, SearchQuery, SearchSort } from './search-schemas.js';

export const searchPageSize = 20;

type Queryable = Pick<pg.Pool | pg.PoolClient, 'query'>;
const invalid = (message: string): AppError => new AppError('VALIDATION_FAILED', message);
const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Parameters numbered as they are added: `$1`, `$2`... */
export class Params {
  readonly values: unknown[] = [];
  add(value: unknown): string {
    this.values.push(value);
    return `$${String(this.values.length)}`;
  }
}

/** `bbox` as the query gives it: minLngE6,minLatE6,maxLngE6,maxLatE6, each in range and min ≤ max. */
export function parseBbox(text: string): { minLng: number; minLat: number; maxLng: number; maxLat: number } {
  const parts = text.split(',').map(Number);
  const [minLng, minLat, maxLng, maxLat] = parts as [number, number, number, number];
  const lngOk = (v: number) => Number.isSafeInteger(v) && v >= -180_000_000 && v <= 180_000_000;
  const latOk = (v: number) => Number.isSafeInteger(v) && v >= -90_000_000 && v <= 90_000_000;
  if (parts.length !== 4 || !lngOk(minLng) || !lngOk(maxLng) || !latOk(minLat) || !latOk(maxLat))
    throw invalid('La zone de carte (bbox) est mal formée : minLngE6,minLatE6,maxLngE6,maxLatE6 en micro-degrés.');
  if (minLng > maxLng || minLat > maxLat)
    throw invalid('La zone de carte (bbox) est inversée : le minimum doit précéder le maximum.');
  return { minLng, minLat, maxLng, maxLat };
}

/**
 * The WHERE clauses of a search over `real_estate_listings l JOIN real_estate_properties p`: visible listings that
 * match the filters. Throws VALIDATION_FAILED on inconsistent filters (a price range upside down, a bad box).
 */
export function filterSql(filters: SearchFilters, params: Params, now: Date): string[] {
  const where = [`l.status = 'published'`, `l.expires_at > ${params.add(now)}`];
  if (filters.deal !== undefined) where.push(`l.deal = ${params.add(filters.deal)}`);
  if (filters.kind !== undefined) where.push(`p.kind = ${params.add(filters.kind)}`);
  if (filters.commune !== undefined)
    where.push(`services_fold(p.commune) = services_fold(${params.add(filters.commune.trim())})`);
  if (
    filters.minPriceXof !== undefined &&
    filters.maxPriceXof !== undefined &&
    filters.minPriceXof > filters.maxPriceXof
  )
    throw invalid('Le prix minimum dépasse le prix maximum.');
  if (filters.minPriceXof !== undefined) where.push(`l.price_xof >= ${params.add(filters.minPriceXof)}`);
  if (filters.maxPriceXof !== undefined) where.push(`l.price_xof <= ${params.add(filters.maxPriceXof)}`);
  if (filters.minAreaM2 !== undefined) where.push(`p.area_m2 >= ${params.add(filters.minAreaM2)}`);
  if (filters.minRooms !== undefined) where.push(`p.rooms >= ${params.add(filters.minRooms)}`);
  if (filters.furnished !== undefined) where.push(`p.furnished = ${params.add(filters.furnished)}`);
  if (filters.bbox !== undefined) {
    const box = parseBbox(filters.bbox);
    where.push(
      `p.public_lng_e6 BETWEEN ${params.add(box.minLng)} AND ${params.add(box.maxLng)}`,
      `p.public_lat_e6 BETWEEN ${params.add(box.minLat)} AND ${params.add(box.maxLat)}`,
    );
  }
  return where;
}

/** Each sort: its key as a bigint the cursor carries, the column compared, and its direction. */
const sorts: Readonly<Record<SearchSort, { key: string; column: (k: string) => string; desc: boolean }>> = {
  // Microseconds since the epoch: exact (extract gives a numeric), and compared on the column itself.
  newest: {
    key: '(extract(epoch FROM l.published_at) * 1000000)::bigint',
    column: (k) => `('epoch'::timestamptz + ${k}::bigint * interval '1 microsecond')`,
    desc: true,
  },
  price_asc: { key: 'l.price_xof', column: (k) => `${k}::bigint`, desc: false },
  price_desc: { key: 'l.price_xof', column: (k) => `${k}::bigint`, desc: true },
  area_desc: { key: 'p.area_m2::bigint', column: (k) => `${k}::bigint`, desc: true },
};
const sortColumn: Readonly<Record<SearchSort, string>> = {
  newest: 'l.published_at',
  price_asc: 'l.price_xof',
  price_desc: 'l.price_xof',
  area_desc: 'p.area_m2',
};

interface Cursor {
  readonly s: SearchSort;
  readonly k: string;
  readonly id: string;
}

const encodeCursor = (c: Cursor): string => Buffer.from(JSON.stringify(c)).toString('base64url');

function decodeCursor(text: string, sort: SearchSort): Cursor {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    throw invalid('Ce curseur de page n’est pas valable : recommencez la recherche.');
  }
  const c = parsed as Partial<Cursor> | null;
  if (
    c === null ||
    typeof c !== 'object' ||
    c.s !== sort ||
    typeof c.k !== 'string' ||
    !/^-?\d{1,19}$/.test(c.k) ||
    typeof c.id !== 'string' ||
    !uuidPattern.test(c.id)
  )
    throw invalid('Ce curseur de page n’est pas valable pour cette recherche : recommencez-la.');
  return c as Cursor;
}

/** The columns of a card, from `l` (listing) and `p` (property). */
export const cardColumns = `l.id, p.title, l.deal, p.kind, l.price_xof, l.charges_xof, p.area_m2, p.rooms, p.bedrooms,
  p.furnished, p.commune, p.neighbourhood, p.public_lat_e6, p.public_lng_e6, l.published_at,
  (SELECT ph.id FROM real_estate_photos ph WHERE ph.listing_id = l.id ORDER BY ph.position LIMIT 1) AS photo_id`;

export interface CardRow {
  id: string;
  title: string;
  deal: string;
  kind: string;
  price_xof: string;
  charges_xof: string;
  area_m2: number;
  rooms: number;
  bedrooms: number;
  furnished: boolean;
  commune: string;
  neighbourhood: string;
  public_lat_e6: number;
  public_lng_e6: number;
  published_at: Date | null;
  photo_id: string | null;
}

export const toCard = (r: CardRow): ListingCard => ({
  id: r.id,
  title: r.title,
  deal: r.deal,
  kind: r.kind,
  priceXof: Number(r.price_xof),
  chargesXof: Number(r.charges_xof),
  areaM2: r.area_m2,
  rooms: r.rooms,
  bedrooms: r.bedrooms,
  furnished: r.furnished,
  commune: r.commune,
  neighbourhood: r.neighbourhood,
  latE6: r.public_lat_e6,
  lngE6: r.public_lng_e6,
  photoId: r.photo_id,
  publishedAt: (r.published_at ?? new Date(0)).toISOString(),
});

/** The SQL and parameters of one page (exported so the plan can be EXPLAINed on a real server). */
export function searchSql(query: SearchQuery, now: Date, limit = searchPageSize): { text: string; values: unknown[] } {
  const sort = query.sort ?? 'newest';
  const params = new Params();
  const where = filterSql(query, params, now);
  const order = sorts[sort];
  if (query.cursor !== undefined) {
    const cursor = decodeCursor(query.cursor, sort);
    where.push(
      `(${sortColumn[sort]}, l.id) ${order.desc ? '<' : '>'} (${order.column(params.add(cursor.k))}, ${params.add(cursor.id)}::uuid)`,
    );
  }
  const dir = order.desc ? 'DESC' : 'ASC';
  return {
    text: `SELECT ${cardColumns}, ${order.key}::text AS sort_key
      FROM real_estate_listings l JOIN real_estate_properties p ON p.id = l.property_id
      WHERE ${where.join(' AND ')}
      ORDER BY ${sortColumn[sort]} ${dir}, l.id ${dir} LIMIT ${params.add(limit + 1)}`,
    values: params.values,
  };
}

export async function searchListings(
  q: Queryable,
  query: SearchQuery,
  now: Date = new Date(),
): Promise<{ listings: ListingCard[]; nextCursor: string | null }> {
  const sort = query.sort ?? 'newest';
  const { text, values } = searchSql(query, now);
  const { rows } = await q.query<CardRow & { sort_key: string }>(text, values);
  const page = rows.slice(0, searchPageSize);
  const last = page[page.length - 1];
  return {
    listings: page.map(toCard),
    nextCursor:
      rows.length > searchPageSize && last !== undefined
        ? encodeCursor({ s: sort, k: last.sort_key, id: last.id })
        : null,
  };
}
