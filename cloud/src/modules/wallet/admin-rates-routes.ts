/**
 * The admins' Rates screen (issue 23): credit rates, module commission rates and sales-commission rates, each row
 * with when it took (or takes) effect and who set it, newest first, and which row is in force now. Read-only (changes
 * go through POST /v1/admin/rates, simulated first with /v1/admin/wallet/commissions/simulate); levels 1 and 2 with the
 * second factor, like every rate (resource `rates`).
 */
import { Type, type TSchema } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Database } from '../../platform/db/database.js';
import { withErrors } from '../../platform/http/schemas.js';

/** Rows per table answered: years of monthly changes. */
const rowsMax = 200;

const dated = <T extends Record<string, TSchema>>(fields: T) =>
  Type.Array(Type.Object({ ...fields, effectiveFrom: Type.String(), setBy: Type.String(), inForce: Type.Boolean() }), {
    maxItems: rowsMax,
  });

const RatesSchema = Type.Object({
  creditRates: dated({ country: Type.String(), xofPerCredit: Type.Integer() }),
  moduleCommissionRates: dated({ module: Type.String(), rateBp: Type.Integer(), perListingXof: Type.Integer() }),
  salesCommissionRates: dated({
    scope: Type.String(),
    juniorBp: Type.Integer(),
    seniorBp: Type.Integer(),
    teamLeadBp: Type.Integer(),
  }),
});

/** `key` names a rate's subject (country, module, scope): the newest row of each key not in the future is in force. */
async function history<T>(db: Database, sql: string, key: (row: T) => string, now: Date) {
  const { rows } = await db.pool.query<T & { effective_from: Date; set_by: string; set_by_name: string | null }>(sql);
  const seen = new Set<string>();
  return rows.map((r) => {
    const k = key(r);
    const inForce = !seen.has(k) && r.effective_from <= now;
    if (r.effective_from <= now) seen.add(k);
    // An admin's change names them; the seeded defaults say "default".
    return { row: r, effectiveFrom: r.effective_from.toISOString(), setBy: r.set_by_name ?? r.set_by, inForce };
  });
}

export function adminRatesRoutes(db: Database) {
  return async (instance: FastifyInstance): Promise<void> => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();
    app.get(
      '/v1/admin/rates/history',
      {
        config: { access: { resource: 'rates', action: 'read', needsSecondFactor: true } },
        schema: {
          tags: ['admin', 'wallet'],
          summary: 'Credit and commission rates, in force and past, newest first',
          operationId: 'adminRatesHistory',
          response: withErrors({ 200: RatesSchema }),
        },
      },
      async () => {
        const now = new Date();
        const order = `ORDER BY r.effective_from DESC LIMIT ${String(rowsMax)}`;
        const from = (table: string) =>
          `SELECT r.*, a.display_name AS set_by_name FROM ${table} r LEFT JOIN accounts a ON a.id::text = r.set_by`;
        const credit = await history<{ country: string; xof_per_credit: number }>(
          db,
          `${from('credit_rates')} ${order}`,
          (r) => r.country,
          now,
        );
        const modules = await history<{ module: string; rate_bp: number; per_listing_xof: number }>(
          db,
          `${from('module_commission_rates')} ${order}`,
          (r) => r.module,
          now,
        );
        const sales = await history<{ scope: string; junior_bp: number; senior_bp: number; team_lead_bp: number }>(
          db,
          `${from('sales_commission_rates')} ${order}`,
          (r) => r.scope,
          now,
        );
        const meta = (h: { effectiveFrom: string; setBy: string; inForce: boolean }) => ({
          effectiveFrom: h.effectiveFrom,
          setBy: h.setBy,
          inForce: h.inForce,
        });
        return {
          creditRates: credit.map((h) => ({ country: h.row.country, xofPerCredit: h.row.xof_per_credit, ...meta(h) })),
          moduleCommissionRates: modules.map((h) => ({
            module: h.row.module,
            rateBp: h.row.rate_bp,
            perListingXof: h.row.per_listing_xof,
            ...meta(h),
          })),
          salesCommissionRates: sales.map((h) => ({
            scope: h.row.scope,
            juniorBp: h.row.junior_bp,
            seniorBp: h.row.senior_bp,
            teamLeadBp: h.row.team_lead_bp,
            ...meta(h),
          })),
        };
      },
    );
  };
}
