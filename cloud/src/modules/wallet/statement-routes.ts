/**
 * /v1/wallet/rep: a sales rep's partners with their activity, and the monthly commission statements of the caller (a
 * sales rep, or an agency chief for their team-lead commissions): the months, one month's lines and total, its CSV,
 * and what it would have paid at a proposed rate. Read-only; every other profile is refused; the beneficiary is
 * always the signed-in account, never a parameter.
 */
import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { AppError } from '@ismail/shared';
import type { Database } from '../../platform/db/database.js';
import { principalOf } from '../../platform/http/access-plugin.js';
import { withErrors } from '../../platform/http/schemas.js';
import { periodPattern } from './commission-runs.js';
import { repPartners, repStatement, simulateRepRate, statementCsv, statementMonths } from './statement-reports.js';

const access = { resource: 'wallet', action: 'read', needsSecondFactor: false } as const;
const tags = ['wallet'];
const PeriodParams = Type.Object({ period: Type.String({ pattern: periodPattern.source, maxLength: 7 }) });

const PartnersSchema = Type.Object({
  partners: Type.Array(
    Type.Object({
      id: Type.String(),
      displayName: Type.String(),
      ismailId: Type.Union([Type.String(), Type.Null()]),
      ordersThisMonth: Type.Integer(),
      salesThisMonthXof: Type.Integer(),
      commissionThisMonthCentiCredits: Type.Integer(),
      lastActivityAt: Type.Union([Type.String(), Type.Null()]),
    }),
  ),
});
const MonthsSchema = Type.Object({
  months: Type.Array(
    Type.Object({
      period: Type.String(),
      lines: Type.Integer(),
      totalCentiCredits: Type.Integer(),
      paidCentiCredits: Type.Union([Type.Integer(), Type.Null()]),
    }),
  ),
});
const StatementSchema = Type.Object({
  period: Type.String(),
  totalCentiCredits: Type.Integer(),
  paidCentiCredits: Type.Union([Type.Integer(), Type.Null()]),
  lines: Type.Array(
    Type.Object({
      at: Type.String(),
      transferId: Type.String(),
      partnerName: Type.Union([Type.String(), Type.Null()]),
      module: Type.String(),
      role: Type.String(),
      level: Type.String(),
      rateBp: Type.Integer(),
      baseCentiCredits: Type.Union([Type.Integer(), Type.Null()]),
      amountCentiCredits: Type.Integer(),
    }),
  ),
});
const SimulationSchema = Type.Object({
  period: Type.String(),
  proposedRateBp: Type.Integer(),
  lines: Type.Integer(),
  actualCentiCredits: Type.Integer(),
  simulatedCentiCredits: Type.Integer(),
});

/** Who has statements: those the ledger pays commissions to. */
function beneficiary(request: FastifyRequest, profiles: readonly string[]): string {
  const { principal } = principalOf(request);
  if (principal.delegatedActions !== undefined || !profiles.includes(principal.profile))
    throw new AppError('FORBIDDEN', 'Réservé aux commerciaux.');
  return principal.accountId;
}
const earners = ['sales_rep', 'agency_chief'] as const;

export function statementRoutes(db: Database) {
  return async (instance: FastifyInstance): Promise<void> => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();
    app.get(
      '/v1/wallet/rep/partners',
      {
        config: { access },
        schema: {
          tags,
          summary: "My attached partners with this month's sales, my commissions on them and their last activity",
          operationId: 'repPartners',
          response: withErrors({ 200: PartnersSchema }),
        },
      },
      async (request) => ({ partners: await repPartners(db.pool, beneficiary(request, ['sales_rep'])) }),
    );
    app.get(
      '/v1/wallet/rep/statements',
      {
        config: { access },
        schema: {
          tags,
          summary: 'The months I earned commissions in, newest first, with their totals and payouts',
          operationId: 'repStatementMonths',
          response: withErrors({ 200: MonthsSchema }),
        },
      },
      async (request) => ({ months: await statementMonths(db.pool, beneficiary(request, earners)) }),
    );
    app.get(
      '/v1/wallet/rep/statements/:period',
      {
        config: { access },
        schema: {
          tags,
          summary: 'My commission statement for a month (UTC = Africa/Abidjan): its lines and their total',
          operationId: 'repStatement',
          params: PeriodParams,
          response: withErrors({ 200: StatementSchema }),
        },
      },
      async (request) => repStatement(db.pool, beneficiary(request, earners), request.params.period),
    );
    app.get(
      '/v1/wallet/rep/statements/:period/csv',
      {
        config: { access },
        schema: {
          tags,
          summary: 'My commission statement for a month as CSV (semicolons, UTF-8 with BOM, a total row)',
          operationId: 'repStatementCsv',
          params: PeriodParams,
        },
      },
      async (request, reply) => {
        const { period } = request.params;
        const statement = await repStatement(db.pool, beneficiary(request, earners), period);
        return reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="releve-commissions-${period}.csv"`)
          .send(statementCsv(statement));
      },
    );
    app.get(
      '/v1/wallet/rep/statements/:period/simulation',
      {
        config: { access },
        schema: {
          tags,
          summary: 'What that month would have paid me at a proposed sales-rep rate (absent: the rates applied)',
          operationId: 'repRateSimulation',
          params: PeriodParams,
          querystring: Type.Object(
            { rateBp: Type.Optional(Type.Integer({ minimum: 0, maximum: 5_000 })) },
            { additionalProperties: false },
          ),
          response: withErrors({ 200: SimulationSchema }),
        },
      },
      async (request) =>
        simulateRepRate(db.pool, beneficiary(request, earners), request.params.period, request.query.rateBp),
    );
  };
}
