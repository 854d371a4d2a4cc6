/**
 * The fees that apply to a partner, read-only (issue 23): `GET /v1/billing/fees?period=YYYY-MM` answers the tariffs
 * in force (listing fee per product and month, per-operation charges), each module's commission rate and fixed
 * listing fee, the partner's active products (what the month's listing fee counts), and what its wallet was
 * charged in the month, per ledger leg, from the ledger's own transfers.
 *
 * Owns nothing: it reads the rates tables, the shop's products and the ledger. Partners and their staff only (their
 * partner's figures, from the session); any other profile is refused. Must never write.
 */
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { AppError, modules } from '@ismail/shared';
import type { Database } from '../../platform/db/database.js';
import { principalOf } from '../../platform/http/access-plugin.js';
import { withErrors } from '../../platform/http/schemas.js';
import { actingOwner } from '../identity/owner.js';
import { listTariffs, moduleRateAt } from '../wallet/rates.js';
import { invoiceAccess as access } from './invoice-guards.js';

/** The ledger legs that are fees: tariffs consumed (listing fees included) and the platform's commission on sales. */
const feeLegs = ['charge', 'platform_commission'];
const Period = Type.String({ pattern: '^\\d{4}-(0[1-9]|1[0-2])$' });

const FeesSchema = Type.Object({
  period: Type.String(),
  tariffs: Type.Array(
    Type.Object({
      code: Type.String(),
      module: Type.String(),
      minCredits: Type.Integer(),
      maxCredits: Type.Integer(),
      per: Type.String(),
      effectiveFrom: Type.String({ format: 'date-time' }),
    }),
  ),
  commissions: Type.Array(
    Type.Object({ module: Type.String(), rateBp: Type.Integer(), perListingXof: Type.Integer() }),
  ),
  activeProducts: Type.Integer({ minimum: 0 }),
  /** The fees the wallet paid in the month (debits posted), per leg and tariff or module, in hundredths of a credit. */
  charged: Type.Array(
    Type.Object({ leg: Type.String(), what: Type.String(), amountCentiCredits: Type.Integer(), count: Type.Integer() }),
  ),
  totalChargedCentiCredits: Type.Integer(),
});

export function billingFeesRoutes(db: Database) {
  return async (instance: FastifyInstance): Promise<void> => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();
    app.get(
      '/v1/billing/fees',
      {
        config: { access: access('read') },
        schema: {
          tags: ['invoices'],
          summary: 'The tariffs and commissions that apply to me (a partner) and what my wallet was charged in a month',
          operationId: 'billingFees',
          querystring: Type.Object({ period: Type.Optional(Period) }, { additionalProperties: false }),
          response: withErrors({ 200: FeesSchema }),
        },
      },
      async (request) => {
        const { principal } = principalOf(request);
        const owner = await actingOwner(db, principal);
        const { rows: whose } = await db.pool.query<{ profile: string }>('SELECT profile FROM accounts WHERE id = $1', [
          owner,
        ]);
        if (whose[0]?.profile !== 'partner') throw new AppError('FORBIDDEN', 'Fees are shown to partners.');
        const period = request.query.period ?? new Date().toISOString().slice(0, 7);
        const from = new Date(`${period}-01T00:00:00Z`);
        const to = new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth() + 1, 1));
        const [{ current }, commissions, products, charged] = await Promise.all([
          listTariffs(db.pool, to),
          Promise.all(modules.map(async (module) => ({ module, ...(await moduleRateAt(db.pool, module, to)) }))),
          db.pool.query<{ n: number }>(
            'SELECT count(*)::int AS n FROM shop_products WHERE partner_id = $1 AND active',
            [owner],
          ),
          db.pool.query<{ leg: string; what: string; amount: string; n: number }>(
            `SELECT t.leg, coalesce(o.facts->>'tariffCode', o.facts->>'module', '') AS what,
                    sum(t.amount)::text AS amount, count(*)::int AS n
             FROM ledger_transfers t JOIN ledger_accounts a ON a.id = t.debit_account_id
             JOIN ledger_operations o ON o.id = t.operation_id
             WHERE a.code = $1 AND t.leg = ANY($4) AND t.phase IN ('single', 'post')
               AND t.created_at >= $2 AND t.created_at < $3
             GROUP BY 1, 2 ORDER BY 1, 2`,
            [`wallet:${owner}`, from, to, feeLegs],
          ),
        ]);
        const legs = charged.rows.map((r) => ({
          leg: r.leg,
          what: r.what,
          amountCentiCredits: Number(r.amount),
          count: r.n,
        }));
        return {
          period,
          tariffs: current.map(({ cashbackEligible: _, ...t }) => t),
          commissions,
          activeProducts: products.rows[0]?.n ?? 0,
          charged: legs,
          totalChargedCentiCredits: legs.reduce((sum, l) => sum + l.amountCentiCredits, 0),
        };
      },
    );
  };
}
