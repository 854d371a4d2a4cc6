/**
 * /v1/privacy/* and /v1/admin/privacy/* (issue 27, contract API-issue-27.md "Personal data"). A person's data is
 * always the signed-in account's own (the session's account, never an id from the body, and not the partner a staff
 * member acts for); the register, the decisions and the retention periods are for administrators.
 */
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { stringify } from 'csv-stringify/sync';
import type { Database } from '../../platform/db/database.js';
import type { ExportJobs } from '../../platform/documents/types.js';
import { principalOf } from '../../platform/http/access-plugin.js';
import { withErrors } from '../../platform/http/schemas.js';
import { personalDataRegistry } from './registry.js';
import { decideRequest, fileRequest, requestsOf, type RequestDeps } from './requests.js';
import { retentionSettings, saveRetention } from './retention.js';

const tags = ['privacy'];
const mine = (action: 'read' | 'write') => ({ resource: 'personal_data', action, needsSecondFactor: false }) as const;
const admin = (action: 'read' | 'modify') => ({ resource: 'privacy_admin', action, needsSecondFactor: true }) as const;

const Activity = Type.Object({
  module: Type.String(),
  table: Type.String(),
  purposeFr: Type.String(),
  legalBasis: Type.String(),
  retentionFr: Type.String(),
  onErasure: Type.Union([Type.Literal('delete'), Type.Literal('pseudonymise'), Type.Literal('keep')]),
  keptBecauseFr: Type.Union([Type.String(), Type.Null()]),
});
const Request = Type.Object({
  id: Type.String({ format: 'uuid' }),
  accountId: Type.String({ format: 'uuid' }),
  kind: Type.Union([Type.Literal('rectification'), Type.Literal('erasure')]),
  details: Type.String(),
  status: Type.Union([Type.Literal('open'), Type.Literal('done'), Type.Literal('refused')]),
  note: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String(),
  decidedAt: Type.Union([Type.String(), Type.Null()]),
  accountName: Type.Optional(Type.Union([Type.String(), Type.Null()])),
});
const Retention = Type.Object({
  kycYears: Type.Integer({ minimum: 1, maximum: 20 }),
  notificationContentDays: Type.Integer({ minimum: 7, maximum: 3650 }),
  updatedAt: Type.String(),
});

const activities = () =>
  personalDataRegistry.map((t) => ({
    module: t.module,
    table: t.table,
    purposeFr: t.purposeFr,
    legalBasis: t.legalBasis,
    retentionFr: t.retentionFr,
    onErasure: t.onErasure,
    keptBecauseFr: t.keptBecauseFr ?? null,
  }));

export function privacyRoutes(db: Database, deps: RequestDeps, jobs: ExportJobs | undefined) {
  return async (instance: FastifyInstance): Promise<void> => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();
    const me = (request: Parameters<typeof principalOf>[0]) => principalOf(request).principal.accountId;

    app.get(
      '/v1/privacy/registry',
      {
        config: { access: admin('read') },
        schema: {
          tags,
          summary: 'The register of processing activities (ARTCI declaration), from every module’s declaration',
          operationId: 'privacyRegistry',
          response: withErrors({ 200: Type.Object({ activities: Type.Array(Activity) }) }),
        },
      },
      () => ({ activities: activities() }),
    );

    // The same register as a CSV file for the ARTCI declaration (Excel in French: « ; » and a BOM). Its own path, as
    // the debt journal's: one route answers one declared content type.
    app.get(
      '/v1/privacy/registry.csv',
      {
        config: { access: admin('read') },
        schema: {
          tags,
          summary: 'The register of processing activities as CSV (ARTCI declaration)',
          operationId: 'privacyRegistryCsv',
        },
      },
      async (_request, reply) => {
        const csv = stringify(activities(), {
          header: true,
          delimiter: ';',
          bom: true,
          columns: ['module', 'table', 'purposeFr', 'legalBasis', 'retentionFr', 'onErasure', 'keptBecauseFr'],
        });
        return reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', 'attachment; filename="registre-traitements.csv"')
          .send(csv);
      },
    );

    app.post(
      '/v1/privacy/exports',
      {
        config: { access: mine('read') },
        schema: {
          tags,
          summary: 'Export all my personal data as a ZIP (a job: follow it and download it in /v1/export-jobs)',
          operationId: 'startPersonalDataExport',
          response: withErrors({ 202: Type.Object({ jobId: Type.String() }) }),
        },
      },
      async (request, reply) => {
        if (jobs === undefined) throw new Error('documents module is not registered');
        const accountId = me(request);
        const key = (request.headers as Record<string, string | undefined>)['idempotency-key'];
        const started = await jobs.start({
          kind: 'privacy.data_export',
          accountId,
          label: 'Mes données personnelles (ZIP)',
          params: {},
          ...(key === undefined ? {} : { idempotencyKey: key }),
        });
        return reply.code(202).send({ jobId: started.jobId });
      },
    );

    app.post(
      '/v1/privacy/requests',
      {
        config: { access: mine('write') },
        schema: {
          tags,
          summary: 'Ask for my personal data to be corrected or erased (one open request of each kind)',
          operationId: 'filePrivacyRequest',
          body: Type.Object(
            {
              kind: Type.Union([Type.Literal('rectification'), Type.Literal('erasure')]),
              details: Type.String({ minLength: 1, maxLength: 2000 }),
            },
            { additionalProperties: false },
          ),
          response: withErrors({ 201: Request }),
        },
      },
      async (request, reply) =>
        reply.code(201).send(await fileRequest(deps, me(request), request.body.kind, request.body.details)),
    );

    app.get(
      '/v1/privacy/requests',
      {
        config: { access: mine('read') },
        schema: {
          tags,
          summary: 'My rectification and erasure requests and their decisions',
          operationId: 'myPrivacyRequests',
          response: withErrors({ 200: Type.Object({ requests: Type.Array(Request) }) }),
        },
      },
      async (request) => ({ requests: await requestsOf(db, me(request)) }),
    );

    app.get(
      '/v1/admin/privacy/requests',
      {
        config: { access: admin('read') },
        schema: {
          tags,
          summary: 'Personal-data requests of everyone, by status (admins)',
          operationId: 'adminPrivacyRequests',
          querystring: Type.Object(
            {
              status: Type.Optional(Type.Union([Type.Literal('open'), Type.Literal('done'), Type.Literal('refused')])),
            },
            { additionalProperties: false },
          ),
          response: withErrors({ 200: Type.Object({ requests: Type.Array(Request) }) }),
        },
      },
      async (request) => ({ requests: await requestsOf(db, null, request.query.status) }),
    );

    app.post(
      '/v1/admin/privacy/requests/:requestId/decision',
      {
        config: { access: admin('modify') },
        schema: {
          tags,
          summary:
            'Decide a request; an erasure decided done erases the person’s data now (refused while obligations remain)',
          operationId: 'decidePrivacyRequest',
          params: Type.Object({ requestId: Type.String({ format: 'uuid' }) }),
          body: Type.Object(
            {
              decision: Type.Union([Type.Literal('done'), Type.Literal('refused')]),
              note: Type.String({ maxLength: 1000 }),
            },
            { additionalProperties: false },
          ),
          response: withErrors({ 200: Request }),
        },
      },
      async (request) =>
        decideRequest(deps, me(request), request.params.requestId, request.body.decision, request.body.note),
    );

    app.get(
      '/v1/admin/privacy/retention',
      {
        config: { access: admin('read') },
        schema: {
          tags,
          summary: 'Retention periods applied by the daily job (KYC documents, notification contents)',
          operationId: 'privacyRetention',
          response: withErrors({ 200: Retention }),
        },
      },
      async () => retentionSettings(db.pool),
    );

    app.put(
      '/v1/admin/privacy/retention',
      {
        config: { access: admin('modify') },
        schema: {
          tags,
          summary: 'Change the retention periods (KYC: 1–20 years after last activity; notifications: 7–3650 days)',
          operationId: 'setPrivacyRetention',
          body: Type.Object(
            {
              kycYears: Type.Integer({ minimum: 1, maximum: 20 }),
              notificationContentDays: Type.Integer({ minimum: 7, maximum: 3650 }),
            },
            { additionalProperties: false },
          ),
          response: withErrors({ 200: Retention }),
        },
      },
      async (request) => saveRetention(db, me(request), request.body, deps.now()),
    );
  };
}
