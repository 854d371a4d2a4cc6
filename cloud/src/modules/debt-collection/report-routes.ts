/**
 * /v1/debt-collection/dashboard, /exports/journal.{csv,xlsx} and /accounting-settings (issue 26, part A): a
 * creditor's figures and journal over its own files only. Creditors are partners (staff read their partner's):
 * settled before the query or body is read, so anyone else gets 403, not 400. Exports and settings changes are
 * audited (they carry debtors' names and the creditor's chart of accounts).
 */
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { debtAgeBuckets } from '@ismail/shared';
import { appendAudit } from '../../platform/audit/audit-log.js';
import type { Database } from '../../platform/db/database.js';
import { withTransaction } from '../../platform/db/transaction.js';
import { principalOf } from '../../platform/http/access-plugin.js';
import { withErrors } from '../../platform/http/schemas.js';
import { partnerOf } from '../identity/request-owner.js';
import { creditorDashboard, reportPeriod, type ReportPeriod } from './report-dashboard.js';
import { collectionJournal, journalCsv } from './report-journal.js';
import { accountingSettingsOf, saveAccountingSettings } from './report-settings.js';
import { journalXlsx } from './report-xlsx.js';

const access = (action: 'read' | 'modify') =>
  ({ resource: 'debt_collection', action, needsSecondFactor: false }) as const;
const tags = ['debt-collection'];
const refusal = 'Le tableau de bord et les exports du recouvrement sont réservés aux créanciers (comptes partenaires).';

const PeriodQuery = Type.Object(
  {
    from: Type.Optional(Type.String({ maxLength: 20, description: 'YYYY-MM-DD (Abidjan), first day included' })),
    to: Type.Optional(Type.String({ maxLength: 20, description: 'YYYY-MM-DD (Abidjan), last day included' })),
  },
  { additionalProperties: false },
);
const Xof = Type.Integer({ minimum: 0 });
const DashboardSchema = Type.Object({
  activeFiles: Type.Integer({ minimum: 0 }),
  outstandingXof: Xof,
  buckets: Type.Array(
    Type.Object({
      bucket: Type.Union(debtAgeBuckets.map((b) => Type.Literal(b))),
      xof: Xof,
      files: Type.Integer({ minimum: 0 }),
    }),
    { maxItems: debtAgeBuckets.length },
  ),
  openingBalanceXof: Xof,
  newDebtXof: Xof,
  recoveredXof: Xof,
  recoveryRateBp: Type.Integer({ minimum: 0 }),
  dsoDays: Type.Union([Type.Integer({ minimum: 0 }), Type.Null()]),
  promises: Type.Object({
    made: Type.Integer({ minimum: 0 }),
    kept: Type.Integer({ minimum: 0 }),
    broken: Type.Integer({ minimum: 0 }),
  }),
  months: Type.Array(Type.Object({ month: Type.String(), newDebtXof: Xof, recoveredXof: Xof }), { maxItems: 12 }),
});
// Checked in the flow with French messages (2–10 digits), so the schema only bounds the length.
const Account = Type.String({ minLength: 1, maxLength: 20 });
const SettingsSchema = Type.Object({
  receivableAccount: Account,
  cashAccount: Account,
  walletAccount: Account,
  bankAccount: Account,
  revenueAccount: Account,
  feesAccount: Account,
  lossAccount: Account,
  journalCode: Account,
});
const SettingsBody = Type.Object(
  {
    receivableAccount: Account,
    cashAccount: Account,
    walletAccount: Account,
    bankAccount: Type.Optional(Account),
    revenueAccount: Type.Optional(Account),
    feesAccount: Account,
    lossAccount: Account,
    journalCode: Account,
  },
  { additionalProperties: false },
);

export function reportRoutes(db: Database, now: () => Date) {
  return async (instance: FastifyInstance): Promise<void> => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();
    app.addHook('preValidation', async (request) => {
      await partnerOf(db, request, refusal);
    });

    const exported = async (actorId: string, creditorId: string, period: ReportPeriod, format: string, n: number) =>
      withTransaction(db.pool, (client) =>
        appendAudit(client, {
          actor: { accountId: actorId, label: actorId },
          action: 'debt.journal_exported',
          subject: { type: 'account', id: creditorId },
          place: 'cloud',
          detail: { from: period.from, to: period.to, format, lines: n },
        }),
      );

    app.get(
      '/v1/debt-collection/dashboard',
      {
        config: { access: access('read') },
        schema: {
          tags,
          summary: 'My collection dashboard for a period (≤ 366 days): owed by age, recovery rate, DSO, promises',
          operationId: 'debtCollectionDashboard',
          querystring: PeriodQuery,
          response: withErrors({ 200: DashboardSchema }),
        },
      },
      async (request) => {
        const creditorId = await partnerOf(db, request, refusal);
        const at = now();
        return creditorDashboard(db, creditorId, reportPeriod(request.query, at), at);
      },
    );

    for (const format of ['csv', 'xlsx'] as const)
      app.get(
        `/v1/debt-collection/exports/journal.${format}`,
        {
          config: { access: access('read') },
          schema: {
            tags,
            summary:
              format === 'csv'
                ? 'My collection journal for a period as CSV (SYSCOHADA, semicolons, UTF-8 with BOM, balanced)'
                : 'My collection journal for a period as XLSX (the CSV’s lines, amounts as numbers)',
            operationId: format === 'csv' ? 'debtCollectionJournalCsv' : 'debtCollectionJournalXlsx',
            querystring: PeriodQuery,
          },
        },
        async (request, reply) => {
          const creditorId = await partnerOf(db, request, refusal);
          const period = reportPeriod(request.query, now());
          const lines = await collectionJournal(db, creditorId, period);
          await exported(principalOf(request).principal.accountId, creditorId, period, format, lines.length);
          const name = `journal-recouvrement-${period.from}-${period.to}.${format}`;
          return reply
            .type(
              format === 'csv'
                ? 'text/csv; charset=utf-8'
                : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
            )
            .header('content-disposition', `attachment; filename="${name}"`)
            .send(format === 'csv' ? journalCsv(lines) : await journalXlsx(lines));
        },
      );

    app.get(
      '/v1/debt-collection/accounting-settings',
      {
        config: { access: access('read') },
        schema: {
          tags,
          summary: 'The accounts my collection journal is written to (SYSCOHADA defaults until I change them)',
          operationId: 'debtAccountingSettings',
          response: withErrors({ 200: SettingsSchema }),
        },
      },
      async (request) => accountingSettingsOf(db, await partnerOf(db, request, refusal)),
    );
    app.put(
      '/v1/debt-collection/accounting-settings',
      {
        config: { access: access('modify') },
        schema: {
          tags,
          summary: 'Change the accounts of my collection journal (2 to 10 digits each; journal code 1 to 6 characters)',
          operationId: 'setDebtAccountingSettings',
          body: SettingsBody,
          response: withErrors({ 200: SettingsSchema }),
        },
      },
      async (request) =>
        saveAccountingSettings(
          db,
          await partnerOf(db, request, refusal),
          principalOf(request).principal.accountId,
          request.body,
        ),
    );
  };
}
