/**
 * A GPS tracker's recent track for its partner's portal map (issue 28.7): the last 24 hours at
 * most, 2,000 points at most (evenly thinned in the database when there are more, first and last
 * kept). The tracker must be the asking partner's in the cloud's registry: another partner's
 * tracker is "not found", as an unknown one; admins read any with their second factor.
 */
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { AppError } from '@ismail/shared';
import type { Database } from '../../platform/db/database.js';
import { principalOf } from '../../platform/http/access-plugin.js';
import { Uuid, withErrors } from '../../platform/http/schemas.js';
import { actingOwner } from '../identity/owner.js';

export const trackWindowMs = 24 * 3_600_000;
export const trackPointsMax = 2_000;

const TrackSchema = Type.Object({
  device: Type.Object({
    deviceId: Type.String(),
    hubId: Type.String(),
    name: Type.String(),
    state: Type.String(),
    lastSeenAt: Type.Union([Type.String(), Type.Null()]),
  }),
  since: Type.String(),
  /** Positions in the window, before thinning. */
  total: Type.Integer(),
  downsampled: Type.Boolean(),
  points: Type.Array(
    Type.Object({
      at: Type.String(),
      lat: Type.Number(),
      lon: Type.Number(),
      speedKmh: Type.Union([Type.Number(), Type.Null()]),
    }),
  ),
});

export function deviceTrackRoutes(db: Database) {
  return async (instance: FastifyInstance): Promise<void> => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();
    app.get(
      '/v1/devices/:deviceId/track',
      {
        config: { access: { resource: 'devices', action: 'read', needsSecondFactor: false } },
        schema: {
          tags: ['devices'],
          summary: 'A GPS tracker’s recent track (24 h at most, 2,000 points at most, thinned evenly)',
          operationId: 'getDeviceTrack',
          params: Type.Object({ deviceId: Uuid }),
          querystring: Type.Object(
            { since: Type.Optional(Type.String({ format: 'date-time', maxLength: 40 })) },
            { additionalProperties: false },
          ),
          response: withErrors({ 200: TrackSchema }),
        },
      },
      async (request) => {
        const { principal, scope } = principalOf(request);
        if (scope === 'all' && !principal.secondFactor) throw new AppError('SECOND_FACTOR_REQUIRED');
        const owner = scope === 'all' ? null : await actingOwner(db, principal);
        const { rows: devices } = await db.pool.query<{
          hub_id: string;
          device_id: string;
          name: string;
          state: string;
          last_seen_at: Date | null;
        }>(
          `SELECT hub_id, device_id, name, state, last_seen_at FROM hub_devices
           WHERE device_id = $1 AND type = 'gps_tracker' AND ($2::uuid IS NULL OR partner_id = $2)
           ORDER BY updated_at DESC LIMIT 1`,
          [request.params.deviceId, owner],
        );
        const device = devices[0];
        if (device === undefined) throw new AppError('NOT_FOUND', 'No such tracker among your devices.');
        const floorMs = Date.now() - trackWindowMs;
        const asked = request.query.since === undefined ? Number.NaN : Date.parse(request.query.since);
        const since = new Date(Number.isFinite(asked) ? Math.max(asked, floorMs) : floorMs);
        // Every k-th point (k chosen so at most 1,999 are taken) and the last one: at most 2,000.
        const { rows } = await db.pool.query<{
          at: Date;
          lat: number;
          lon: number;
          speed_kmh: number | null;
          total: string;
        }>(
          `WITH p AS (
             SELECT at, lat, lon, speed_kmh, row_number() OVER (ORDER BY at) AS n, count(*) OVER () AS total
             FROM device_positions WHERE hub_id = $1 AND device_id = $2 AND at >= $3)
           SELECT at, lat, lon, speed_kmh, total FROM p
           WHERE total <= $4 OR (n - 1) % ceil(total / ($4 - 1)::numeric)::bigint = 0 OR n = total
           ORDER BY at`,
          [device.hub_id, device.device_id, since.toISOString(), trackPointsMax],
        );
        const total = Number(rows[0]?.total ?? 0);
        return {
          device: {
            deviceId: device.device_id,
            hubId: device.hub_id,
            name: device.name,
            state: device.state,
            lastSeenAt: device.last_seen_at?.toISOString() ?? null,
          },
          since: since.toISOString(),
          total,
          downsampled: rows.length < total,
          points: rows.map((r) => ({
            at: r.at.toISOString(),
            lat: r.lat,
            lon: r.lon,
            speedKmh: r.speed_kmh === null ? null : Number(r.speed_kmh),
          })),
        };
      },
    );
  };
}
