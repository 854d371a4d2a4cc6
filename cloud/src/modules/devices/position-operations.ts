/**
 * Devices to the cloud (issue 28.7): a tracker's positions (`device.positions`, at most 200 per
 * operation) and its devices' last-seen times (`device.seen`) as a hub pushes them. A push is a
 * claim: the device must be in the cloud's registry as that hub's, of its partner (and a GPS
 * tracker for positions), whatever the body says; a time in the future (beyond a clock's slack)
 * refuses the operation; positions older than the retention are dropped. Idempotent: a
 * position is its tracker's at one instant, so a replayed operation adds nothing; a last-seen
 * time only moves forward.
 */
import { AppError } from '@ismail/shared';
import { withTransaction } from '../../platform/db/transaction.js';
import type { Database } from '../../platform/db/database.js';
import type { HubOperationHandler } from '../hubs/operation-registry.js';

/** How far ahead of the cloud's clock a hub's time may be (the hub alerts beyond 2 minutes). */
export const deviceClockSlackMs = 5 * 60_000;
/** Positions are kept this long in the cloud (the purge job), and older ones are not taken in. */
export const positionRetentionMs = 30 * 86_400_000;

function checkTime(at: string, what: string, nowMs: number): number {
  const ms = Date.parse(at);
  if (!Number.isFinite(ms) || ms > nowMs + deviceClockSlackMs)
    throw new AppError('VALIDATION_FAILED', `The ${what} time ${at} is in the future of the cloud's clock.`);
  return ms;
}

export function positionHubOperations(deps: {
  db: Database;
  now?: () => number;
}): [HubOperationHandler<'device.positions'>, HubOperationHandler<'device.seen'>] {
  const now = deps.now ?? Date.now;
  const positions: HubOperationHandler<'device.positions'> = {
    type: 'device.positions',
    describes: 'a tracker’s positions',
    apply: async (hub, op) => {
      const p = op.payload;
      const nowMs = now();
      const kept = p.positions.filter((x) => checkTime(x.at, 'position', nowMs) >= nowMs - positionRetentionMs);
      if (p.lastSeenAt !== null) checkTime(p.lastSeenAt, 'last-seen', nowMs);
      return withTransaction(deps.db.pool, async (client) => {
        const { rows } = await client.query<{ type: string }>(
          'SELECT type FROM hub_devices WHERE hub_id = $1 AND device_id = $2 AND partner_id = $3 FOR SHARE',
          [hub.id, p.deviceId, hub.partnerId],
        );
        if (rows[0] === undefined)
          throw new AppError('FORBIDDEN', `Device ${p.deviceId} is not one of this hub's devices.`);
        if (rows[0].type !== 'gps_tracker')
          throw new AppError('VALIDATION_FAILED', `Device ${p.deviceId} is not a GPS tracker.`);
        // One statement for the whole batch (at most 200 rows): arrays unnested, duplicates skipped.
        const inserted = await client.query(
          `INSERT INTO device_positions (hub_id, device_id, at, lat, lon, speed_kmh, hub_seq)
           SELECT $1, $2, t.at, t.lat, t.lon, t.speed, $3
           FROM unnest($4::timestamptz[], $5::float8[], $6::float8[], $7::real[]) AS t(at, lat, lon, speed)
           ON CONFLICT (hub_id, device_id, at) DO NOTHING`,
          [
            hub.id,
            p.deviceId,
            op.seq,
            kept.map((x) => x.at),
            kept.map((x) => x.lat),
            kept.map((x) => x.lon),
            kept.map((x) => x.speedKmh),
          ],
        );
        const newest = kept.reduce<string | null>((m, x) => (m === null || x.at > m ? x.at : m), null);
        const seen =
          [p.lastSeenAt, newest]
            .filter((x): x is string => x !== null)
            .sort()
            .pop() ?? null;
        if (seen !== null)
          await client.query(
            `UPDATE hub_devices SET last_seen_at = $3 WHERE hub_id = $1 AND device_id = $2
             AND (last_seen_at IS NULL OR last_seen_at < $3)`,
            [hub.id, p.deviceId, seen],
          );
        return { stored: inserted.rowCount ?? 0, dropped: p.positions.length - kept.length };
      });
    },
  };
  const seen: HubOperationHandler<'device.seen'> = {
    type: 'device.seen',
    describes: 'devices’ last-seen times',
    apply: async (hub, op) => {
      const nowMs = now();
      const devices = op.payload.devices;
      for (const d of devices) checkTime(d.lastSeenAt, 'last-seen', nowMs);
      return withTransaction(deps.db.pool, async (client) => {
        const ids = devices.map((d) => d.deviceId);
        const { rows } = await client.query<{ device_id: string }>(
          'SELECT device_id FROM hub_devices WHERE hub_id = $1 AND partner_id = $2 AND device_id = ANY($3::uuid[])',
          [hub.id, hub.partnerId, ids],
        );
        const known = new Set(rows.map((r) => r.device_id));
        const foreign = ids.find((id) => !known.has(id));
        if (foreign !== undefined)
          throw new AppError('FORBIDDEN', `Device ${foreign} is not one of this hub's devices.`);
        const { rowCount } = await client.query(
          `UPDATE hub_devices d SET last_seen_at = t.at
           FROM unnest($2::uuid[], $3::timestamptz[]) AS t(id, at)
           WHERE d.hub_id = $1 AND d.device_id = t.id AND (d.last_seen_at IS NULL OR d.last_seen_at < t.at)`,
          [hub.id, ids, devices.map((d) => d.lastSeenAt)],
        );
        return { updated: rowCount ?? 0 };
      });
    },
  };
  return [positions, seen];
}

/** Deletes positions past the retention, a bounded number per run (the job runs again). */
export async function purgeOldPositions(db: Database, nowMs: number = Date.now(), max = 50_000): Promise<number> {
  const { rowCount } = await db.pool.query(
    `DELETE FROM device_positions WHERE ctid IN (SELECT ctid FROM device_positions WHERE at < $1 LIMIT $2)`,
    [new Date(nowMs - positionRetentionMs).toISOString(), max],
  );
  return rowCount ?? 0;
}
