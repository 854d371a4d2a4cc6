/**
 * Acting on devices through the hub's broker: a manager's command to a device, the broker's
 * counters, and a door unlocked for a guest's card or dynamic QR (a cashier at reception).
 * The broker may be absent (not configured, or its port taken): commands then answer CONFLICT.
 * Schemas: shared/src/hub-api/devices.
 */
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import {
  AppError,
  ErrorBodySchema,
  HubBrokerStatsSchema,
  HubDeviceCommandRequestSchema,
  HubDeviceCommandSentSchema,
  HubDeviceParamsSchema,
  HubDoorRefusedSchema,
  HubDoorUnlockedSchema,
  HubDoorUnlockRequestSchema,
  HubErrorResponses,
} from '@ismail/shared';
import { Type } from '@sinclair/typebox';
import { principalOf, type HubAuth } from '../http/hub-auth.js';
import type { DeviceRegistry } from '../iot/devices.js';
import type { RunningBroker } from '../iot/broker.js';
import type { DoorDesk } from '../iot/door-desk.js';

export function deviceControlRoutes(options: {
  auth: HubAuth;
  devices: DeviceRegistry;
  broker: () => RunningBroker | null;
  doors: DoorDesk;
}) {
  return async (instance: FastifyInstance): Promise<void> => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();
    const errors = HubErrorResponses;
    const manager = { onRequest: options.auth.guard('manager') };
    const cashier = { onRequest: options.auth.guard('cashier') };

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
  };
}
