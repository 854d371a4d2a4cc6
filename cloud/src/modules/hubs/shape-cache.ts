import type { ShapeMessage } from '@ismail/shared';

/**
 * HTTP caching of the hub shape feed (issue 29.6), as Electric's sync service does it: an
 * `etag` on every answer and a `cache-control` by kind of answer, so a cache can keep a page
 * and ask "still this one?" (If-None-Match, answered 304 without the rows).
 *
 * Why `private` where Electric says `public`: every hub request carries a one-time signature
 * (a nonce the cloud records) and a token only the cloud can check (http/hub-auth), and the
 * answer holds one partner's rows (or one hub's). A shared cache (CDN, proxy) that answered
 * from its store would skip that check, and the URL alone (`table=shop_products&offset=-1`,
 * no handle yet) is the same for every hub: it would hand one hub's catalog to another. So
 * shared caches must not store these answers; a hub's own HTTP cache may, with Electric's
 * lifetimes. To collapse requests at a CDN, put it between the cloud and an Electric sync
 * service (the proxy mode of issue 29.6), keyed on the shape's `where`, behind the cloud's check.
 *
 * The etag carries the handle, which names whose rows these are (`<table>-<partner or hub
 * id>`), so an etag of one partner's shape never matches another's answer: hub B sending
 * hub A's etag gets its own rows (200), never a 304 that would keep A's.
 */

/** One answer of the feed: status, headers (Electric's and caching), the messages. */
export interface ShapeResponse {
  readonly status: 200 | 304 | 409;
  readonly headers: Record<string, string>;
  readonly body: ShapeMessage[];
}

/** Snapshot pages (offset -1 and "P_r"): Electric's lifetimes for them (a week, stale for a month). */
export const snapshotCacheControl = 'private, max-age=604800, stale-while-revalidate=2629746';
/** Log reads that do not wait: Electric's defaults (ELECTRIC_CACHE_MAX_AGE 60, ELECTRIC_CACHE_STALE_AGE 300). */
export const logCacheControl = 'private, max-age=60, stale-while-revalidate=300';
/**
 * Live answers: short, shorter than the 20 s long-poll, as Electric's (a longer one would
 * answer the next live request from the cache again and again).
 */
export const liveCacheControl = 'private, max-age=5, stale-while-revalidate=5';
/** Refusals (409 must-refetch): never kept, the client refetches at once. */
export const refusalCacheControl = 'no-store';

/** If-None-Match is compared up to this length; a longer one is not (a 200 is always correct). */
const ifNoneMatchMaxChars = 2_000;

/**
 * The same request gets the same etag as long as the answer's offsets are the same: the
 * handle, the offset asked for, the offset answered and, for live requests, the cursor (so a
 * cache never keeps a live answer past its cursor's window, Electric's fix for proxies that
 * ignore changing query strings).
 */
export function shapeEtag(handle: string, requestOffset: string, responseOffset: string, cursor?: string): string {
  return `"${[handle, requestOffset, responseOffset, ...(cursor === undefined ? [] : [cursor])].join(':')}"`;
}

/** Whether If-None-Match names this etag (RFC 9110 13.1.2: a list, weak comparison, or `*`). */
export function ifNoneMatchHits(header: string | undefined, etag: string): boolean {
  if (header === undefined || header.length > ifNoneMatchMaxChars) return false;
  return header.split(',').some((candidate) => {
    const tag = candidate.trim();
    return tag === '*' || tag === etag || tag === `W/${etag}`;
  });
}

/**
 * An answer with its etag and cache-control; 304 without rows when `ifNoneMatch` names that
 * etag (the rows would be the ones the asker holds). Refusals are not kept.
 */
export function withCaching(
  answer: ShapeResponse,
  query: { readonly offset: string; readonly live?: boolean | undefined },
  ifNoneMatch: string | undefined,
): ShapeResponse {
  if (answer.status !== 200) return { ...answer, headers: { ...answer.headers, 'cache-control': refusalCacheControl } };
  const live = query.live === true;
  const snapshot = !/^\d+_0$/.test(query.offset);
  const etag = shapeEtag(
    answer.headers['electric-handle'] ?? '',
    query.offset,
    answer.headers['electric-offset'] ?? '',
    live ? answer.headers['electric-cursor'] : undefined,
  );
  const headers = {
    ...answer.headers,
    etag,
    'cache-control': live ? liveCacheControl : snapshot ? snapshotCacheControl : logCacheControl,
  };
  if (ifNoneMatchHits(ifNoneMatch, etag)) return { status: 304, headers, body: [] };
  return { ...answer, headers };
}
