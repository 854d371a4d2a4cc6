/**
 * Rate-limit counters in PostgreSQL, shared by every cloud process (issue 29.4): the store
 * `@fastify/rate-limit` asks on each limited request, and `countHit` for limits checked by hand
 * (a hub's requests per minute). Counters in each process's memory let a client behind a load
 * balancer spend the full budget at every process; one row per key in `rate_limit_hits`
 * (migration 0071) makes it one budget.
 *
 * Fixed windows: a key's window opens at its first hit and lasts the limit's time window, as the
 * plugin's own in-memory store does. Each hit is one statement (an upsert that returns the
 * count), atomic under concurrency: PostgreSQL's row lock on the conflicting key orders
 * concurrent hits, so 50 hits at once count 1 to 50, never the same number twice. One statement
 * also keeps the embedded PGlite (one connection) fast. The clock is the database's, so
 * processes with skewed clocks agree on when a window closes.
 *
 * Pruning on write, not a scheduled job: at most once a minute per process, the hit that comes
 * due also deletes the rows whose window has closed (indexed on expires_at), so the table is
 * bounded by the keys active within the longest window and no scheduler needs to be running
 * (tests and `npm start` alike).
 */
import { createHash } from 'node:crypto';
import type { FastifyRateLimitOptions, FastifyRateLimitStore } from '@fastify/rate-limit';
import type pg from 'pg';

type Queryable = Pick<pg.Pool, 'query'>;

/** Past this a key is stored as its SHA-256 (the column's check allows 600). */
const keyMaxChars = 500;
const pruneEveryMs = 60_000;
/** Hits past this in one window are not counted further (the column is an integer). */
const hitsMax = 2_000_000_000;

export interface WindowHits {
  /** Hits in the key's current window, this one included. */
  readonly hits: number;
  /** Milliseconds until the window closes. */
  readonly ttlMs: number;
}

const hitSql = `
  INSERT INTO rate_limit_hits AS r (key, hits, expires_at)
  VALUES ($1, 1, now() + $2::bigint * interval '1 millisecond')
  ON CONFLICT (key) DO UPDATE SET
    hits = CASE WHEN r.expires_at <= now() THEN 1 ELSE LEAST(r.hits + 1, ${String(hitsMax)}) END,
    expires_at = CASE WHEN r.expires_at <= now() THEN EXCLUDED.expires_at ELSE r.expires_at END
  RETURNING r.hits, GREATEST(0, ceil(extract(epoch FROM r.expires_at - now()) * 1000))::bigint AS ttl_ms`;

const readSql = `
  SELECT hits, GREATEST(0, ceil(extract(epoch FROM expires_at - now()) * 1000))::bigint AS ttl_ms
  FROM rate_limit_hits WHERE key = $1 AND expires_at > now()`;

function storedKey(key: string): string {
  return key.length <= keyMaxChars ? key : `sha256:${createHash('sha256').update(key).digest('hex')}`;
}

function windowMsOf(windowMs: number): number {
  if (!Number.isSafeInteger(windowMs) || windowMs < 1)
    throw new Error(`a rate-limit window must be a positive whole number of milliseconds, not ${String(windowMs)}`);
  return windowMs;
}

/** The shared counter: one hit on `key` in a fixed window of `windowMs`, pruning closed windows when due. */
export class RateLimitCounter {
  private lastPruneMs = 0;

  constructor(private readonly db: Queryable) {}

  async hit(key: string, windowMs: number): Promise<WindowHits> {
    const { rows } = await this.db.query<{ hits: number; ttl_ms: string }>(hitSql, [
      storedKey(key),
      windowMsOf(windowMs),
    ]);
    const row = rows[0];
    if (row === undefined) throw new Error('the rate-limit upsert returned no row');
    await this.pruneWhenDue();
    return { hits: row.hits, ttlMs: Number(row.ttl_ms) };
  }

  async read(key: string): Promise<WindowHits> {
    const { rows } = await this.db.query<{ hits: number; ttl_ms: string }>(readSql, [storedKey(key)]);
    const row = rows[0];
    return row === undefined ? { hits: 0, ttlMs: 0 } : { hits: row.hits, ttlMs: Number(row.ttl_ms) };
  }

  private async pruneWhenDue(): Promise<void> {
    const nowMs = Date.now();
    if (nowMs - this.lastPruneMs < pruneEveryMs) return;
    this.lastPruneMs = nowMs;
    await this.db.query('DELETE FROM rate_limit_hits WHERE expires_at <= now()');
  }
}

interface ChildOptions {
  readonly routeInfo?: { readonly method?: string | readonly string[]; readonly url?: string };
  readonly continueExceeding?: boolean;
  readonly exponentialBackoff?: boolean;
}

/**
 * The `store` option of `@fastify/rate-limit`: a class the plugin constructs, bound to one
 * counter. Each route's child namespaces its keys by method and URL (a client's budget on
 * sign-in is not its budget on pairing); a limiter made with `createRateLimit` has no route and
 * shares the `limiter|` namespace, so its key generator must name its purpose.
 */
export function sharedRateLimitStore(
  counter: RateLimitCounter,
): new (options: FastifyRateLimitOptions) => FastifyRateLimitStore {
  class SharedRateLimitStore implements FastifyRateLimitStore {
    constructor(
      _options: FastifyRateLimitOptions,
      private readonly namespace = 'global|',
    ) {}

    incr(
      key: string,
      callback: (error: Error | null, result?: { current: number; ttl: number }) => void,
      timeWindow: number,
    ): void {
      counter.hit(this.namespace + key, timeWindow).then(
        (r) => callback(null, { current: r.hits, ttl: r.ttlMs }),
        (error: unknown) => callback(error instanceof Error ? error : new Error(String(error))),
      );
    }

    read(key: string, callback: (error: Error | null, result?: { current: number; ttl: number }) => void): void {
      counter.read(this.namespace + key).then(
        (r) => callback(null, { current: r.hits, ttl: r.ttlMs }),
        (error: unknown) => callback(error instanceof Error ? error : new Error(String(error))),
      );
    }

    child(routeOptions: unknown): FastifyRateLimitStore {
      const options = routeOptions as ChildOptions;
      // Neither is used by any route; refusing them beats silently counting a plain fixed window.
      if (options.continueExceeding === true || options.exponentialBackoff === true)
        throw new Error(
          'the shared rate-limit store counts fixed windows: continueExceeding and exponentialBackoff are not supported',
        );
      const method = options.routeInfo?.method;
      const url = options.routeInfo?.url;
      const namespace =
        url === undefined ? 'limiter|' : `route|${Array.isArray(method) ? method.join(',') : String(method)} ${url}|`;
      return new SharedRateLimitStore({}, namespace);
    }
  }
  return SharedRateLimitStore;
}
