/**
 * Dashboards (issue 23): each professional's figures and charts, its widget layout, and a periodic ledger check
 * whose last result admins see on theirs.
 */
import fp from 'fastify-plugin';
import type { Database } from '../../platform/db/database.js';
import type { PeriodicJob } from '../../platform/jobs/scheduler.js';
import type { ModuleOptions } from '../../platform/options.js';
import { checkLedger } from '../wallet/ledger-check.js';
import { dashboardRoutes } from './routes.js';

/** The whole ledger is re-derived: a few times a day is enough for a dashboard's "last result". */
const ledgerCheckEveryMs = 6 * 3_600_000;

export async function recordLedgerCheck(db: Database): Promise<void> {
  const report = await checkLedger(db);
  await db.pool.query('INSERT INTO dashboard_ledger_checks (ok, problems) VALUES ($1, $2)', [
    report.ok,
    report.problems.length,
  ]);
}

export const dashboardModule = fp<ModuleOptions>(
  async (app, { cloud: options }) => {
    await app.register(dashboardRoutes(options.db, () => new Date()));
    const job: PeriodicJob = {
      name: 'dashboard.ledger-check',
      everyMs: ledgerCheckEveryMs,
      timeoutMs: 10 * 60_000,
      run: async () => recordLedgerCheck(options.db),
    };
    app.jobs.declare(job);
  },
  { name: 'dashboard', dependencies: ['identity'] },
);
