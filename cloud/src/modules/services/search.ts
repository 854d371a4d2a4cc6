/**
 * Finding providers (issue 24 item 2): by category, commune, distance, French keyword (accent- and case-insensitive),
 * minimum rating and availability in a window; paged with an opaque keyset cursor, so a provider saved between two
 * pages neither repeats nor shifts the next one. Distances are measured from the PUBLIC (fuzzed) position, in SQL,
 * never from the exact one. Sorted by distance when a place is given (lat/lng, or the commune's centre), else by
 * rating; ties by id. The availability check runs `freeSlots` per candidate, over at most `availabilityCandidatesMax`.
 */
import type pg from 'pg';
import { AppError, freeSlots, instantToLocal, localToInstant, placeOf, slotDaysMax } from '@ismail/shared';
import { busyRanges, scheduleOf } from './availability-store.js';
import { searchLimitDefault, type ProviderCard, type SearchQuery } from './discovery-schemas.js';
import { cardColumns, toCard, type CardRow } from './profiles.js';

/** Providers whose slots are computed for one page at most: each costs four queries. */
export const availabilityCandidatesMax = 200;
/** The duration checked for a provider with no active offer: an hour is the usual call-out. */
const defaultCheckMinutes = 60;
/** Sort key of a provider without a public position: after every real distance (Earth's circumference ~40,000 km). */
const noPositionKey = 1_000_000_000;
const dayMs = 86_400_000;

type Mode = 'distance' | 'rating';
interface Cursor {
  readonly m: 'd' | 'r';
  readonly k: number;
  readonly id: string;
}

const invalid = (message: string): AppError => new AppError('VALIDATION_FAILED', message);
const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export const encodeCursor = (c: Cursor): string => Buffer.from(JSON.stringify(c)).toString('base64url');

function decodeCursor(text: string, mode: Mode): Cursor {
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
    c.m !== (mode === 'distance' ? 'd' : 'r') ||
    !Number.isSafeInteger(c.k) ||
    typeof c.id !== 'string' ||
    !uuidPattern.test(c.id)
  )
    throw invalid('Ce curseur de page n’est pas valable pour cette recherche : recommencez-la.');
  return c as Cursor;
}

/** Haversine in metres from ($lat, $lng) in micro-degrees to the public position, as shared's distanceMetres. */
const distanceSql = (lat: string, lng: string): string => `CASE WHEN p.public_lat_e6 IS NULL THEN NULL ELSE
  round(2 * 6371000 * asin(least(1, sqrt(
    power(sin(radians((p.public_lat_e6 - ${lat})::float8 / 1e6) / 2), 2)
    + cos(radians(${lat}::float8 / 1e6)) * cos(radians(p.public_lat_e6::float8 / 1e6))
    * power(sin(radians((p.public_lng_e6 - ${lng})::float8 / 1e6) / 2), 2)))))::bigint END`;

interface Window {
  readonly from: Date;
  readonly to: Date;
}

function windowOf(query: SearchQuery): Window | null {
  if (query.availableFrom === undefined && query.availableTo === undefined) return null;
  if (query.availableFrom === undefined || query.availableTo === undefined)
    throw invalid('Donnez le début et la fin de la période de disponibilité (availableFrom et availableTo).');
  const from = new Date(query.availableFrom);
  const to = new Date(query.availableTo);
  if (!(to > from)) throw invalid('La fin de la période doit suivre son début.');
  if (to.getTime() - from.getTime() > slotDaysMax * dayMs)
    throw invalid(`La période de disponibilité dure au plus ${String(slotDaysMax)} jours.`);
  return { from, to };
}

/** Whether the provider has one free slot inside the window, by the same rules as its slot list. */
async function freeIn(
  pool: pg.Pool,
  providerId: string,
  shortestOfferMinutes: number | null,
  window: Window,
  now: Date,
): Promise<boolean> {
  // A provider deactivated since the candidates were read has no free time.
  const schedule = await scheduleOf(pool, providerId, now).catch((error: unknown) => {
    if (error instanceof AppError && error.code === 'NOT_FOUND') return null;
    throw error;
  });
  if (schedule === null) return false;
  const durationMinutes = shortestOfferMinutes ?? defaultCheckMinutes;
  const fromDay = instantToLocal(window.from, schedule.timeZone).day;
  const start = localToInstant(fromDay, 0, schedule.timeZone);
  const days = Math.min(slotDaysMax, Math.ceil((window.to.getTime() - start.getTime()) / dayMs) + 1);
  // A day on each side: a job's buffers reach past the window's edges.
  const busy = await busyRanges(
    pool,
    providerId,
    new Date(start.getTime() - dayMs),
    new Date(window.to.getTime() + dayMs),
  );
  return freeSlots(schedule, { fromDay, days, durationMinutes, busy, now }).some(
    (s) => Date.parse(s.startsAt) >= window.from.getTime() && Date.parse(s.endsAt) <= window.to.getTime(),
  );
}

export async function searchProviders(
  pool: pg.Pool,
  query: SearchQuery,
  now: Date = new Date(),
): Promise<{ providers: ProviderCard[]; next: string | null }> {
  const limit = query.limit ?? searchLimitDefault;
  if ((query.lat === undefined) !== (query.lng === undefined))
    throw invalid('Donnez la latitude et la longitude ensemble (lat et lng).');
  const commune = query.commune === undefined ? undefined : placeOf(query.commune);
  if (query.commune !== undefined && commune === undefined)
    throw invalid(`La commune « ${query.commune} » n’est pas desservie par ISMAIL.`);
  const origin =
    query.lat !== undefined && query.lng !== undefined
      ? { latE6: Math.round(query.lat * 1e6), lngE6: Math.round(query.lng * 1e6) }
      : commune === undefined
        ? null
        : { latE6: commune.latE6, lngE6: commune.lngE6 };
  if (query.radiusKm !== undefined && origin === null)
    throw invalid('Un rayon (radiusKm) demande un lieu : lat et lng, ou une commune.');
  const window = windowOf(query);
  const mode: Mode = origin === null ? 'rating' : 'distance';
  const cursor = query.cursor === undefined ? null : decodeCursor(query.cursor, mode);

  const params: unknown[] = [];
  const param = (value: unknown): string => {
    params.push(value);
    return `$${String(params.length)}`;
  };
  const where = ['p.active'];
  if (query.category !== undefined) where.push(`p.categories @> ARRAY[${param(query.category)}]::text[]`);
  if (commune !== undefined) where.push(`p.communes @> ARRAY[${param(commune.commune)}]::text[]`);
  if (query.q !== undefined) {
    const q = param(query.q);
    const like = param(query.q.replace(/[\\%_]/g, (m) => `\\${m}`));
    where.push(`(to_tsvector('french', services_fold(p.search_text)) @@ plainto_tsquery('french', services_fold(${q}))
      OR services_fold(p.display_name) LIKE '%' || services_fold(${like}) || '%')`);
  }
  if (query.minRating !== undefined)
    where.push(
      `p.rating_count > 0 AND p.rating_sum * 10 >= ${param(Math.round(query.minRating * 10))} * p.rating_count`,
    );
  // Without any opening hours a provider has no free slot: not worth a place among the candidates checked.
  if (window !== null)
    where.push(`(EXISTS (SELECT 1 FROM service_availability_rules r WHERE r.provider_id = p.account_id)
      OR EXISTS (SELECT 1 FROM service_availability_exceptions e
                 WHERE e.provider_id = p.account_id AND e.start_minute IS NOT NULL))`);
  const distance = origin === null ? 'NULL::bigint' : distanceSql(param(origin.latE6), param(origin.lngE6));
  const key =
    mode === 'distance'
      ? `coalesce(${distance}, ${String(noPositionKey)})`
      : '-(CASE WHEN p.rating_count > 0 THEN (p.rating_sum::bigint * 1000) / p.rating_count ELSE -1 END)';
  const outer: string[] = [];
  if (query.radiusKm !== undefined) outer.push(`c.sort_key <= ${param(query.radiusKm * 1000)}`);
  if (cursor !== null) outer.push(`(c.sort_key, c.id) > (${param(cursor.k)}::bigint, ${param(cursor.id)}::uuid)`);
  const shortest =
    window === null
      ? 'NULL::int'
      : '(SELECT min(o.duration_minutes) FROM service_offers o WHERE o.provider_id = p.account_id AND o.active)::int';
  const fetch = window === null ? limit + 1 : availabilityCandidatesMax;
  const { rows } = await pool.query<
    CardRow & { sort_key: string; distance_m: string | null; shortest_minutes: number | null }
  >(
    `SELECT * FROM (
       SELECT ${cardColumns}, ${distance} AS distance_m, ${key} AS sort_key, ${shortest} AS shortest_minutes
       FROM service_providers p JOIN accounts a ON a.id = p.account_id
       WHERE ${where.join(' AND ')}
     ) c ${outer.length === 0 ? '' : `WHERE ${outer.join(' AND ')}`}
     ORDER BY c.sort_key, c.id LIMIT ${param(fetch)}`,
    params,
  );
  const cursorOf = (row: { sort_key: string; id: string }): string =>
    encodeCursor({ m: mode === 'distance' ? 'd' : 'r', k: Number(row.sort_key), id: row.id });

  const kept: typeof rows = [];
  let lastExamined: (typeof rows)[number] | undefined;
  for (const row of rows) {
    if (kept.length === limit + 1) break;
    lastExamined = row;
    if (window === null || (await freeIn(pool, row.id, row.shortest_minutes, window, now))) kept.push(row);
  }
  const page = kept.slice(0, limit);
  const last = page[page.length - 1];
  let next: string | null = null;
  if (kept.length > limit && last !== undefined) next = cursorOf(last);
  // Every candidate was examined and the page is short: the next page goes on after the last one looked at.
  else if (window !== null && rows.length === availabilityCandidatesMax && lastExamined !== undefined)
    next = cursorOf(lastExamined);
  return {
    providers: page.map((r) => toCard(r, mode === 'distance' && r.distance_m !== null ? Number(r.distance_m) : null)),
    next,
  };
}
