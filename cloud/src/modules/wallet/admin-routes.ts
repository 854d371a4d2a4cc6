/**
 * Wallet administration (SPEC 3.5, 3.6): bonuses, paying or refusing withdrawal requests,
 * the monthly commission payout, rate-change simulation, the ledger check; and, for Super
 * Admins, tariffs and rates with effective dates. Admin sessions need the second factor;
 * every write is a ledger operation or an audited rate row.
 */
import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { AppError, modules } from '@ismail/shared';
import type { Database } from '../../platform/db/database.js';
import { withTransaction } from '../../platform/db/transaction.js';
import { principalOf } from '../../platform/http/access-plugin.js';
import { payoutCommissions, periodPattern, simulateCommissions } from './commission-runs.js';
import { checkLedger } from './ledger-check.js';
import type { Ledger } from './ledger.js';
import type { WalletOperations, WriteContext } from './operations.js';
import { listTariffs, recordRateChange } from './rates.js';
import { sendOperation } from './write-context.js';
import { IdempotencyHeaders, Uuid, withErrors } from '../../platform/http/schemas.js';
import { CentiCredits, OperationSchema } from './schemas.js';
import { requireRecentSecondFactor } from '../operator/admin-step-up.js';

const administer = { resource: 'wallet_admin', action: 'administer', needsSecondFactor: true } as const;
const inspect = { resource: 'wallet_admin', action: 'read', needsSecondFactor: true } as const;
const Bp = Type.Integer({ minimum: 0, maximum: 10_000 });

const RateChangeSchema = Type.Union([
  Type.Object(
    {
      table: Type.Literal('credit_rates'),
      country: Type.String({ pattern: '^[A-Z]{2}$' }),
      xofPerCredit: Type.Integer({ minimum: 1, maximum: 1_000_000 }),
    },
    { additionalProperties: false },
  ),
  Type.Object(
    {
      table: Type.Literal('tariffs'),
      code: Type.String({ pattern: '^[a-z_]{1,40}$' }),
      module: Type.Union([...modules, 'platform' as const].map((m) => Type.Literal(m))),
      minCredits: Type.Integer({ minimum: 1, maximum: 100_000 }),
      maxCredits: Type.Integer({ minimum: 1, maximum: 100_000 }),
      per: Type.Union(
        (['operation', 'product_month', 'listing_period', 'notification', 'month'] as const).map((p) =>
          Type.Literal(p),
        ),
      ),
      cashbackEligible: Type.Boolean(),
    },
    { additionalProperties: false },
  ),
  Type.Object(
    {
      table: Type.Literal('module_commission_rates'),
      module: Type.Union(modules.map((m) => Type.Literal(m))),
      rateBp: Bp,
      perListingXof: Type.Integer({ minimum: 0, maximum: 1_000_000 }),
    },
    { additionalProperties: false },
  ),
  Type.Object(
    {
      table: Type.Literal('sales_commission_rates'),
      scope: Type.String({ pattern: '^(\\*|[a-z_]+(:[a-z0-9_]+)?)$' }),
      juniorBp: Bp,
      seniorBp: Bp,
      teamLeadBp: Bp,
    },
    { additionalProperties: false },
  ),
]);

export function walletAdminRoutes(db: Database, ledger: Ledger, ops: WalletOperations) {
  return async (instance: FastifyInstance): Promise<void> => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();
    const ctxOf = (request: FastifyRequest): WriteContext => {
      const { principal } = principalOf(request);
      return {
        actor: { accountId: principal.accountId, label: principal.profile },
        scope: principal.accountId,
        idempotencyKey: (request.headers as Record<string, string | undefined>)['idempotency-key'] ?? '',
      };
    };

    app.post(
      '/v1/admin/wallet/bonuses',
      {
        config: { access: administer },
        schema: {
          tags: ['admin', 'wallet'],
          summary: 'Give bonus credits (referral, promotion) from the bonus pool',
          operationId: 'adminWalletBonus',
          headers: IdempotencyHeaders,
          body: Type.Object(
            {
              accountId: Uuid,
              amountCentiCredits: CentiCredits,
              reason: Type.String({ minLength: 3, maxLength: 200 }),
            },
            { additionalProperties: false },
          ),
          response: withErrors({ 200: OperationSchema, 201: OperationSchema }),
        },
      },
      async (request, reply) => sendOperation(reply, await ops.bonus(ctxOf(request), request.body)),
    );

    app.post(
      '/v1/admin/wallet/withdrawals/:holdId/:decision',
      {
        config: { access: administer },
        schema: {
          tags: ['admin', 'wallet'],
          summary: 'Mark a withdrawal request paid (capture) or refuse it (release)',
          operationId: 'adminWalletWithdrawal',
          headers: IdempotencyHeaders,
          params: Type.Object({ holdId: Uuid, decision: Type.Union([Type.Literal('pay'), Type.Literal('refuse')]) }),
          response: withErrors({ 200: OperationSchema, 201: OperationSchema }),
        },
      },
      async (request, reply) => {
        const { holdId, decision } = request.params;
        // Only an admin (this route's access) decides; the ledger resolves a withdrawal hold for this decision alone.
        return sendOperation(reply, await ops.decideWithdrawal(ctxOf(request), { holdId, decision }));
      },
    );

    app.post(
      '/v1/admin/wallet/payouts',
      {
        config: { access: administer },
        schema: {
          tags: ['admin', 'wallet'],
          summary: "Pay a finished month's sales commissions into reps' wallets (once per month and rep)",
          operationId: 'adminCommissionPayout',
          body: Type.Object(
            { period: Type.String({ pattern: periodPattern.source }) },
            { additionalProperties: false },
          ),
          response: withErrors({
            200: Type.Object({
              period: Type.String(),
              lines: Type.Array(
                Type.Object({
                  beneficiaryId: Type.String(),
                  accruedInPeriod: Type.Integer(),
                  paid: Type.Integer(),
                  operationId: Type.String(),
                  replayed: Type.Boolean(),
                }),
              ),
            }),
          }),
        },
      },
      async (request) => {
        const { period } = request.body;
        return { period, lines: await payoutCommissions(db, ledger, period) };
      },
    );

    app.post(
      '/v1/admin/wallet/commissions/simulate',
      {
        config: { access: inspect },
        schema: {
          tags: ['admin', 'wallet'],
          summary: 'Replay past consumption under proposed sales-commission rates (nothing is written)',
          operationId: 'adminSimulateCommissions',
          body: Type.Object(
            {
              from: Type.String({ format: 'date-time' }),
              to: Type.String({ format: 'date-time' }),
              proposed: Type.Array(
                Type.Object(
                  {
                    scope: Type.String({ pattern: '^(\\*|[a-z_]+(:[a-z0-9_]+)?)$' }),
                    juniorBp: Bp,
                    seniorBp: Bp,
                    teamLeadBp: Bp,
                  },
                  { additionalProperties: false },
                ),
                { maxItems: 50 },
              ),
            },
            { additionalProperties: false },
          ),
          response: withErrors({
            200: Type.Object({
              consumptions: Type.Integer(),
              actualCentiCredits: Type.Integer(),
              simulatedCentiCredits: Type.Integer(),
              byBeneficiary: Type.Array(
                Type.Object({ beneficiaryId: Type.String(), actual: Type.Integer(), simulated: Type.Integer() }),
              ),
            }),
          }),
        },
      },
      async (request) => {
        const body = request.body;
        return simulateCommissions(db, { from: new Date(body.from), to: new Date(body.to), proposed: body.proposed });
      },
    );

    app.get(
      '/v1/admin/ledger/check',
      {
        config: { access: inspect },
        schema: {
          tags: ['admin', 'wallet'],
          summary: 'Verify every ledger invariant and show the totals',
          operationId: 'adminLedgerCheck',
        },
      },
      async () => checkLedger(db),
    );

    app.get(
      '/v1/admin/rates/tariffs',
      {
        config: { access: { resource: 'rates', action: 'read', needsSecondFactor: true } },
        schema: {
          tags: ['admin', 'wallet'],
          summary: 'Tariffs in force and their history',
          operationId: 'adminTariffs',
        },
      },
      async () => listTariffs(db.pool),
    );

    app.post(
      '/v1/admin/rates',
      {
        config: { access: { resource: 'rates', action: 'administer', needsSecondFactor: true } },
        schema: {
          tags: ['admin', 'wallet'],
          summary: 'Change a tariff or rate from a date (history is kept; the past is never rewritten)',
          operationId: 'adminSetRate',
          body: Type.Object(
            { change: RateChangeSchema, effectiveFrom: Type.String({ format: 'date-time' }) },
            { additionalProperties: false },
          ),
          response: withErrors({ 201: Type.Object({ table: Type.String(), effectiveFrom: Type.String() }) }),
        },
      },
      async (request, reply) => {
        const body = request.body;
        await requireRecentSecondFactor(db.pool, request);
        if (body.change.table === 'tariffs' && body.change.maxCredits < body.change.minCredits)
          throw new AppError('VALIDATION_FAILED', 'maxCredits must be at least minCredits');
        const effectiveFrom = new Date(body.effectiveFrom);
        const { principal } = principalOf(request);
        await withTransaction(db.pool, (client) =>
          recordRateChange(client, body.change, effectiveFrom, {
            accountId: principal.accountId,
            label: principal.profile,
          }),
        );
        return reply.status(201).send({ table: body.change.table, effectiveFrom: effectiveFrom.toISOString() });
      },
    );
  };
}
