/**
 * The hub app's routes, registered in one place each: the counter's (staff, scanning, sync,
 * cards, lookups, sales, cash, maintenance, live channel), the printers', and the counter
 * app's files (or a page saying it is not built).
 */
import type { EventEmitter } from 'node:events';
import { existsSync } from 'node:fs';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import { discoverPrinters } from '@ismail/drivers';
import { printerRoutes } from '../routes/printers.js';
import { printingRoutes } from '../routes/printing.js';
import { failedPrintJobRoutes } from '../routes/failed-print-jobs.js';
import { scanningRoutes } from '../routes/scanning.js';
import { syncRoutes } from '../routes/sync.js';
import { cardRoutes } from '../routes/cards.js';
import { lookupRoutes } from '../routes/lookups.js';
import { salesRoutes } from '../routes/sales.js';
import { cashRoutes } from '../routes/cash.js';
import { staffRoutes } from '../routes/staff.js';
import { maintenanceRoutes } from '../routes/maintenance.js';
import { liveRoutes } from '../routes/live.js';
import { CardPhotos } from '../cards/card-photos.js';
import { CounterOperations } from '../sync/outbox.js';
import { HubMaintenance } from '../maintenance/hub-maintenance.js';
import type { ScannerService } from '../scanning/scanner-service.js';
import type { Scheduler } from '../platform/scheduler.js';
import type { HubAppOptions } from './app.js';
import { defaultCloudUrl, type HubDesks, type HubPrinting, type HubSyncServices } from './app-services.js';

export interface CounterRouteSources {
  readonly services: HubSyncServices;
  readonly desks: HubDesks;
  readonly printing: HubPrinting;
  readonly scanners: ScannerService;
  readonly scheduler: Scheduler;
  /** Device events the counter shows as they happen (alarms). */
  readonly iotEvents: EventEmitter;
}

export async function registerCounterRoutes(
  app: FastifyInstance,
  options: HubAppOptions,
  sources: CounterRouteSources,
): Promise<void> {
  const { services, desks, scanners, scheduler } = sources;
  const { outbox, credentials, sync, cardTrust, catalog, booking, policies } = services;
  const { auth, staff, cash, sales } = desks;
  const queue = sources.printing.queue;
  await app.register(staffRoutes({ auth, staff, db: options.db }));
  await app.register(scanningRoutes(scanners, auth, scheduler));
  await app.register(
    syncRoutes({
      auth,
      cloudUrl: options.cloudUrl ?? defaultCloudUrl,
      outbox,
      counter: new CounterOperations(options.db, outbox, cash),
      credentials,
      sync,
      cardTrust,
      catalog,
      booking,
      policies,
    }),
  );
  await app.register(lookupRoutes({ auth, catalog, booking }));
  await app.register(cardRoutes({ auth, cardTrust, photos: new CardPhotos(options.db, credentials), outbox }));
  await app.register(salesRoutes({ auth, sales, sync, queue }));
  await app.register(cashRoutes({ auth, cash, queue, policies, sync }));
  await app.register(maintenanceRoutes({ auth, maintenance: new HubMaintenance(options.db, credentials), sync }));
  await app.register(
    liveRoutes({
      auth,
      staff,
      status: services,
      queue,
      scanners,
      iot: sources.iotEvents,
      scheduler,
    }),
  );
}

export async function registerPrinterRoutes(
  app: FastifyInstance,
  options: HubAppOptions,
  sources: { printing: HubPrinting; auth: HubDesks['auth']; scheduler: Scheduler },
): Promise<void> {
  const { printers, queue } = sources.printing;
  const { auth, scheduler } = sources;
  await app.register(printerRoutes(printers, auth));
  await app.register(
    printingRoutes({ queue, printers, auth, scheduler, discover: options.discover ?? (() => discoverPrinters()) }),
  );
  await app.register(failedPrintJobRoutes({ queue, auth }));
}

/** The counter app's built files at `/`, or a plain page saying how to build them. */
export async function serveCounterApp(app: FastifyInstance, counterAppDir: string): Promise<void> {
  if (existsSync(counterAppDir)) {
    await app.register(fastifyStatic, { root: counterAppDir, prefix: '/', index: 'index.html' });
    return;
  }
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
        .send(`Le guichet n'est pas construit : lancez « npm run build » (dossier attendu : ${counterAppDir}).\n`),
  );
}
