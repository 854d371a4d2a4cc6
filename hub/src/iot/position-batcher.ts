/**
 * Devices to the cloud (issue 28.7): a tracker's positions and every device's last-seen time
 * leave the hub through the outbox, bounded in size and rate. A tracker reporting every second
 * must not flood the outbox (each operation is a row, a push and a cloud transaction), so
 * positions wait in `gps_positions` and leave as one `device.positions` operation per tracker
 * per window (a minute by default), at most 200 positions each, evenly thinned (first and last
 * kept) when the tracker reported more. Last-seen times that changed leave as one `device.seen`
 * operation per window. Positions already answered by the cloud are purged after a while.
 */
import type { CancelTask, Scheduler } from '../platform/scheduler.js';
import {
  devicePositionsPerOperationMax,
  devicesSeenPerOperationMax,
  type DevicePositionsPayload,
} from '@ismail/shared';
import type { HubDatabase } from '../store/open.js';
import type { Outbox } from '../sync/outbox.js';

export interface PositionBatcherOptions {
  /** One operation per tracker per window at most. */
  readonly windowMs?: number;
  /** Positions per operation (at most the protocol's bound). */
  readonly perOperationMax?: number;
  /** Trackers handled per flush: bounds one flush's transaction. */
  readonly trackersPerFlushMax?: number;
  /** Synced positions are kept this long at the hub (its own screens read them), then purged. */
  readonly retainSyncedMs?: number;
}

interface PositionRow {
  event_seq: number;
  lat: number;
  lon: number;
  speed_kmh: number | null;
  at: string;
}

/** `count` indices spread evenly over 0..n-1, first and last included. */
export function evenlySpread(n: number, count: number): number[] {
  if (n <= count) return Array.from({ length: n }, (_, i) => i);
  if (count <= 1) return [n - 1];
  return Array.from({ length: count }, (_, i) => Math.round((i * (n - 1)) / (count - 1)));
}

export class PositionBatcher {
  readonly stats = { operations: 0, positionsSent: 0, positionsThinned: 0, seenOperations: 0, purged: 0 };
  private readonly windowMs: number;
  private readonly perOperationMax: number;
  private readonly trackersPerFlushMax: number;
  private readonly retainSyncedMs: number;
  /** When each tracker's last operation was appended (rebuilt from the outbox at start). */
  private readonly lastSentAt = new Map<string, number>();
  private lastSeenSentAt = 0;
  private cancel: CancelTask | null = null;

  constructor(
    private readonly db: HubDatabase,
    private readonly outbox: Outbox,
    options: PositionBatcherOptions = {},
  ) {
    this.windowMs = options.windowMs ?? 60_000;
    this.perOperationMax = Math.min(options.perOperationMax ?? 200, devicePositionsPerOperationMax);
    this.trackersPerFlushMax = options.trackersPerFlushMax ?? 500;
    this.retainSyncedMs = options.retainSyncedMs ?? 7 * 86_400_000;
    const rows = this.db
      .prepare<[], { device_id: string; at: string }>(
        `SELECT g.device_id, max(o.at) AS at FROM gps_positions g JOIN outbox o ON o.seq = g.outbox_seq
         WHERE g.outbox_seq IS NOT NULL GROUP BY g.device_id`,
      )
      .all();
    for (const r of rows) this.lastSentAt.set(r.device_id, Date.parse(r.at));
  }

  /** Flushes every window (and purges), as a task of the hub's scheduler (stopped with it, before SQLite closes). */
  start(scheduler: Scheduler): void {
    if (this.cancel !== null) return;
    this.cancel = scheduler.every({
      name: 'devices.positions',
      everyMs: this.windowMs,
      run: () => {
        this.flush();
        this.purge();
      },
    });
  }

  stop(): void {
    this.cancel?.();
    this.cancel = null;
  }

  /** Appends the operations due at `now`; returns how many. Safe to call often: the window bounds the rate. */
  flush(now: Date = new Date()): number {
    const nowMs = now.getTime();
    let appended = 0;
    this.db.transaction(() => {
      const trackers = this.db
        .prepare<[number], { device_id: string; last_seen_at: string | null }>(
          `SELECT DISTINCT g.device_id, d.last_seen_at FROM gps_positions g JOIN devices d ON d.id = g.device_id
           WHERE g.outbox_seq IS NULL ORDER BY g.device_id LIMIT ?`,
        )
        .all(this.trackersPerFlushMax);
      for (const tracker of trackers) {
        const last = this.lastSentAt.get(tracker.device_id);
        if (last !== undefined && nowMs - last < this.windowMs) continue;
        const rows = this.db
          .prepare<[string], PositionRow>(
            'SELECT event_seq, lat, lon, speed_kmh, at FROM gps_positions WHERE device_id = ? AND outbox_seq IS NULL ORDER BY event_seq',
          )
          .all(tracker.device_id);
        const kept = evenlySpread(rows.length, this.perOperationMax).map((i) => rows[i] as PositionRow);
        const payload: DevicePositionsPayload = {
          deviceId: tracker.device_id,
          lastSeenAt: tracker.last_seen_at,
          positions: kept.map((r) => ({ at: r.at, lat: r.lat, lon: r.lon, speedKmh: r.speed_kmh })),
        };
        const seq = this.outbox.append('device.positions', payload, undefined, now);
        const lastSeq = rows[rows.length - 1]?.event_seq ?? 0;
        this.db
          .prepare(
            'UPDATE gps_positions SET outbox_seq = ? WHERE device_id = ? AND outbox_seq IS NULL AND event_seq <= ?',
          )
          .run(seq, tracker.device_id, lastSeq);
        this.db.prepare('UPDATE devices SET last_seen_reported_at = last_seen_at WHERE id = ?').run(tracker.device_id);
        this.lastSentAt.set(tracker.device_id, nowMs);
        this.stats.operations++;
        this.stats.positionsSent += kept.length;
        this.stats.positionsThinned += rows.length - kept.length;
        appended++;
      }
      if (nowMs - this.lastSeenSentAt >= this.windowMs) {
        const seen = this.db
          .prepare<[number], { id: string; last_seen_at: string }>(
            `SELECT id, last_seen_at FROM devices WHERE last_seen_at IS NOT NULL
             AND (last_seen_reported_at IS NULL OR last_seen_reported_at < last_seen_at) ORDER BY id LIMIT ?`,
          )
          .all(devicesSeenPerOperationMax);
        if (seen.length > 0) {
          this.outbox.append(
            'device.seen',
            { devices: seen.map((d) => ({ deviceId: d.id, lastSeenAt: d.last_seen_at })) },
            undefined,
            now,
          );
          const mark = this.db.prepare('UPDATE devices SET last_seen_reported_at = ? WHERE id = ?');
          for (const d of seen) mark.run(d.last_seen_at, d.id);
          this.lastSeenSentAt = nowMs;
          this.stats.seenOperations++;
          appended++;
        }
      }
    })();
    return appended;
  }

  /** Deletes positions the cloud has answered for, older than the retention (bounded per call). */
  purge(now: Date = new Date(), max = 10_000): number {
    const before = new Date(now.getTime() - this.retainSyncedMs).toISOString();
    const { changes } = this.db
      .prepare(
        `DELETE FROM gps_positions WHERE event_seq IN (
           SELECT g.event_seq FROM gps_positions g JOIN outbox o ON o.seq = g.outbox_seq
           WHERE o.status <> 'pending' AND g.at < ? LIMIT ?)`,
      )
      .run(before, max);
    this.stats.purged += changes;
    return changes;
  }
}
