/**
 * /v1/reports: the kinds the caller may run, a preview (at most 200 rows with the totals), and exports as export jobs
 * (progress and download through /v1/export-jobs). The scope is the session's (scope.ts); clients are refused before
 * the query or body is read, so they get 403, not 400. Each export asked is audited (reports carry people's figures).
 */
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { appendAudit } from '../../platform/audit/audit-log.js';
import type { Database } from '../../platform/db/database.js';
import { withTransaction } from '../../platform/db/transaction.js';
import type { ExportJobs } from '../../platform/documents/types.js';
import { principalOf } from '../../platform/http/access-plugin.js';
import { withErrors } from '../../platform/http/schemas.js';
import { reportFormats, reportKinds } from './definition.js';
import { reportDefinitions } from './definitions/index.js';
import { reportJobKind, reportJobLabel } from './export-jobs.js';
import { requestedPeriod } from './period.js';
import { reportScopeOf } from './scope.js';

export const reportAccess = (action: 'read' | 'write' | 'modify') =>
  ({ resource: 'reports', action, needsSecondFactor: false }) as const;
export const reportTags = ['reports'];
export const previewRowsMax = 200;

const Kind = Type.Union(reportKinds.map((k) => Type.Literal(k)));
const Format = Type.Union(reportFormats.map((f) => Type.Literal(f)));
const Day = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD (Abidjan)' });
const Module = Type.String({ pattern: '^[a-z_]{1,40}$' });
const Cell = Type.Union([Type.String(), Type.Number(), Type.Null()]);
const PreviewSchema = Type.Object({
  columns: Type.Array(
    Type.Object({
      key: Type.String(),
      labelFr: Type.String(),
      type: Type.Union([Type.Literal('text'), Type.Literal('xof'), Type.Literal('integer'), Type.Literal('date')]),
    }),
  ),
  rows: Type.Array(Type.Record(Type.String(), Cell), { maxItems: previewRowsMax }),
  totalRows: Type.Integer({ minimum: 0 }),
  totals: Type.Record(Type.String(), Type.Number()),
  truncated: Type.Boolean(),
});

/** Refuses clients before validation (the access matrix expects 403 whatever the body). */
export const refuseClients = async (request: Parameters<typeof principalOf>[0]) => {
  reportScopeOf(principalOf(request).principal);
};

export function reportRoutes(db: Database, exportJobs: () => ExportJobs, now: () => Date) {
  return async (instance: FastifyInstance): Promise<void> => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();
    app.addHook('preValidation', refuseClients);

    app.get(
      '/v1/reports',
      {
        config: { access: reportAccess('read') },
        schema: {
          tags: reportTags,
          summary: 'The reports I may run, with their formats',
          operationId: 'listReportKinds',
          response: withErrors({
            200: Type.Object({
              kinds: Type.Array(Type.Object({ kind: Kind, titleFr: Type.String(), formats: Type.Array(Format) })),
            }),
          }),
        },
      },
      async () => ({
        kinds: reportKinds.map((kind) => ({
          kind,
          titleFr: reportDefinitions[kind].titleFr,
          formats: [...reportFormats],
        })),
      }),
    );

    app.get(
      '/v1/reports/:kind',
      {
        config: { access: reportAccess('read') },
        schema: {
          tags: reportTags,
          summary: 'A report over my scope for a period (≤ 366 days, default the last 30): 200 rows at most, totals',
          operationId: 'previewReport',
          params: Type.Object({ kind: Kind }),
          querystring: Type.Object(
            { from: Type.Optional(Day), to: Type.Optional(Day), module: Type.Optional(Module) },
            { additionalProperties: false },
          ),
          response: withErrors({ 200: PreviewSchema }),
        },
      },
      async (request) => {
        const definition = reportDefinitions[request.params.kind];
        const period = requestedPeriod(request.query, now());
        const query = {
          scope: reportScopeOf(principalOf(request).principal),
          start: period.start,
          end: period.end,
          module: request.query.module ?? null,
        };
        const rows = [];
        for await (const row of definition.rows(db, query, previewRowsMax + 1)) {
          if (rows.length === previewRowsMax) break;
          rows.push(row);
        }
        const totalRows = await definition.count(db, query);
        return {
          columns: [...definition.columns],
          rows,
          totalRows,
          totals: await definition.totals(db, query),
          truncated: totalRows > rows.length,
        };
      },
    );

    app.post(
      '/v1/reports/:kind/exports',
      {
        config: { access: reportAccess('write') },
        schema: {
          tags: reportTags,
          summary: 'Export a report over my scope as CSV, XLSX or PDF: an export job to follow, then download',
          operationId: 'startReportExport',
          params: Type.Object({ kind: Kind }),
          headers: Type.Object(
            { 'idempotency-key': Type.Optional(Type.String({ pattern: '^[A-Za-z0-9_.:-]{1,128}$' })) },
            { additionalProperties: true },
          ),
          body: Type.Object(
            { from: Day, to: Day, module: Type.Optional(Module), format: Format },
            { additionalProperties: false },
          ),
          response: withErrors({ 202: Type.Object({ jobId: Type.String() }) }),
        },
      },
      async (request, reply) => {
        const { principal } = principalOf(request);
        const kind = request.params.kind;
        const body = request.body;
        const period = requestedPeriod(body, now());
        const params = { from: period.from, to: period.to, module: body.module ?? null, format: body.format };
        const key = request.headers['idempotency-key'];
        const { jobId } = await exportJobs().start({
          kind: reportJobKind(kind),
          accountId: principal.accountId,
          label: reportJobLabel(reportDefinitions[kind], params),
          params,
          ...(key === undefined ? {} : { idempotencyKey: key }),
        });
        await withTransaction(db.pool, (client) =>
          appendAudit(client, {
            actor: { accountId: principal.accountId, label: principal.profile },
            action: 'report.export_requested',
            subject: { type: 'export_job', id: jobId },
            place: `ip:${request.ip}`,
            detail: { kind, ...params },
          }),
        );
        return reply.status(202).send({ jobId });
      },
    );
  };
}
