/**
 * What devices reported, as the hub stored it (SQLite, written by the broker's router): a
 * device's events, a tracker's positions, the alarms and whether the cloud has them yet.
 * Readable by a signed-in cashier. Schemas: shared/src/hub-api/devices.
 */
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import {
  AppError,
  HubDeviceAlarmsSchema,
  HubDeviceEventsSchema,
  HubDeviceParamsSchema,
  HubDevicePositionsSchema,
  HubErrorResponses,
  hubLimitQuery,
} from '@ismail/shared';
import type { HubAuth } from '../http/hub-auth.js';
import type { DeviceRegistry } from '../iot/devices.js';
import type { HubDatabase } from '../store/open.js';

export function deviceRecordRoutes(options: { auth: HubAuth; devices: DeviceRegistry; db: HubDatabase }) {
  return async (instance: FastifyInstance): Promise<void> => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();
    const errors = HubErrorResponses;
    const cashier = { onRequest: options.auth.guard('cashier') };

    app.get(
      '/api/v1/devices/:deviceId/events',
      {
        ...cashier,
        schema: {
          params: HubDeviceParamsSchema,
          querystring: hubLimitQuery(500),
          response: { 200: HubDeviceEventsSchema, ...errors },
        },
      },
      async (request) => {
        const { deviceId } = request.params;
        if (options.devices.get(deviceId) === undefined) throw new AppError('NOT_FOUND', 'No such device at this hub.');
        const limit = request.query.limit ?? 50;
        return {
          events: options.db
            .prepare<[string, number], { seq: number; topic: string; payload: string; at: string }>(
              'SELECT seq, topic, payload, at FROM device_events WHERE device_id = ? ORDER BY seq DESC LIMIT ?',
            )
            .all(deviceId, limit),
        };
      },
    );

    // A tracker's positions (its asset's trail), newest first.
    app.get(
      '/api/v1/devices/:deviceId/positions',
      {
        ...cashier,
        schema: {
          params: HubDeviceParamsSchema,
          querystring: hubLimitQuery(1000),
          response: { 200: HubDevicePositionsSchema, ...errors },
        },
      },
      async (request) => ({
        positions: options.db
          .prepare<[string, number], { lat: number; lon: number; speed_kmh: number | null; at: string }>(
            'SELECT lat, lon, speed_kmh, at FROM gps_positions WHERE device_id = ? ORDER BY event_seq DESC LIMIT ?',
          )
          .all(request.params.deviceId, request.query.limit ?? 100)
          .map((p) => ({ lat: p.lat, lon: p.lon, speedKmh: p.speed_kmh, at: p.at })),
      }),
    );

    app.get(
      '/api/v1/alarms',
      { ...cashier, schema: { querystring: hubLimitQuery(200), response: { 200: HubDeviceAlarmsSchema, ...errors } } },
      async (request) => ({
        alarms: options.db
          .prepare<
            [number],
            { device_id: string; name: string; kind: string; message: string | null; at: string; status: string }
          >(
            'SELECT a.device_id, d.name, a.kind, a.message, a.at, o.status FROM device_alarms a JOIN devices d ON d.id = a.device_id JOIN outbox o ON o.seq = a.outbox_seq ORDER BY a.event_seq DESC LIMIT ?',
          )
          .all(request.query.limit ?? 50)
          .map((a) => ({
            deviceId: a.device_id,
            deviceName: a.name,
            kind: a.kind,
            message: a.message,
            at: a.at,
            sentToCloud: a.status === 'applied',
          })),
      }),
    );
  };
}
