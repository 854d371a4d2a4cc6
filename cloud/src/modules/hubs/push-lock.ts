/**
 * One push per hub at a time across cloud processes (issue 29.2): a PostgreSQL advisory lock keyed by the hub,
 * held by an open transaction for the push's duration on a connection of its own.
 *
 * Why transaction-scoped (`pg_advisory_xact_lock`), not session-scoped: behind PgBouncer in transaction mode a
 * session lock stays on a server connection the pooler hands to someone else after each transaction (never released,
 * or released by a stranger); a transaction keeps its server connection to itself until COMMIT, and the lock ends with
 * it, also when the process dies (the server rolls the transaction back when the socket closes).
 *
 * Why its own pool: the push's work takes connections from the main pool; were the lock held on one of them, as many
 * pushes of different hubs as the pool has connections would each hold one and wait forever for another. The lock
 * pool is as large as the main one, which bounds the pushes one process runs at once; more wait for a connection.
 *
 * The embedded PGlite has no lock here: it is one process's database, served one connection at a time (a lock
 * connection would leave the push none), and the in-process queue in sync-push.ts already orders that process.
 *
 * The lock orders pushes; it is not what keeps money right: each operation's outcome is written in its effect's
 * transaction under a unique (hub, operation id), so a lock lost mid-push (a dropped connection) costs only order.
 */
import pg from 'pg';
import { AppError } from '@ismail/shared';
import type { Database } from '../../platform/db/database.js';

/** The advisory lock's first key: the hub-push namespace ("HUBP"), so no other advisory lock shares its keys. */
export const hubPushLockSpace = 0x48554250;

/** How long a push waits for another process's push of the same hub before the hub is told to retry. */
const lockWaitMs = 10_000;

export interface HubPushLock {
  /** Runs `work` holding the hub's push lock in every process on this database. */
  withLock<T>(hubId: string, work: () => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** The lock for a database: advisory on a server, nothing on the embedded one (see above). */
export function hubPushLock(db: Database): HubPushLock {
  if (db.kind === 'embedded') return { withLock: (_hubId, work) => work(), close: () => Promise.resolve() };
  const options = db.pool.options;
  const pool = new pg.Pool({
    ...options,
    application_name: 'ismail-cloud-hub-push-lock',
  });
  // A lock connection's error (server restart) must not crash the process; the push holding it fails instead.
  pool.on('error', () => undefined);
  return {
    withLock: async (hubId, work) => {
      const client = await pool.connect();
      // Set when the lock connection itself failed: it is dropped, not pooled again.
      let broken: Error | undefined;
      const onLock = async (sql: string, values?: unknown[]): Promise<void> => {
        try {
          await client.query(sql, values);
        } catch (error) {
          broken = error instanceof Error ? error : new Error(String(error));
          throw error;
        }
      };
      try {
        await onLock('BEGIN');
        await onLock(`SET LOCAL lock_timeout = ${String(lockWaitMs)}`);
        try {
          await onLock('SELECT pg_advisory_xact_lock($1, hashtext($2))', [hubPushLockSpace, hubId]);
        } catch (error) {
          // 55P03 lock_not_available: another process's push of this hub outlasted the wait.
          if ((error as { code?: unknown }).code !== '55P03') throw error;
          broken = undefined;
          throw new AppError('RATE_LIMITED', 'Another push of this hub is running; send again shortly.');
        }
        return await work();
      } finally {
        // Ending the transaction releases the lock.
        await onLock('ROLLBACK').catch(() => undefined);
        client.release(broken);
      }
    },
    close: () => pool.end(),
  };
}
