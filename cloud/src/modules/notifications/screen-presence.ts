/**
 * The per-account screen limit across every cloud process (issue 29.3): each open in-app
 * WebSocket is a row of in_app_screens (migration 0072), claimed under a per-account advisory
 * lock so two processes cannot both admit the eleventh screen. The process renews its rows
 * every `heartbeatMs`; a row not renewed for `ttlMs` (its process died) no longer counts and
 * is deleted by the next claim for that account.
 */
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { withTransaction } from '../../platform/db/transaction.js';
import { repeat, type Repetition } from '../../platform/jobs/repeat.js';

export const screenHeartbeatMs = 20_000;
/** Three missed heartbeats: a process that stopped renewing is gone. */
export const screenTtlMs = 60_000;

export class ScreenPresence {
  /** This process's rows are recognised by this id (renewed together, deleted together at close). */
  readonly processId = randomUUID();
  private readonly held = new Set<string>();
  private heartbeat: Repetition | undefined;

  constructor(
    private readonly pool: pg.Pool,
    private readonly maxPerAccount: number,
    private readonly onError: (error: unknown) => void,
    /** Tests shorten these; a process keeps the defaults. */
    private readonly timing: { readonly heartbeatMs: number; readonly ttlMs: number } = {
      heartbeatMs: screenHeartbeatMs,
      ttlMs: screenTtlMs,
    },
  ) {}

  /** The screen's id, or null when the account already holds maxPerAccount screens in all processes. */
  async claim(accountId: string): Promise<string | null> {
    const screenId = randomUUID();
    const admitted = await withTransaction(this.pool, async (client) => {
      await client.query("SELECT pg_advisory_xact_lock(hashtext('in-app-screens:' || $1))", [accountId]);
      await client.query('DELETE FROM in_app_screens WHERE account_id = $1 AND expires_at < now()', [accountId]);
      const { rows } = await client.query<{ open: number }>(
        'SELECT count(*)::int AS open FROM in_app_screens WHERE account_id = $1',
        [accountId],
      );
      if ((rows[0]?.open ?? 0) >= this.maxPerAccount) return false;
      await client.query(
        "INSERT INTO in_app_screens (id, account_id, process_id, expires_at) VALUES ($1, $2, $3, now() + $4 * interval '1 millisecond')",
        [screenId, accountId, this.processId, this.timing.ttlMs],
      );
      return true;
    });
    if (!admitted) return null;
    this.held.add(screenId);
    this.heartbeat ??= repeat(this.timing.heartbeatMs, () => this.renew(), this.onError);
    return screenId;
  }

  /** The socket closed: its place is free at once for a screen on any process. */
  async release(screenId: string): Promise<void> {
    if (!this.held.delete(screenId)) return;
    if (this.held.size === 0) this.stopHeartbeat();
    await this.pool.query('DELETE FROM in_app_screens WHERE id = $1', [screenId]);
  }

  /** The process stops: every row it holds goes (a crash leaves them to lapse instead). */
  async close(): Promise<void> {
    const heartbeat = this.heartbeat;
    this.heartbeat = undefined;
    await heartbeat?.stop();
    this.held.clear();
    // A stop while the database is unreachable still stops: the rows lapse at their expiry instead.
    await this.pool.query('DELETE FROM in_app_screens WHERE process_id = $1', [this.processId]).catch(() => undefined);
  }

  private async renew(): Promise<void> {
    if (this.held.size === 0) return;
    await this.pool.query(
      "UPDATE in_app_screens SET expires_at = now() + $2 * interval '1 millisecond' WHERE process_id = $1",
      [this.processId, this.timing.ttlMs],
    );
  }

  private stopHeartbeat(): void {
    void this.heartbeat?.stop();
    this.heartbeat = undefined;
  }
}
