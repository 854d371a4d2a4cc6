/**
 * Devices on the shop LAN: managers register them (a one-time enrolment code) and revoke
 * them; a device enrols itself with its code and a CSR (no session: the code is its proof);
 * anyone on the LAN may read the CA certificate devices trust. Schemas: shared/src/hub-api/devices.
 */
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import {
  AppError,
  ErrorBodySchema,
  hubBinaryResponse,
  HubBrokerStatsSchema,
  HubDeviceAlarmsSchema,
  HubDeviceCommandRequestSchema,
  HubDeviceCommandSentSchema,
  HubDeviceEnrolledSchema,
  HubDeviceEnrolRequestSchema,
  HubDeviceEventsSchema,
  HubDeviceListSchema,
  HubDeviceParamsSchema,
  HubDevicePositionsSchema,
  HubDeviceRegisteredSchema,
  HubDeviceRegisterRequestSchema,
  HubDeviceRevokeRequestSchema,
  HubDeviceSchema,
  HubDoorRefusedSchema,
  HubDoorUnlockedSchema,
  HubDoorUnlockRequestSchema,
  HubErrorResponses,
  hubLimitQuery,
} from '@ismail/shared';
import { Type } from '@sinclair/typebox';
import { principalOf, type HubAuth } from '../http/hub-auth.js';
import type { DeviceCa } from '../iot/device-ca.js';
import type { DeviceRegistry } from '../iot/devices.js';
import type { HubDatabase } from '../store/open.js';
import type { RunningBroker } from '../iot/broker.js';
import type { DoorDesk } from '../iot/door-desk.js';

export function deviceRoutes(options: {
  auth: HubAuth;
  devices: DeviceRegistry;
  ca: DeviceCa;
  db: HubDatabase;
  broker: () => RunningBroker | null;
  doors: DoorDesk;
}) {
  return async (instance: FastifyInstance): Promise<void> => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();
    const errors = HubErrorResponses;
    const manager = { onRequest: options.auth.guard('manager') };
    const cashier = { onRequest: options.auth.guard('cashier') };

    app.post(
      '/api/v1/devices',
      {
        ...manager,
        schema: { body: HubDeviceRegisterRequestSchema, response: { 201: HubDeviceRegisteredSchema, ...errors } },
      },
      async (request, reply) =>
        reply.status(201).send(options.devices.register(request.body, principalOf(request).accountId)),
    );

    app.post(
      '/api/v1/devices/:deviceId/enroll',
      {
        schema: {
          params: HubDeviceParamsSchema,
          body: HubDeviceEnrolRequestSchema,
          response: { 200: HubDeviceEnrolledSchema, ...errors },
        },
      },
      async (request) => {
        const issued = await options.devices.enrol(request.params.deviceId, {
          code: request.body.code,
          csrPem: request.body.csr,
        });
        return { ...issued, broker: { port: options.broker()?.port ?? null } };
      },
    );

    app.post(
      '/api/v1/devices/:deviceId/revoke',
      {
        ...manager,
        schema: {
          params: HubDeviceParamsSchema,
          body: HubDeviceRevokeRequestSchema,
          response: { 200: HubDeviceSchema, ...errors },
        },
      },
      async (request) =>
        options.devices.revoke(request.params.deviceId, principalOf(request).accountId, request.body.reason),
    );

    app.get(
      '/api/v1/devices',
      { ...cashier, schema: { response: { 200: HubDeviceListSchema, ...errors } } },
      async () => ({ devices: options.devices.list() }),
    );

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

    // A command to a device: only the hub publishes under a device's cmd/ branch.
    app.post(
      '/api/v1/devices/:deviceId/commands',
      {
        ...manager,
        schema: {
          params: HubDeviceParamsSchema,
          body: HubDeviceCommandRequestSchema,
          response: { 200: HubDeviceCommandSentSchema, ...errors },
        },
      },
      async (request) => {
        const { deviceId } = request.params;
        const device = options.devices.get(deviceId);
        if (device?.state !== 'active') throw new AppError('NOT_FOUND', 'No active device with this id at this hub.');
        const broker = options.broker();
        if (broker === null) throw new AppError('CONFLICT', 'The device broker is not running.');
        await broker.command(deviceId, request.body.name, request.body.payload ?? {});
        return { sent: true as const };
      },
    );

    // The broker's counters: refusals (each also logged with the device and topic) and writes.
    app.get(
      '/api/v1/devices/broker',
      { ...manager, schema: { response: { 200: HubBrokerStatsSchema, ...errors } } },
      async () => {
        const broker = options.broker();
        return broker === null
          ? { running: false as const }
          : { running: true as const, port: broker.port, ...broker.stats };
      },
    );

    // Reception (or a kiosk by the door) scans the guest's card or dynamic QR: the lock opens only for a confirmed stay
    // in its room, today.
    app.post(
      '/api/v1/doors/:deviceId/unlock',
      {
        ...cashier,
        schema: {
          params: HubDeviceParamsSchema,
          body: HubDoorUnlockRequestSchema,
          // 403 is the door's refusal with its reason, or the usual error body.
          response: { 200: HubDoorUnlockedSchema, 403: Type.Union([HubDoorRefusedSchema, ErrorBodySchema]), ...errors },
        },
      },
      async (request, reply) => {
        const decision = await options.doors.unlock({
          deviceId: request.params.deviceId,
          token: request.body.token,
          requestId: request.body.requestId,
          by: principalOf(request).accountId,
        });
        return decision.unlocked ? reply.status(200).send(decision) : reply.status(403).send(decision);
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

    app.get(
      '/api/v1/devices/ca',
      {
        schema: {
          response: {
            200: hubBinaryResponse(['application/x-pem-file'], 'The CA certificate devices trust (PEM)'),
            ...errors,
          },
        },
      },
      async (_request, reply) => reply.type('application/x-pem-file').send(options.ca.caCertificatePem),
    );
  };
}
