/**
 * /v1/bank/* (API-issue-27.md, « Bank reconciliation »): a partner reconciles its own bank account (its staff read),
 * admins reconcile ISMAIL's (owner null). Every other profile is refused before the body is read (403, not 400);
 * another owner's statement or line is 404.
 */
import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { AppError } from '@ismail/shared';
import { appendAudit } from '../../platform/audit/audit-log.js';
import type { Database } from '../../platform/db/database.js';
import { withTransaction } from '../../platform/db/transaction.js';
import { principalOf } from '../../platform/http/access-plugin.js';
import { withErrors } from '../../platform/http/schemas.js';
import { partnerOf } from '../identity/request-owner.js';
import type { BankLineActions } from './line-actions.js';
import { reportCsv, reportRows, reportXlsx } from './report.js';
import * as S from './schemas.js';
import type { BankStatements, Owner } from './statements.js';

const access = (action: 'read' | 'write' | 'modify') =>
  ({ resource: 'bank_reconciliation', action, needsSecondFactor: false }) as const;
const tags = ['bank-reconciliation'];
const refusal = 'Le rapprochement bancaire est réservé aux partenaires (pour leur compte) et aux administrateurs.';
const adminProfiles = new Set(['hyper_admin', 'super_admin', 'admin']);

/** The account whose bank is reconciled: the partner (staff act for theirs), or ISMAIL (null) for admins. */
async function bankOwner(db: Database, request: FastifyRequest): Promise<Owner> {
  const { principal } = principalOf(request);
  if (adminProfiles.has(principal.profile)) {
    // ISMAIL's own account is an admin action: only a session opened with the authenticator code.
    if (!principal.secondFactor)
      throw new AppError(
        'SECOND_FACTOR_REQUIRED',
        'Le rapprochement du compte ISMAIL demande une session ouverte avec votre code d’authentification.',
      );
    return null;
  }
  return partnerOf(db, request, refusal);
}

export function bankRoutes(db: Database, statements: BankStatements, actions: BankLineActions) {
  return async (instance: FastifyInstance): Promise<void> => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();
    app.addHook('preValidation', async (request) => {
      await bankOwner(db, request);
    });
    const who = async (request: FastifyRequest) => ({
      owner: await bankOwner(db, request),
      actorId: principalOf(request).principal.accountId,
    });

    app.get(
      '/v1/bank/mappings',
      {
        config: { access: access('read') },
        schema: {
          tags,
          summary: 'My banks’ CSV column mappings',
          operationId: 'bankMappings',
          response: withErrors({ 200: Type.Object({ mappings: Type.Array(S.MappingSchema) }) }),
        },
      },
      async (request) => ({ mappings: await statements.mappings(await bankOwner(db, request)) }),
    );
    app.put(
      '/v1/bank/mappings/:bankName',
      {
        config: { access: access('modify') },
        schema: {
          tags,
          summary: 'Save how a bank’s CSV export reads (date format, amount or debit/credit columns, label columns)',
          operationId: 'saveBankMapping',
          params: Type.Object({ bankName: S.BankName }),
          body: S.MappingSchema,
          response: withErrors({ 200: S.MappingSchema }),
        },
      },
      async (request) => {
        const { owner, actorId } = await who(request);
        return statements.saveMapping(owner, actorId, { ...request.body, bankName: request.params.bankName });
      },
    );
    app.post(
      '/v1/bank/statements',
      {
        // JSON escaping may double a 5 MB file's size; the content's own bound is checked in the flow.
        bodyLimit: 12 * 1024 * 1024,
        config: { access: access('write') },
        schema: {
          tags,
          summary:
            'Import a bank statement (camt.053 XML, or CSV with the bank’s saved mapping); the same file twice is one statement',
          operationId: 'importBankStatement',
          body: S.ImportBody,
          response: withErrors({
            200: Type.Object({ statement: S.StatementSchema }),
            201: Type.Object({ statement: S.StatementSchema }),
          }),
        },
      },
      async (request, reply) => {
        const { owner, actorId } = await who(request);
        const { statement, created } = await statements.import(owner, actorId, request.body);
        return reply.code(created ? 201 : 200).send({ statement });
      },
    );
    app.get(
      '/v1/bank/statements',
      {
        config: { access: access('read') },
        schema: {
          tags,
          summary: 'My imported bank statements with how many lines are reconciled and disputed',
          operationId: 'bankStatements',
          response: withErrors({ 200: Type.Object({ statements: Type.Array(S.StatementSchema) }) }),
        },
      },
      async (request) => ({ statements: await statements.list(await bankOwner(db, request)) }),
    );
    app.get(
      '/v1/bank/statements/:statementId',
      {
        config: { access: access('read') },
        schema: {
          tags,
          summary: 'A statement’s lines with their matches and, for open lines, up to 3 explained suggestions',
          operationId: 'bankStatement',
          params: S.StatementParams,
          response: withErrors({ 200: Type.Object({ statement: S.StatementSchema, lines: Type.Array(S.LineSchema) }) }),
        },
      },
      async (request) => statements.get(await bankOwner(db, request), request.params.statementId),
    );
    app.get(
      '/v1/bank/statements/:statementId/report',
      {
        config: { access: access('read') },
        schema: {
          tags,
          summary: 'A statement’s reconciliation report (counts and sums per status, every line with its match)',
          operationId: 'bankStatementReport',
          params: S.StatementParams,
          querystring: Type.Object(
            { format: Type.Union([Type.Literal('csv'), Type.Literal('xlsx')]) },
            { additionalProperties: false },
          ),
        },
      },
      async (request, reply) => {
        const { owner, actorId } = await who(request);
        const { statement, lines } = await statements.get(owner, request.params.statementId);
        const { format } = request.query;
        // The report lists counterparties' names: who took it is audited.
        await withTransaction(db.pool, (client) =>
          appendAudit(client, {
            actor: { accountId: actorId, label: actorId },
            action: 'bank.report_exported',
            subject: { type: 'bank_statement', id: statement.id },
            place: 'cloud',
            detail: { format, lines: lines.length },
          }),
        );
        const rows = reportRows(statement, lines);
        return reply
          .type(
            format === 'csv'
              ? 'text/csv; charset=utf-8'
              : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
          )
          .header(
            'content-disposition',
            `attachment; filename="rapprochement-${statement.fromDate ?? statement.id}.${format}"`,
          )
          .send(format === 'csv' ? reportCsv(rows) : await reportXlsx(rows));
      },
    );
    app.post(
      '/v1/bank/lines/:lineId/accept',
      {
        config: { access: access('write') },
        schema: {
          tags,
          summary:
            'Reconcile a line with one invoice or ledger movement (409 if the line or the target is already matched)',
          operationId: 'acceptBankLine',
          params: S.LineParams,
          body: S.TargetBody,
          response: withErrors({ 200: S.LineSchema }),
        },
      },
      async (request) => {
        const { owner, actorId } = await who(request);
        return actions.accept(owner, request.params.lineId, actorId, request.body);
      },
    );
    app.post(
      '/v1/bank/lines/:lineId/split',
      {
        config: { access: access('write') },
        schema: {
          tags,
          summary: 'Reconcile a line with 2 to 20 targets whose parts add up to the line’s amount',
          operationId: 'splitBankLine',
          params: S.LineParams,
          body: S.SplitBody,
          response: withErrors({ 200: S.LineSchema }),
        },
      },
      async (request) => {
        const { owner, actorId } = await who(request);
        return actions.split(owner, request.params.lineId, actorId, request.body.parts);
      },
    );
    app.post(
      '/v1/bank/lines/:lineId/dispute',
      {
        config: { access: access('write') },
        schema: {
          tags,
          summary: 'Dispute an open line with a reason (kept in its history)',
          operationId: 'disputeBankLine',
          params: S.LineParams,
          body: S.DisputeBody,
          response: withErrors({ 200: S.LineSchema }),
        },
      },
      async (request) => {
        const { owner, actorId } = await who(request);
        return actions.dispute(owner, request.params.lineId, actorId, request.body.reason);
      },
    );
    app.post(
      '/v1/bank/lines/:lineId/reopen',
      {
        config: { access: access('modify') },
        schema: {
          tags,
          summary: 'Reopen a line: undo its match, split or dispute',
          operationId: 'reopenBankLine',
          params: S.LineParams,
          response: withErrors({ 200: S.LineSchema }),
        },
      },
      async (request) => {
        const { owner, actorId } = await who(request);
        return actions.reopen(owner, request.params.lineId, actorId);
      },
    );
    app.get(
      '/v1/bank/lines/:lineId/history',
      {
        config: { access: access('read') },
        schema: {
          tags,
          summary: 'Every change of a line, oldest first',
          operationId: 'bankLineHistory',
          params: S.LineParams,
          response: withErrors({ 200: S.HistorySchema }),
        },
      },
      async (request) => ({ events: await actions.history(await bankOwner(db, request), request.params.lineId) }),
    );
  };
}
