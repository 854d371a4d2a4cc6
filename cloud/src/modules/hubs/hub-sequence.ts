/**
 * A hub's applied sequence in the cloud (hubs.last_applied_seq): the last operation applied in the hub's order, moved
 * on over outcomes recorded ahead of it, and when the hub was last seen with its clock's skew.
 */
import type { Database } from '../../platform/db/database.js';

/** Bounds a hub clock's reported skew to what the column holds. */
const skewMaxMs = 2_000_000_000;

export class HubSequence {
  constructor(private readonly db: Database) {}

  /** Moves the hub's sequence over outcomes recorded ahead of it (a pipelined run whose middle was recorded late). */
  async catchUp(hubId: string): Promise<void> {
    const last = await this.lastApplied(hubId);
    const { rows } = await this.db.pool.query<{ seq: string }>(
      'SELECT seq FROM hub_operations WHERE hub_id = $1 AND seq > $2 ORDER BY seq LIMIT 100000',
      [hubId, last],
    );
    let top = last;
    for (const row of rows) {
      if (Number(row.seq) !== top + 1) break;
      top++;
    }
    if (top > last)
      await this.db.pool.query('UPDATE hubs SET last_applied_seq = $3 WHERE id = $1 AND last_applied_seq = $2', [
        hubId,
        last,
        top,
      ]);
  }

  async lastApplied(hubId: string): Promise<number> {
    const { rows } = await this.db.pool.query<{ last_applied_seq: string }>(
      'SELECT last_applied_seq FROM hubs WHERE id = $1',
      [hubId],
    );
    return Number(rows[0]?.last_applied_seq ?? 0);
  }

  /** Notes the hub as seen now, with how far its clock is from ours (kept when the push did not say). */
  async seen(hubId: string, serverTime: Date, hubClock: Date | undefined): Promise<void> {
    const skewMs =
      hubClock === undefined
        ? null
        : Math.max(-skewMaxMs, Math.min(skewMaxMs, hubClock.getTime() - serverTime.getTime()));
    await this.db.pool.query(
      'UPDATE hubs SET last_seen_at = $2, last_clock_skew_ms = coalesce($3, last_clock_skew_ms) WHERE id = $1',
      [hubId, serverTime, skewMs],
    );
  }
}
