/**
 * Invoicing: invoices and credit notes (numbering, content hash, renderings and exports),
 * the seller's identity, tax clearance with FNE and e-MECeF (and the admins' queue of
 * uncertain outcomes), the monthly tax report and the sealed monthly archive; automatic
 * invoices for the operator's own sales. The jobs that need the process's configuration
 * (automatic invoices, clearance) are declared only when the app is given it.
 */
import path from 'node:path';
import fp from 'fastify-plugin';
import type { CloudAppOptions, ModuleOptions } from '../../platform/options.js';
import { previousPeriod } from '../wallet/commission-runs.js';
import type { FileStore } from '../../platform/documents/file-store.js';
import { fileStoreFor } from '../../platform/documents/stores.js';
import { archiveMaxBytes, archiveMonth } from './archive.js';
import { AutomaticInvoicer, automaticInvoiceOptions } from './automatic.js';
import { billingRoutes } from './billing-routes.js';
import { clearanceAdminRoutes } from './clearance-admin-routes.js';
import { clearanceFromConfig } from './clearance-from-config.js';
import { invoiceRoutes } from './routes.js';

const minuteMs = 60_000;

/** Where the sealed monthly archives go: the shared file store in production mode, else a folder beside KYC's. */
export const archiveDirOf = (options: CloudAppOptions): FileStore =>
  fileStoreFor(options, {
    namespace: 'invoice-archive',
    directory: options.archiveDir ?? path.join(path.dirname(options.kycDir), 'invoice-archive'),
    maxBytes: archiveMaxBytes,
  });

export const invoicingModule = fp<ModuleOptions>(
  async (app, { cloud: options }) => {
    const { db, masterKey } = options;
    await app.register(invoiceRoutes(db, options.notifications?.publicUrl ?? 'http://127.0.0.1:8080'));
    await app.register(clearanceAdminRoutes(db));
    await app.register(
      billingRoutes(
        db,
        options.notifications?.publicUrl ?? 'http://127.0.0.1:8080',
        options.notifications?.channels.email,
      ),
    );
    // Last month is sealed into the archive as soon as it can be (every invoice answered by
    // the tax authority); until then each hourly try says why it waits.
    app.jobs.declare({
      name: 'invoicing.archive',
      everyMs: 60 * minuteMs,
      timeoutMs: 10 * minuteMs,
      run: () =>
        archiveMonth(db, masterKey, archiveDirOf(options), previousPeriod(new Date())).then(
          (r) =>
            r.written
              ? app.log.info({ period: r.manifest.period, invoices: r.manifest.count }, 'invoice month archived')
              : undefined,
          (error: unknown) => app.log.info({ reason: (error as Error).message }, 'invoice archive waits'),
        ),
    });
    const config = options.config;
    if (config === undefined) return;
    const invoicer = new AutomaticInvoicer(db, automaticInvoiceOptions(config));
    app.jobs.declare({ name: 'invoicing.automatic', everyMs: 5_000, timeoutMs: minuteMs, run: () => invoicer.tick() });
    // Issued invoices are submitted to the tax authority every 5 s when one is configured.
    const clearance = clearanceFromConfig(config, db);
    if (clearance !== null)
      app.jobs.declare({
        name: 'invoicing.clearance',
        everyMs: 5_000,
        timeoutMs: 2 * minuteMs,
        run: () => clearance.tick(),
      });
  },
  { name: 'invoicing', dependencies: ['identity', 'wallet'] },
);
