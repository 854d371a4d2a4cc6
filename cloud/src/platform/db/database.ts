/**
 * The cloud's one way to reach PostgreSQL: a `pg` pool, either to a real server
 * (DATABASE_URL) or to the embedded PGlite served on a loopback socket.
 *
 * Owns: opening and closing the pool and knowing which kind it is. Every repository
 * receives a `Database`; nothing else creates pools.
 *
 * PgBouncer-ready (issue 29.7): the pool may go through a pooler in transaction mode, so it
 * sends nothing a pooler refuses in the start-up packet (the statement timeout is a per-role
 * default instead: role-defaults.ts), and what needs a session of its own (migrations under
 * a session advisory lock, LISTEN) uses `direct`, which DATABASE_DIRECT_URL points past the
 * pooler.
 */
import pg from 'pg';
import { connectTimeoutMs } from '@ismail/shared';
import { startEmbeddedPostgres, type EmbeddedPostgres } from './embedded.js';

export interface Database {
  readonly pool: pg.Pool;
  readonly kind: 'server' | 'embedded';
  /** Where a session-bound connection goes (migrations, LISTEN): straight to PostgreSQL, never through a pooler. */
  readonly direct: pg.ClientConfig;
  /** For logs: never contains a password. */
  readonly description: string;
  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  /** PostgreSQL server URL; when undefined the embedded database is used. */
  readonly url: string | undefined;
  /** A direct URL to the same database for session-bound work; unset: `url`. */
  readonly directUrl?: string | undefined;
  readonly poolMax: number;
  /** Where the embedded database keeps its files; `memory://` for a throwaway one. */
  readonly embeddedDataDir: string;
}

function redactUrl(url: string): string {
  const parsed = new URL(url);
  if (parsed.password !== '') parsed.password = '***';
  return parsed.toString();
}

/** How long a request may wait for the embedded database's single connection. */
const embeddedQueueTimeoutMs = 60_000;

export async function openDatabase(options: OpenDatabaseOptions): Promise<Database> {
  if (options.url !== undefined) {
    const pool = new pg.Pool({
      connectionString: options.url,
      max: options.poolMax,
      connectionTimeoutMillis: connectTimeoutMs,
      application_name: 'ismail-cloud',
    });
    // An idle client's error (server restart) must not crash the process; the next query fails instead.
    pool.on('error', () => undefined);
    return {
      pool,
      kind: 'server',
      direct: { connectionString: options.directUrl ?? options.url, connectionTimeoutMillis: connectTimeoutMs },
      description: redactUrl(options.url),
      close: () => pool.end(),
    };
  }
  const embedded: EmbeddedPostgres = await startEmbeddedPostgres(options.embeddedDataDir);
  const pool = new pg.Pool({
    host: embedded.host,
    port: embedded.port,
    user: 'postgres',
    database: 'postgres',
    // PGlite serves one connection at a time: a second pooled client would wait forever.
    max: 1,
    // With one connection, this is mostly time spent queueing behind other requests (a burst
    // of a thousand invoices), not connecting over loopback: allow the queue to drain.
    connectionTimeoutMillis: embeddedQueueTimeoutMs,
    application_name: 'ismail-cloud',
  });
  pool.on('error', () => undefined);
  return {
    pool,
    kind: 'embedded',
    // One connection in all: a session-bound task shares the pool's (the caller takes it from the pool).
    direct: { host: embedded.host, port: embedded.port, user: 'postgres', database: 'postgres' },
    description: `embedded PostgreSQL (PGlite) at ${options.embeddedDataDir}`,
    close: async () => {
      await pool.end();
      await embedded.stop();
    },
  };
}
