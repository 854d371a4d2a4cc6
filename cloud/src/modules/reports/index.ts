/**
 * Reports (issue 27): money flows, commissions, wallets, activity, invoices and taxes, debt recovery, by period,
 * module and profile scope, as PDF, XLSX or CSV; big ones as export jobs; saved reports sent by e-mail on a schedule.
 * The invoices' own reports (monthly tax report, lines export, one invoice's export and QR) moved here from invoicing
 * with their paths and operationIds unchanged.
 */
import fp from 'fastify-plugin';
import type { ModuleOptions } from '../../platform/options.js';
import { invoiceGuards } from '../invoicing/invoice-guards.js';
import { registerReportJobs } from './export-jobs.js';
import { invoiceReportRoutes } from './invoice-report-routes.js';
import { reportRoutes } from './routes.js';
import { ReportScheduler } from './schedule-job.js';
import { scheduleRoutes } from './schedule-routes.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** The scheduled reports' sender (tests run it by hand: `app.reportScheduler.runOnce()`). */
    reportScheduler: ReportScheduler;
  }
}

const runEveryMs = 60_000;
/** With a test clock a browser test moves time: a week later, the report goes within seconds. */
const testClockRunEveryMs = 5_000;

export const reportsModule = fp<ModuleOptions>(
  async (app, { cloud: options }) => {
    const { db } = options;
    const now = options.testClock?.now ?? (() => new Date());
    const publicUrl = options.notifications?.publicUrl ?? 'http://127.0.0.1:8080';
    await app.register(invoiceReportRoutes(db, publicUrl, invoiceGuards(db)));
    registerReportJobs(db, app.documents.exportJobs);
    // Schedule routes first: `/v1/reports/schedules` is a static path beside `/v1/reports/:kind`.
    await app.register(scheduleRoutes(db, now));
    await app.register(reportRoutes(db, () => app.documents.exportJobs, now));
    const scheduler = new ReportScheduler({
      db,
      documents: () => app.documents,
      email: options.notifications?.channels.email,
      publicUrl,
      now,
      onError: (error, scheduleId) => app.log.warn({ err: error, scheduleId }, 'scheduled report not sent'),
    });
    app.decorate('reportScheduler', scheduler);
    app.jobs.declare({
      name: 'reports.schedules',
      everyMs: options.testClock === undefined ? runEveryMs : testClockRunEveryMs,
      timeoutMs: 300_000,
      run: () => scheduler.runOnce().then(() => undefined),
    });
  },
  { name: 'reports', dependencies: ['identity', 'wallet', 'invoicing', 'documents'] },
);
