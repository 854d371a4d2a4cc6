/**
 * Builds the hub's local HTTP app: health, the local API and the counter app's files.
 * Same error body and request ids as the cloud (shared/http/error-response). The wiring is in
 * small parts: the shell (app-shell.ts), the services (app-services.ts), the routes
 * (app-routes.ts) and the devices (app-devices.ts).
 */
import { EventEmitter } from 'node:events';
import type { FastifyInstance, RouteOptions } from 'fastify';
import type { PrinterConfig } from '@ismail/shared';
import type { Discovery, PrinterTransport, SerialPortFactory } from '@ismail/drivers';
import { hubHealthRoutes } from '../routes/health.js';
import type { PrintQueue, PrintQueueOptions } from '../printing/print-queue.js';
import type { ScannerService } from '../scanning/scanner-service.js';
import type { CardTrust } from '../cards/card-trust.js';
import type { Outbox } from '../sync/outbox.js';
import type { SyncClient } from '../sync/sync-client.js';
import type { DeviceRegistry } from '../iot/devices.js';
import type { RunningBroker } from '../iot/broker.js';
import type { HubDatabase } from '../store/open.js';
import { Scheduler } from '../platform/scheduler.js';
import type { ResponseCheckMode } from './response-check.js';
import { createHubShell } from './app-shell.js';
import { buildDesks, startPrinting, startScanners, startSync } from './app-services.js';
import { registerCounterRoutes, registerPrinterRoutes, serveCounterApp } from './app-routes.js';
import { startDevices } from './app-devices.js';
import { wireLanTerminals } from '../lan/lan-wiring.js';
import { wireHealthAlerts } from '../alerts/alerts-wiring.js';
import { customerRoutes } from '../routes/customers.js';

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
  const app = await createHubShell(options);
  await app.register(hubHealthRoutes(options.db));
  // Every repeating task of the hub; stopped (its runs awaited) when the app closes, before server.ts closes SQLite.
  const scheduler = new Scheduler(app.log);
  app.addHook('onClose', async () => scheduler.stop());
  const printing = startPrinting(app, options, scheduler);
  const scanners = startScanners(app, options);
  const services = startSync(app, options, scheduler);
  const desks = buildDesks(options, services);
  // Device events the counter shows as they happen (alarms).
  const iotEvents = new EventEmitter();
  await registerCounterRoutes(app, options, { services, desks, printing, scanners, scheduler, iotEvents });
  // Devices on the shop LAN: the hub's CA, the registry, the broker.
  await startDevices(app, options, { ...services, auth: desks.auth }, iotEvents, scheduler);
  await registerPrinterRoutes(app, options, { printing, auth: desks.auth, scheduler });
  // Issue 28: terminals on the shop LAN, health alerts to the cloud, customer lookup.
  const wiring = { services, desks, printing, scheduler };
  await wireLanTerminals(app, options, wiring);
  await wireHealthAlerts(app, options, wiring);
  await app.register(customerRoutes({ ...wiring, db: options.db }));
  await serveCounterApp(app, options.counterAppDir);
  return app;
}
