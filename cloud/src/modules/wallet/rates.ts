/**
 * Credit rates, tariffs, module commission rates and sales-commission rates as data (SPEC
 * 3.1, 3.5, 3.6). Rows are never edited: Super Admins add a row with an effective date, so
 * the value in force at any moment, and its history, can always be shown. Defaults come from
 * `@ismail/shared` and are written once (effective since 2000) so a fresh database works.
 */
import type pg from 'pg';
import {
  AppError,
  defaultCommissionPolicy,
  defaultCreditRates,
  defaultModuleCommissions,
  defaultTariffs,
  modules,
  type ChargeModule,
  type CommissionPolicy,
  type CommissionRates,
  type CreditRate,
  type Module,
  type TariffRange,
} from '@ismail/shared';
import { appendAudit, type AuditEntryInput } from '../../platform/audit/audit-log.js';

const seedEffectiveFrom = '2000-01-01T00:00:00Z';

export interface Tariff extends TariffRange {
  readonly code: string;
  readonly effectiveFrom: string;
}

export async function seedDefaultRates(pool: pg.Pool): Promise<void> {
  const tariffs = Object.entries(defaultTariffs);
  await pool.query(
    `INSERT INTO tariffs (code, module, min_credits, max_credits, per, cashback_eligible, effective_from, set_by)
     SELECT u.*, $7::timestamptz, 'default' FROM unnest($1::text[], $2::text[], $3::int[], $4::int[], $5::text[], $6::boolean[]) AS u
     ON CONFLICT DO NOTHING`,
    [
      tariffs.map(([c]) => c),
      tariffs.map(([, t]) => t.module),
      tariffs.map(([, t]) => t.minCredits),
      tariffs.map(([, t]) => t.maxCredits),
      tariffs.map(([, t]) => t.per),
      tariffs.map(([, t]) => t.cashbackEligible),
      seedEffectiveFrom,
    ],
  );
  const rates = Object.entries(defaultModuleCommissions);
  await pool.query(
    `INSERT INTO module_commission_rates (module, rate_bp, per_listing_xof, effective_from, set_by)
     SELECT u.*, $4::timestamptz, 'default' FROM unnest($1::text[], $2::int[], $3::int[]) AS u ON CONFLICT DO NOTHING`,
    [rates.map(([m]) => m), rates.map(([, r]) => r.rateBp), rates.map(([, r]) => r.perListingXof), seedEffectiveFrom],
  );
  const credit = Object.entries(defaultCreditRates);
  await pool.query(
    `INSERT INTO credit_rates (country, xof_per_credit, effective_from, set_by)
     SELECT u.*, $3::timestamptz, 'default' FROM unnest($1::text[], $2::int[]) AS u ON CONFLICT DO NOTHING`,
    [credit.map(([c]) => c), credit.map(([, r]) => r), seedEffectiveFrom],
  );
  const d = defaultCommissionPolicy.defaults;
  await pool.query(
    `INSERT INTO sales_commission_rates (scope, junior_bp, senior_bp, team_lead_bp, effective_from, set_by)
     VALUES ('*', $1, $2, $3, $4, 'default') ON CONFLICT DO NOTHING`,
    [d.juniorBp, d.seniorBp, d.teamLeadBp, seedEffectiveFrom],
  );
}

type Queryable = Pick<pg.Pool, 'query'>;

export async function creditRateAt(db: Queryable, country: string, at: Date = new Date()): Promise<CreditRate> {
  const { rows } = await db.query<{ xof_per_credit: number }>(
    'SELECT xof_per_credit FROM credit_rates WHERE country = $1 AND effective_from <= $2 ORDER BY effective_from DESC LIMIT 1',
    [country, at],
  );
  const row = rows[0];
  if (row === undefined) throw new AppError('VALIDATION_FAILED', `no credit rate is set for country ${country}`);
  return { country, xofPerCredit: row.xof_per_credit };
}

interface TariffRow {
  code: string;
  module: ChargeModule;
  min_credits: number;
  max_credits: number;
  per: TariffRange['per'];
  cashback_eligible: boolean;
  effective_from: Date;
}

function toTariff(r: TariffRow): Tariff {
  return {
    code: r.code,
    module: r.module,
    minCredits: r.min_credits,
    maxCredits: r.max_credits,
    per: r.per,
    cashbackEligible: r.cashback_eligible,
    effectiveFrom: r.effective_from.toISOString(),
  };
}

export async function tariffAt(db: Queryable, code: string, at: Date = new Date()): Promise<Tariff> {
  const { rows } = await db.query<TariffRow>(
    'SELECT * FROM tariffs WHERE code = $1 AND effective_from <= $2 ORDER BY effective_from DESC LIMIT 1',
    [code, at],
  );
  const row = rows[0];
  if (row === undefined) throw new AppError('NOT_FOUND', `no tariff ${code}`);
  return toTariff(row);
}

/** Every tariff in force now, and every past and future row (history). */
export async function listTariffs(
  db: Queryable,
  at: Date = new Date(),
): Promise<{ current: Tariff[]; history: Tariff[] }> {
  const { rows } = await db.query<TariffRow>('SELECT * FROM tariffs ORDER BY code, effective_from DESC');
  const history = rows.map(toTariff);
  const current = new Map<string, Tariff>();
  for (const t of history) if (!current.has(t.code) && new Date(t.effectiveFrom) <= at) current.set(t.code, t);
  return { current: [...current.values()], history };
}

export async function moduleRateAt(
  db: Queryable,
  module: Module,
  at: Date = new Date(),
): Promise<{ rateBp: number; perListingXof: number }> {
  const { rows } = await db.query<{ rate_bp: number; per_listing_xof: number }>(
    'SELECT rate_bp, per_listing_xof FROM module_commission_rates WHERE module = $1 AND effective_from <= $2 ORDER BY effective_from DESC LIMIT 1',
    [module, at],
  );
  const row = rows[0];
  if (row === undefined) throw new AppError('NOT_FOUND', `no commission rate for module ${module}`);
  return { rateBp: row.rate_bp, perListingXof: row.per_listing_xof };
}

interface CommissionRateRow {
  scope: string;
  junior_bp: number;
  senior_bp: number;
  team_lead_bp: number;
}

/** Builds the policy in force at `at` from the latest row of each scope. */
export async function commissionPolicyAt(db: Queryable, at: Date = new Date()): Promise<CommissionPolicy> {
  const { rows } = await db.query<CommissionRateRow>(
    `SELECT DISTINCT ON (scope) scope, junior_bp, senior_bp, team_lead_bp FROM sales_commission_rates
     WHERE effective_from <= $1 ORDER BY scope, effective_from DESC`,
    [at],
  );
  return policyFromRows(rows);
}

export function policyFromRows(rows: readonly CommissionRateRow[]): CommissionPolicy {
  const toRates = (r: CommissionRateRow): CommissionRates => ({
    juniorBp: r.junior_bp,
    seniorBp: r.senior_bp,
    teamLeadBp: r.team_lead_bp,
  });
  const byModule: Partial<Record<Module, Partial<CommissionRates>>> = {};
  const byModuleAndCategory: Partial<Record<`${Module}:${string}`, Partial<CommissionRates>>> = {};
  let defaults = defaultCommissionPolicy.defaults;
  for (const r of rows) {
    if (r.scope === '*') defaults = toRates(r);
    else if (r.scope.includes(':')) byModuleAndCategory[r.scope as `${Module}:${string}`] = toRates(r);
    else byModule[r.scope as Module] = toRates(r);
  }
  return { ...defaultCommissionPolicy, defaults, byModule, byModuleAndCategory };
}

export function isModule(value: string): value is Module {
  return (modules as readonly string[]).includes(value);
}

export type RateChange =
  | { readonly table: 'credit_rates'; readonly country: string; readonly xofPerCredit: number }
  | {
      readonly table: 'tariffs';
      readonly code: string;
      readonly module: ChargeModule;
      readonly minCredits: number;
      readonly maxCredits: number;
      readonly per: TariffRange['per'];
      readonly cashbackEligible: boolean;
    }
  | {
      readonly table: 'module_commission_rates';
      readonly module: Module;
      readonly rateBp: number;
      readonly perListingXof: number;
    }
  | {
      readonly table: 'sales_commission_rates';
      readonly scope: string;
      readonly juniorBp: number;
      readonly seniorBp: number;
      readonly teamLeadBp: number;
    };

/** Adds a dated row (a change takes effect at `effectiveFrom`, never rewrites the past) and audits it. */
export async function recordRateChange(
  client: pg.PoolClient,
  change: RateChange,
  effectiveFrom: Date,
  actor: AuditEntryInput['actor'],
): Promise<void> {
  const setBy = actor.accountId ?? actor.label;
  switch (change.table) {
    case 'credit_rates':
      await client.query(
        'INSERT INTO credit_rates (country, xof_per_credit, effective_from, set_by) VALUES ($1, $2, $3, $4)',
        [change.country, change.xofPerCredit, effectiveFrom, setBy],
      );
      break;
    case 'tariffs':
      await client.query(
        'INSERT INTO tariffs (code, module, min_credits, max_credits, per, cashback_eligible, effective_from, set_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)',
        [
          change.code,
          change.module,
          change.minCredits,
          change.maxCredits,
          change.per,
          change.cashbackEligible,
          effectiveFrom,
          setBy,
        ],
      );
      break;
    case 'module_commission_rates':
      await client.query(
        'INSERT INTO module_commission_rates (module, rate_bp, per_listing_xof, effective_from, set_by) VALUES ($1, $2, $3, $4, $5)',
        [change.module, change.rateBp, change.perListingXof, effectiveFrom, setBy],
      );
      break;
    case 'sales_commission_rates':
      await client.query(
        'INSERT INTO sales_commission_rates (scope, junior_bp, senior_bp, team_lead_bp, effective_from, set_by) VALUES ($1, $2, $3, $4, $5, $6)',
        [change.scope, change.juniorBp, change.seniorBp, change.teamLeadBp, effectiveFrom, setBy],
      );
      break;
  }
  await appendAudit(client, {
    actor,
    action: `rates.${change.table}.set`,
    subject: { type: 'rate', id: change.table },
    place: 'cloud',
    detail: { ...change, effectiveFrom: effectiveFrom.toISOString() },
  });
}
