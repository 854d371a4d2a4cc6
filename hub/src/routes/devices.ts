/**
 * Devices on the shop LAN: managers register them (a one-time enrolment code) and revoke
 * them; a device enrols itself with its code and a CSR (no session: the code is its proof);
 * anyone on the LAN may read the CA certificate devices trust.
 */
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { AppError, MultiLine } from '@ismail/shared';
import { principalOf, type HubAuth } from '../http/hub-auth.js';
import type { DeviceCa } from '../iot/device-ca.js';
import { deviceTypes, type DeviceRegistry, type DeviceType } from '../iot/devices.js';
import type { HubDatabase } from '../store/open.js';
import type { RunningBroker } from '../iot/broker.js';
import type { DoorDesk } from '../iot/door-desk.js';
import { cardTokenMaxChars } from '@ismail/shared';

const Uuid = Type.String({ pattern: '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' });

export function deviceRoutes(options: { auth: HubAuth; devices: DeviceRegistry; ca: DeviceCa; db: HubDatabase; broker: () => RunningBroker | null; doors: DoorDesk }) {
  return async (app: FastifyInstance): Promise<void> => {
    const manager = { onRequest: options.auth.guard('manager') };
    const cashier = { onRequest: options.auth.guard('cashier') };

    app.post(
      '/api/v1/devices',
      { ...manager, schema: { body: Type.Object({ type: Type.Union(deviceTypes.map((t) => Type.Literal(t))), name: Type.String({ minLength: 1, maxLength: 80 }), unitId: Type.Optional(Uuid) }, { additionalProperties: false }) } },
      async (request, reply) => reply.status(201).send(options.devices.register(request.body as { type: DeviceType; name: string; unitId?: string }, principalOf(request).accountId)),
    );

    app.post(
      '/api/v1/devices/:deviceId/enroll',
      { schema: { params: Type.Object({ deviceId: Uuid }), body: Type.Object({ code: Type.String({ pattern: '^[A-Za-z0-9]{10}$' }), csr: MultiLine({ minLength: 100, maxLength: 8000 }) /* a PEM: line feeds are its format */ }, { additionalProperties: false }) } },
      async (request) => {
        const body = request.body as { code: string; csr: string };
        const issued = await options.devices.enrol((request.params as { deviceId: string }).deviceId, { code: body.code, csrPem: body.csr });
        return { ...issued, broker: { port: options.broker()?.port ?? null } };
      },
    );

    app.post(
      '/api/v1/devices/:deviceId/revoke',
      { ...manager, schema: { params: Type.Object({ deviceId: Uuid }), body: Type.Object({ reason: Type.String({ minLength: 1, maxLength: 300 }) }, { additionalProperties: false }) } },
      async (request) => options.devices.revoke((request.params as { deviceId: string }).deviceId, principalOf(request).accountId, (request.body as { reason: string }).reason),
    );

    app.get('/api/v1/devices', cashier, async () => ({ devices: options.devices.list() }));

    app.get(
      '/api/v1/devices/:deviceId/events',
      { ...cashier, schema: { params: Type.Object({ deviceId: Uuid }), querystring: Type.Object({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })) }, { additionalProperties: false }) } },
      async (request) => {
        const { deviceId } = request.params as { deviceId: string };
        if (options.devices.get(deviceId) === undefined) throw new AppError('NOT_FOUND', 'No such device at this hub.');
        const limit = (request.query as { limit?: number }).limit ?? 50;
        return { events: options.db.prepare<[string, number], { seq: number; topic: string; payload: string; at: string }>('SELECT seq, topic, payload, at FROM device_events WHERE device_id = ? ORDER BY seq DESC LIMIT ?').all(deviceId, limit) };
      },
    );

    // A command to a device: only the hub publishes under a device's cmd/ branch.
    app.post(
      '/api/v1/devices/:deviceId/commands',
      { ...manager, schema: { params: Type.Object({ deviceId: Uuid }), body: Type.Object({ name: Type.String({ pattern: '^[a-z][a-z0-9_-]{0,39}$' }), payload: Type.Optional(Type.Unknown()) }, { additionalProperties: false }) } },
      async (request) => {
        const { deviceId } = request.params as { deviceId: string };
        const device = options.devices.get(deviceId);
        if (device?.state !== 'active') throw new AppError('NOT_FOUND', 'No active device with this id at this hub.');
        const broker = options.broker();
        if (broker === null) throw new AppError('CONFLICT', 'The device broker is not running.');
        const body = request.body as { name: string; payload?: unknown };
        await broker.command(deviceId, body.name, body.payload ?? {});
        return { sent: true };
      },
    );

    // The broker's counters: refusals (each also logged with the device and topic) and writes.
    app.get('/api/v1/devices/broker', manager, async () => {
      const broker = options.broker();
      return broker === null ? { running: false } : { running: true, port: broker.port, ...broker.stats };
    });

    // Reception (or a kiosk by the door) scans the guest's card or dynamic QR: the lock opens only for a confirmed stay in its room, today.
    app.post(
      '/api/v1/doors/:deviceId/unlock',
      { ...cashier, schema: { params: Type.Object({ deviceId: Uuid }), body: Type.Object({ token: Type.String({ minLength: 1, maxLength: cardTokenMaxChars }), requestId: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9_.:-]{1,64}$' })) }, { additionalProperties: false }) } },
      async (request, reply) => {
        const body = request.body as { token: string; requestId?: string };
        const decision = await options.doors.unlock({ deviceId: (request.params as { deviceId: string }).deviceId, token: body.token, requestId: body.requestId, by: principalOf(request).accountId });
        return reply.status(decision.unlocked ? 200 : 403).send(decision);
      },
    );

    // A tracker's positions (its asset's trail), newest first.
    app.get(
      '/api/v1/devices/:deviceId/positions',
      { ...cashier, schema: { params: Type.Object({ deviceId: Uuid }), querystring: Type.Object({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })) }, { additionalProperties: false }) } },
      async (request) => ({
        positions: options.db
          .prepare<[string, number], { lat: number; lon: number; speed_kmh: number | null; at: string }>('SELECT lat, lon, speed_kmh, at FROM gps_positions WHERE device_id = ? ORDER BY event_seq DESC LIMIT ?')
          .all((request.params as { deviceId: string }).deviceId, (request.query as { limit?: number }).limit ?? 100)
          .map((p) => ({ lat: p.lat, lon: p.lon, speedKmh: p.speed_kmh, at: p.at })),
      }),
    );

    app.get(
      '/api/v1/alarms',
      { ...cashier, schema: { querystring: Type.Object({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })) }, { additionalProperties: false }) } },
      async (request) => ({
        alarms: options.db
          .prepare<[number], { device_id: string; name: string; kind: string; message: string | null; at: string; status: string }>(
            'SELECT a.device_id, d.name, a.kind, a.message, a.at, o.status FROM device_alarms a JOIN devices d ON d.id = a.device_id JOIN outbox o ON o.seq = a.outbox_seq ORDER BY a.event_seq DESC LIMIT ?',
          )
          .all((request.query as { limit?: number }).limit ?? 50)
          .map((a) => ({ deviceId: a.device_id, deviceName: a.name, kind: a.kind, message: a.message, at: a.at, sentToCloud: a.status === 'applied' })),
      }),
    );

    app.get('/api/v1/devices/ca', async (_request, reply) => reply.type('application/x-pem-file').send(options.ca.caCertificatePem));
  };
}
