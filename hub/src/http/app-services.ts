/**
 * The hub's services, built once per app and started or stopped with it: the print queue,
 * the scanners, sync with the cloud (outbox, catalog, booking, clearances, card trust,
 * policy) and the counter's desks. Each repeating task starts on `onReady` and stops on
 * `onClose`, so a test's app.close() leaves nothing running before SQLite closes.
 */
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { transportFor } from '@ismail/drivers';
import { PrintQueue } from '../printing/print-queue.js';
import { ScannerService } from '../scanning/scanner-service.js';
import { CardTrust } from '../cards/card-trust.js';
import { CatalogSync } from '../sync/catalog-sync.js';
import { BookingSync } from '../sync/booking-sync.js';
import { ClearanceSync } from '../sync/clearance-sync.js';
import { CredentialStore } from '../sync/credentials.js';
import { Outbox } from '../sync/outbox.js';
import { SyncClient } from '../sync/sync-client.js';
import { PolicyStore } from '../sync/policy-store.js';
import { SalesDesk } from '../sales/sales-desk.js';
import { CashDesk } from '../cash/cash-desk.js';
import { StaffDesk } from '../staff/staff-desk.js';
import { printerStore, type PrinterStore } from '../store/printers.js';
import type { Scheduler } from '../platform/scheduler.js';
import { HubAuth } from './hub-auth.js';
import type { HubAppOptions } from './app.js';

/** Where the hub syncs when no cloud is configured: the developer's local cloud. */
export const defaultCloudUrl = 'http://127.0.0.1:8080';

export interface HubPrinting {
  readonly printers: PrinterStore;
  readonly queue: PrintQueue;
}

export interface HubSyncServices {
  readonly outbox: Outbox;
  readonly credentials: CredentialStore;
  readonly sync: SyncClient;
  readonly catalog: CatalogSync;
  readonly booking: BookingSync;
  readonly cardTrust: CardTrust;
  readonly policies: PolicyStore;
}

export interface HubDesks {
  readonly staff: StaffDesk;
  readonly auth: HubAuth;
  readonly cash: CashDesk;
  readonly sales: SalesDesk;
}

export function startPrinting(app: FastifyInstance, options: HubAppOptions, scheduler: Scheduler): HubPrinting {
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
  return { printers, queue };
}

export function startScanners(app: FastifyInstance, options: HubAppOptions): ScannerService {
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
  return scanners;
}

export function startSync(app: FastifyInstance, options: HubAppOptions, scheduler: Scheduler): HubSyncServices {
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
  const cardTrust = new CardTrust(options.db, options.cloudUrl ?? defaultCloudUrl, options.trustPullMs);
  app.decorate('cardTrust', cardTrust);
  app.addHook('onReady', async () => cardTrust.start(scheduler));
  app.addHook('onClose', async () => cardTrust.stop());
  const policies = new PolicyStore(options.db, credentials, cardTrust, options.trustPullMs);
  app.addHook('onReady', async () => policies.start(scheduler));
  app.addHook('onClose', async () => policies.stop());
  return { outbox, credentials, sync, catalog, booking, cardTrust, policies };
}

/** The desks the counter's routes work through; none runs anything of its own. */
export function buildDesks(options: HubAppOptions, services: HubSyncServices): HubDesks {
  const { outbox, credentials, policies, cardTrust } = services;
  // Sessions are dated by the hub's clock (corrected by the cloud's offset, never backwards), as its records are.
  const staff = new StaffDesk(options.db, { credentials, policies }, () => outbox.clock.now());
  const auth = new HubAuth(options.adminToken, staff);
  const cash = new CashDesk(options.db, outbox);
  const sales = new SalesDesk(options.db, outbox, policies, cardTrust, credentials, cash);
  return { staff, auth, cash, sales };
}
