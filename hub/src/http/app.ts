/**
 * Builds the hub's local HTTP app: health, the local API and the counter app's files.
 * Same error body and request ids as the cloud (shared/http/error-response).
 */
import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import path from 'node:path';
import { existsSync } from 'node:fs';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyInstance, type RouteOptions } from 'fastify';
import { Type } from '@sinclair/typebox';
import { AppError, baseHttpServerOptions, toErrorResponse, type PrinterConfig } from '@ismail/shared';
import {
  discoverPrinters,
  transportFor,
  type Discovery,
  type PrinterTransport,
  type SerialPortFactory,
} from '@ismail/drivers';
import { hubHealthRoutes } from '../routes/health.js';
import { printerRoutes } from '../routes/printers.js';
import { printingRoutes } from '../routes/printing.js';
import { PrintQueue, type PrintQueueOptions } from '../printing/print-queue.js';
import { failedPrintJobRoutes } from '../routes/failed-print-jobs.js';
import { scanningRoutes } from '../routes/scanning.js';
import { ScannerService } from '../scanning/scanner-service.js';
import { syncRoutes } from '../routes/sync.js';
import { CardTrust } from '../cards/card-trust.js';
import { CardPhotos } from '../cards/card-photos.js';
import { CatalogSync } from '../sync/catalog-sync.js';
import { BookingSync } from '../sync/booking-sync.js';
import { ClearanceSync } from '../sync/clearance-sync.js';
import { CredentialStore } from '../sync/credentials.js';
import { CounterOperations, Outbox } from '../sync/outbox.js';
import { SyncClient } from '../sync/sync-client.js';
import { PolicyStore } from '../sync/policy-store.js';
import { SalesDesk } from '../sales/sales-desk.js';
import { salesRoutes } from '../routes/sales.js';
import { CashDesk } from '../cash/cash-desk.js';
import { cashRoutes } from '../routes/cash.js';
import { StaffDesk } from '../staff/staff-desk.js';
import { staffRoutes } from '../routes/staff.js';
import { HubAuth } from './hub-auth.js';
import { registerTextHygiene } from './text-hygiene.js';
import { HubMaintenance } from '../maintenance/hub-maintenance.js';
import { maintenanceRoutes } from '../routes/maintenance.js';
import { liveRoutes } from '../routes/live.js';
import { DeviceCa } from '../iot/device-ca.js';
import { DeviceRegistry } from '../iot/devices.js';
import { startBroker, type RunningBroker } from '../iot/broker.js';
import { DeviceRouter } from '../iot/device-router.js';
import { DoorDesk } from '../iot/door-desk.js';
import { deviceRoutes } from '../routes/devices.js';
import type { HubDatabase } from '../store/open.js';
import { printerStore } from '../store/printers.js';
import { Scheduler } from '../platform/scheduler.js';
import { registerHubOpenApi } from './openapi.js';
import { registerResponseCheck, type ResponseCheckMode } from './response-check.js';

export interface HubAppOptions {
  readonly db: HubDatabase;
  readonly adminToken: string;
  readonly counterAppDir: string;
  readonly logLevel: string;
  readonly logStream?: NodeJS.WritableStream;
  /** Composition points for tests; the defaults are the real drivers. */
  readonly transportFor?: (printer: PrinterConfig) => PrinterTransport;
  readonly discover?: () => Promise<Discovery>;
  readonly printRetryBaseMs?: number;
  /** Blocks to printer bytes (default the drivers' encoder); tests pass one that throws. */
  readonly encodeTicket?: PrintQueueOptions['encode'];
  /** The cloud this hub syncs with, and where its credentials live. */
  readonly cloudUrl?: string;
  readonly credentialsDir?: string;
  readonly syncRetryBaseMs?: number;
  /** How often the card keys and revocation list are pulled (default a minute). */
  readonly trustPullMs?: number;
  /** The device broker (MQTT over TLS); none when absent (most in-process tests). */
  readonly mqtt?: { host: string; port: number; plainLoopbackPort?: number | undefined; drainTimeoutMs?: number };
  /** Where the device CA's keys live (default: beside the SQLite file). */
  readonly iotDir?: string;
  /** Serial ports for scanners; tests pass serialport's mock binding. */
  readonly openScannerPort?: SerialPortFactory;
  /** Answers checked against their response schemas (default `log`; tests `throw`): see response-check.ts. */
  readonly responseCheck?: ResponseCheckMode;
  /** Told of every route as it is added (tests list them to check the OpenAPI document). */
  readonly onRoute?: (route: RouteOptions) => void;
}

declare module 'fastify' {
  interface FastifyInstance {
    printQueue: PrintQueue;
    scanners: ScannerService;
    sync: { outbox: Outbox; client: SyncClient };
    cardTrust: CardTrust;
    devices: { registry: DeviceRegistry; broker: () => RunningBroker | null };
  }
}

export async function buildHubApp(options: HubAppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: {
      level: options.logLevel,
      redact: {
        paths: ['req.headers.authorization', 'req.headers.cookie', 'req.headers["x-bundle-passphrase"]'],
        censor: '[redacted]',
      },
      ...(options.logStream === undefined ? {} : { stream: options.logStream }),
    },
    ...baseHttpServerOptions(randomUUID),
  });
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  app.setErrorHandler((error, request, reply) => {
    const response = toErrorResponse(error, request.id);
    if (response.isServerFault) request.log.error({ err: error }, 'request failed');
    return reply.status(response.httpStatus).send(response.body);
  });
  app.setNotFoundHandler((request, reply) => {
    const response = toErrorResponse(new AppError('NOT_FOUND'), request.id);
    return reply.status(response.httpStatus).send(response.body);
  });
  app.decorateRequest('principal', null);
  if (options.onRoute !== undefined) app.addHook('onRoute', options.onRoute);
  // Before any route: the document collects routes as they are added.
  await registerHubOpenApi(app);
  registerResponseCheck(app, options.responseCheck ?? 'log');
  // Before any route: no text field of any route takes a control character.
  registerTextHygiene(app);
  await app.register(hubHealthRoutes(options.db));
  // Every repeating task of the hub; stopped (its runs awaited) when the app closes, before server.ts closes SQLite.
  const scheduler = new Scheduler(app.log);
  app.addHook('onClose', async () => scheduler.stop());
  const printers = printerStore(options.db);
  const queue = new PrintQueue({
    db: options.db,
    printers,
    scheduler,
    transportFor: options.transportFor ?? transportFor,
    ...(options.encodeTicket === undefined ? {} : { encode: options.encodeTicket }),
    ...(options.printRetryBaseMs === undefined
      ? {}
      : { retryBaseMs: options.printRetryBaseMs, pollMs: options.printRetryBaseMs }),
  });
  app.decorate('printQueue', queue);
  queue.on('status', (status) =>
    app.log.info(
      {
        printer: status.printerId,
        state: status.state,
        detail: status.detail,
        waiting: status.waitingJobs,
        failed: status.failedJobs.length,
      },
      'printer status',
    ),
  );
  queue.on('job', (job) => {
    if (job.status === 'failed')
      app.log.warn(
        { job: job.id, printer: job.printerId, documentKey: job.documentKey, reason: job.failedReason },
        'print job set aside',
      );
  });
  app.addHook('onReady', async () => queue.start());
  app.addHook('onClose', async () => queue.stop());
  const scanners = new ScannerService(options.db, options.openScannerPort);
  app.decorate('scanners', scanners);
  scanners.on('state', (s) =>
    app.log.info(
      { scanner: s.scannerId, state: s.state, detail: s.state === 'closed' ? s.detail : undefined },
      'scanner',
    ),
  );
  app.addHook('onReady', async () => scanners.start());
  app.addHook('onClose', async () => scanners.stop());
  const outbox = new Outbox(options.db);
  const credentials = new CredentialStore(options.credentialsDir ?? path.dirname(options.db.name));
  const sync = new SyncClient(
    outbox,
    credentials,
    options.syncRetryBaseMs === undefined
      ? {}
      : { retryBaseMs: options.syncRetryBaseMs, idleMs: options.syncRetryBaseMs * 5 },
  );
  app.decorate('sync', { outbox, client: sync });
  app.addHook('onReady', async () => sync.start());
  app.addHook('onClose', async () => sync.stop());
  const catalog = new CatalogSync(options.db, credentials, options.syncRetryBaseMs);
  app.addHook('onReady', async () => catalog.start());
  app.addHook('onClose', async () => catalog.stop());
  const booking = new BookingSync(options.db, credentials, options.syncRetryBaseMs);
  app.addHook('onReady', async () => booking.start());
  app.addHook('onClose', async () => booking.stop());
  // The tax authority's answer on this hub's invoices, for the counter's invoice list.
  const clearances = new ClearanceSync(options.db, credentials, options.syncRetryBaseMs);
  app.addHook('onReady', async () => clearances.start());
  app.addHook('onClose', async () => clearances.stop());
  const cardTrust = new CardTrust(options.db, options.cloudUrl ?? 'http://127.0.0.1:8080', options.trustPullMs);
  app.decorate('cardTrust', cardTrust);
  app.addHook('onReady', async () => cardTrust.start(scheduler));
  app.addHook('onClose', async () => cardTrust.stop());
  const policies = new PolicyStore(options.db, credentials, cardTrust, options.trustPullMs);
  app.addHook('onReady', async () => policies.start(scheduler));
  app.addHook('onClose', async () => policies.stop());
  const staff = new StaffDesk(options.db, { credentials, policies });
  const auth = new HubAuth(options.adminToken, staff);
  const cash = new CashDesk(options.db, outbox);
  const sales = new SalesDesk(options.db, outbox, policies, cardTrust, credentials, cash);
  await app.register(staffRoutes({ auth, staff, db: options.db }));
  await app.register(scanningRoutes(scanners, auth, scheduler));
  await app.register(
    syncRoutes({
      auth,
      cloudUrl: options.cloudUrl ?? 'http://127.0.0.1:8080',
      outbox,
      counter: new CounterOperations(options.db, outbox, cash),
      credentials,
      sync,
      cardTrust,
      catalog,
      booking,
      policies,
      photos: new CardPhotos(options.db, credentials),
    }),
  );
  await app.register(salesRoutes({ auth, sales, sync, queue }));
  await app.register(cashRoutes({ auth, cash, queue, policies, sync }));
  await app.register(maintenanceRoutes({ auth, maintenance: new HubMaintenance(options.db, credentials), sync }));
  // Device events the counter shows as they happen (alarms).
  const iotEvents = new EventEmitter();
  await app.register(
    liveRoutes({
      auth,
      staff,
      status: { credentials, outbox, sync, cardTrust, catalog, booking, policies },
      queue,
      scanners,
      iot: iotEvents,
      scheduler,
    }),
  );
  // Devices on the shop LAN: the hub's CA, the registry, the broker.
  const ca = await DeviceCa.open(options.iotDir ?? path.join(path.dirname(options.db.name), 'iot'), 'hub');
  const devices = new DeviceRegistry(options.db, ca, outbox);
  const router = new DeviceRouter(options.db, devices, outbox);
  let broker: RunningBroker | null = null;
  devices.onRevoked = (deviceId) => broker?.disconnect(deviceId);
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
  app.decorate('devices', { registry: devices, broker: () => broker });
  await app.register(
    deviceRoutes({
      auth,
      devices,
      ca,
      db: options.db,
      broker: () => broker,
      doors: new DoorDesk(options.db, devices, cardTrust, booking, () => broker),
    }),
  );
  await app.register(printerRoutes(printers, auth));
  await app.register(
    printingRoutes({ queue, printers, auth, scheduler, discover: options.discover ?? (() => discoverPrinters()) }),
  );
  await app.register(failedPrintJobRoutes({ queue, auth }));
  if (existsSync(options.counterAppDir)) {
    await app.register(fastifyStatic, { root: options.counterAppDir, prefix: '/', index: 'index.html' });
  } else {
    app.get(
      '/',
      {
        schema: {
          response: {
            200: {
              description: 'Why there is no counter app to serve',
              content: { 'text/plain': { schema: Type.String() } },
            },
          },
        },
      },
      (_request, reply) =>
        reply
          .type('text/plain; charset=utf-8')
          .send(
            `Le guichet n'est pas construit : lancez « npm run build » (dossier attendu : ${options.counterAppDir}).\n`,
          ),
    );
  }
  return app;
}
