/**
 * A database whose transactions can be paused at one point: the first
 * `pg_advisory_xact_lock` a transaction asks for while the gate is armed waits until the test
 * opens the gate. Late-commit tests use it to hold a writer between drawing an id and
 * committing, deterministically, while another writer overtakes it.
 */
import type pg from 'pg';
import type { Database } from '../../src/platform/db/database.js';

/** A paused point in one connection's work: reached, then let go by the test. */
export class Gate {
  armed = false;
  private reachedResolve: () => void = () => undefined;
  readonly reached = new Promise<void>((resolve) => (this.reachedResolve = resolve));
  private openResolve: () => void = () => undefined;
  private readonly opened = new Promise<void>((resolve) => (this.openResolve = resolve));
  /** Pauses here the first time it is armed and reached. */
  async pass(): Promise<void> {
    if (!this.armed) return;
    this.armed = false;
    this.reachedResolve();
    await this.opened;
  }
  open(): void {
    this.openResolve();
  }
}

/** The same database, its transactions (pool.connect) gated; pool.query is untouched. */
function bound(target: object, key: string | symbol): unknown {
  const value = Reflect.get(target, key) as unknown;
  return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
}

export function gatedDatabase(db: Database, gate: Gate): Database {
  const connect = async (): Promise<pg.PoolClient> => {
    const client = await db.pool.connect();
    const query = client.query.bind(client) as (...args: unknown[]) => Promise<unknown>;
    const gated = async (...args: unknown[]): Promise<unknown> => {
      const text = typeof args[0] === 'string' ? args[0] : '';
      if (text.includes('pg_advisory_xact_lock')) await gate.pass();
      return query(...args);
    };
    return new Proxy(client, { get: (target, key) => (key === 'query' ? gated : bound(target, key)) });
  };
  // Only transactions (pool.connect) are gated; pool.query keeps the real pool's own connect.
  const pool = new Proxy(db.pool, { get: (target, key) => (key === 'connect' ? connect : bound(target, key)) });
  return { ...db, pool };
}
