/**
 * Devices on the shop LAN, wired into the hub app: the hub's device CA, the registry, the
 * router that stores what devices publish, the MQTT broker (only when configured, started on
 * `onReady`) and the device, door and record routes.
 */
import type { EventEmitter } from 'node:events';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { DeviceCa } from '../iot/device-ca.js';
import { DeviceRegistry } from '../iot/devices.js';
import { startBroker, type RunningBroker } from '../iot/broker.js';
import { DeviceRouter } from '../iot/device-router.js';
import { DoorDesk } from '../iot/door-desk.js';
import { DeviceCrl } from '../iot/device-crl.js';
import { PositionBatcher } from '../iot/position-batcher.js';
import { VisitSync } from '../sync/visit-sync.js';
import { deviceRoutes } from '../routes/devices.js';
import { deviceRecordRoutes } from '../routes/device-records.js';
import { deviceControlRoutes } from '../routes/device-control.js';
import type { Scheduler } from '../platform/scheduler.js';
import type { HubAppOptions } from './app.js';
import type { HubDesks, HubSyncServices } from './app-services.js';

export async function startDevices(
  app: FastifyInstance,
  options: HubAppOptions,
  services: HubSyncServices & Pick<HubDesks, 'auth'>,
  /** Where device alarms are told as they are committed (the counter's live channel). */
  iotEvents: EventEmitter,
  /** The hub's one scheduler: the position batcher's window runs as its task. */
  scheduler: Scheduler,
): Promise<void> {
  const { auth, outbox, credentials, sync, cardTrust, booking } = services;
  const ca = await DeviceCa.open(options.iotDir ?? path.join(path.dirname(options.db.name), 'iot'), 'hub');
  const devices = new DeviceRegistry(options.db, ca, outbox);
  const router = new DeviceRouter(options.db, devices, outbox);
  let broker: RunningBroker | null = null;
  const crl = new DeviceCrl(options.db, ca);
  devices.onRevoked = (deviceId) => {
    broker?.disconnect(deviceId);
    // The published list follows at once; a failed signing is retried on the next read.
    crl.regenerate().catch((error: unknown) => app.log.error({ err: error }, 'device CRL not signed'));
  };
  // Positions and last-seen times leave for the cloud one operation per tracker per minute.
  const positions = new PositionBatcher(options.db, outbox);
  app.addHook('onReady', async () => positions.start(scheduler));
  app.addHook('onClose', async () => positions.stop());
  const mqtt = options.mqtt;
  if (mqtt !== undefined) {
    app.addHook('onReady', async () => {
      // The counter works without its devices: a broker that cannot start (port taken) is logged, not fatal.
      try {
        broker = await startBroker({
          db: options.db,
          ca,
          devices,
          hubId: () => credentials.load()?.hubId ?? null,
          route: (messages) => router.route(messages),
          onCommitted: (messages) => {
            sync.nudge();
            for (const alarm of router.alarmsIn(messages)) iotEvents.emit('alarm', alarm);
          },
          host: mqtt.host,
          port: mqtt.port,
          plainLoopbackPort: mqtt.plainLoopbackPort,
          ...(mqtt.drainTimeoutMs === undefined ? {} : { drainTimeoutMs: mqtt.drainTimeoutMs }),
          log: app.log,
        });
        app.log.info({ port: broker.port }, 'device broker listening (MQTT over TLS, client certificates)');
      } catch (error) {
        app.log.error({ err: error, port: mqtt.port }, 'device broker not started');
      }
    });
    app.addHook('onClose', async () => broker?.close());
  }
  // The agency's property visits, for its properties' door locks (replicated whether or not a lock is enrolled yet).
  const visits = new VisitSync(options.db, credentials, options.syncRetryBaseMs);
  app.addHook('onReady', async () => visits.start());
  app.addHook('onClose', async () => visits.stop());
  app.decorate('devices', { registry: devices, broker: () => broker });
  await app.register(deviceRoutes({ auth, devices, ca, crl, broker: () => broker }));
  await app.register(deviceRecordRoutes({ auth, devices, db: options.db }));
  await app.register(
    deviceControlRoutes({
      auth,
      devices,
      broker: () => broker,
      doors: new DoorDesk(options.db, devices, cardTrust, booking, () => broker, visits),
    }),
  );
}
