/**
 * One export job producer per report kind (`reports.<kind>`): the job runs as the account that asked, its scope read
 * again from that account (identity/visibility.ts), the period and format from the request; the file streams into the
 * document store through the documents module's runner, with the row count as the progress bar's total.
 */
import { AppError } from '@ismail/shared';
import type { Database } from '../../platform/db/database.js';
import type { ExportJobs } from '../../platform/documents/types.js';
import { reportKinds, type ReportDefinition, type ReportFormat, type ReportKind } from './definition.js';
import { reportDefinitions } from './definitions/index.js';
import { periodOf } from './period.js';
import { contentTypes, renderReport, reportFilename } from './render.js';
import { reportScopeOf, scheduledPrincipal } from './scope.js';

export interface ReportJobParams {
  readonly from: string;
  readonly to: string;
  readonly module: string | null;
  readonly format: ReportFormat;
}

export const reportJobKind = (kind: ReportKind) => `reports.${kind}`;

/** A YYYY-MM-DD day as a French reader writes it (« 01/12/2026 »). */
const frenchDay = (day: string): string => day.split('-').reverse().join('/');

/** What the person sees in their list of exports (« Ventes du 01/12/2026 au 07/12/2026, XLSX »). */
export const reportJobLabel = (definition: ReportDefinition, params: ReportJobParams) =>
  `${definition.titleFr} du ${frenchDay(params.from)} au ${frenchDay(params.to)}, ${params.format.toUpperCase()}` +
  (params.module === null ? '' : ` (${params.module})`);

export function registerReportJobs(db: Database, exportJobs: ExportJobs): void {
  for (const kind of reportKinds) {
    const definition = reportDefinitions[kind];
    exportJobs.register<ReportJobParams>({
      kind: reportJobKind(kind),
      documentKind: 'export',
      run: async (context) => {
        const { accountId, params } = context;
        const principal = await scheduledPrincipal(db, accountId);
        if (principal === null) throw new AppError('FORBIDDEN', 'Ce compte ne peut plus produire de rapport.');
        const period = periodOf(params.from, params.to);
        const query = { scope: reportScopeOf(principal), start: period.start, end: period.end, module: params.module };
        const total = await definition.count(db, query);
        context.progress(0, total);
        return {
          filename: reportFilename({ definition, period, format: params.format }),
          contentType: contentTypes[params.format],
          body: renderReport({
            db,
            definition,
            query,
            period,
            format: params.format,
            progress: (n) => context.progress(n),
          }),
        };
      },
    });
  }
}
