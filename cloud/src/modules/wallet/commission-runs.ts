/**
 * Sales commissions after accrual (SPEC 3.6): the monthly payout into reps' wallets with a
 * statement each, and the simulation admins run before changing rates: past consumptions
 * replayed under proposed rates, next to what was actually accrued.
 */
import { AppError, salesCommissions, type CommissionPolicy, type CommissionRates, type Module } from '@ismail/shared';
import type { Database } from '../../platform/db/database.js';
import { ledgerAccount } from './ledger-accounts.js';
import { requestHash, type Ledger } from './ledger.js';
import { commissionPolicyAt, policyFromRows } from './rates.js';

export const periodPattern = /^(\d{4})-(0[1-9]|1[0-2])$/;
/** A simulation reads at most this many consumptions: a bounded, interactive request. */
export const simulationMaxConsumptions = 200_000;

/** [first instant, first instant of the next month) of a YYYY-MM period, in UTC. */
export function periodBounds(period: string): { from: Date; to: Date } {
  const match = periodPattern.exec(period);
  if (match === null) throw new AppError('VALIDATION_FAILED', 'period must be YYYY-MM');
  const year = Number(match[1]);
  const month = Number(match[2]);
  return { from: new Date(Date.UTC(year, month - 1, 1)), to: new Date(Date.UTC(year, month, 1)) };
}

export interface PayoutLine {
  readonly beneficiaryId: string;
  readonly accruedInPeriod: number;
  readonly paid: number;
  readonly operationId: string;
  readonly replayed: boolean;
}

/**
 * Pays every positive commissions-payable balance into its owner's wallet. One operation
 * per beneficiary and month (key `payout:<period>:<id>`): running the job twice pays once.
 * The month must be over: a payout of the current month would miss its last days.
 */
export async function payoutCommissions(
  db: Database,
  ledger: Ledger,
  period: string,
  now: Date = new Date(),
): Promise<PayoutLine[]> {
  const { from, to } = periodBounds(period);
  if (to > now) throw new AppError('VALIDATION_FAILED', `period ${period} is not over yet`);
  // What is owed up to the end of the month: the balance less what accrued since (paid next month).
  const { rows } = await db.pool.query<{ owner: string; balance: string; accrued: string; accrual_count: string }>(
    `SELECT a.owner_account_id AS owner,
            a.credits_posted - a.debits_posted
              - coalesce((SELECT sum(l.amount) FROM commission_accruals l WHERE l.beneficiary_id = a.owner_account_id AND l.at >= $2), 0) AS balance,
            coalesce(sum(c.amount), 0) AS accrued, count(c.transfer_id) AS accrual_count
     FROM ledger_accounts a
     LEFT JOIN commission_accruals c ON c.beneficiary_id = a.owner_account_id AND c.at >= $1 AND c.at < $2
     WHERE a.kind = 'commissions_payable' AND a.credits_posted - a.debits_posted > 0
     GROUP BY a.id ORDER BY a.id`,
    [from, to],
  );
  const lines: PayoutLine[] = [];
  for (const row of rows) {
    const amount = Number(row.balance);
    if (amount <= 0) continue;
    const accrued = Number(row.accrued);
    const outcome = await ledger.submit({
      scope: 'system',
      idempotencyKey: `payout:${period}:${row.owner}`,
      requestHash: requestHash('commission_payout', { period, beneficiaryId: row.owner }),
      kind: 'commission_payout',
      legs: [
        {
          type: 'transfer',
          debit: ledgerAccount.commissionsPayable(row.owner),
          credit: ledgerAccount.wallet(row.owner),
          amount,
          leg: 'commission_payout',
        },
      ],
      facts: { period, accruedInPeriod: accrued },
      extraWrites: async (client, result) => {
        await client.query(
          `INSERT INTO commission_statements (beneficiary_id, period, accrued, paid, accrual_count, operation_id) VALUES ($1, $2, $3, $4, $5, $6)
           ON CONFLICT (beneficiary_id, period) DO NOTHING`,
          [row.owner, period, accrued, amount, Number(row.accrual_count), result.operationId],
        );
      },
    });
    const paid = outcome.result.transfers[0]?.amountCentiCredits ?? 0;
    lines.push({
      beneficiaryId: row.owner,
      accruedInPeriod: accrued,
      paid,
      operationId: outcome.result.operationId,
      replayed: outcome.replayed,
    });
  }
  return lines;
}

/** The month before `now`'s, as YYYY-MM (the one an automatic payout pays). */
export function previousPeriod(now: Date): string {
  const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1));
  return `${String(d.getUTCFullYear())}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
}

export interface StatementLine {
  readonly at: string;
  readonly operationId: string;
  readonly role: string;
  readonly level: string;
  readonly rateBp: number;
  readonly module: string;
  readonly amountCentiCredits: number;
}

/** A beneficiary's month: every accrual, and the payout if it happened. */
export async function commissionStatement(
  db: Database,
  beneficiaryId: string,
  period: string,
): Promise<{ period: string; lines: StatementLine[]; accrued: number; paid: number | null }> {
  const { from, to } = periodBounds(period);
  const { rows } = await db.pool.query<{
    at: Date;
    operation_id: string;
    role: string;
    level: string;
    rate_bp: number;
    module: string;
    amount: string;
  }>(
    'SELECT at, operation_id, role, level, rate_bp, module, amount FROM commission_accruals WHERE beneficiary_id = $1 AND at >= $2 AND at < $3 ORDER BY at, transfer_id LIMIT 10000',
    [beneficiaryId, from, to],
  );
  const statement = await db.pool.query<{ paid: string }>(
    'SELECT paid FROM commission_statements WHERE beneficiary_id = $1 AND period = $2',
    [beneficiaryId, period],
  );
  const lines = rows.map((r) => ({
    at: r.at.toISOString(),
    operationId: r.operation_id,
    role: r.role,
    level: r.level,
    rateBp: r.rate_bp,
    module: r.module,
    amountCentiCredits: Number(r.amount),
  }));
  const paidRow = statement.rows[0];
  return {
    period,
    lines,
    accrued: lines.reduce((s, l) => s + l.amountCentiCredits, 0),
    paid: paidRow === undefined ? null : Number(paidRow.paid),
  };
}

export interface ProposedRates {
  readonly scope: string;
  readonly juniorBp: number;
  readonly seniorBp: number;
  readonly teamLeadBp: number;
}

export interface SimulationResult {
  readonly consumptions: number;
  readonly actualCentiCredits: number;
  readonly simulatedCentiCredits: number;
  readonly byBeneficiary: readonly { beneficiaryId: string; actual: number; simulated: number }[];
}

/**
 * Replays the consumptions of [from, to) under the rates in force now with `proposed`
 * applied on top, using the rep level and team leads recorded at the time of each
 * consumption. Nothing is written.
 */
export async function simulateCommissions(
  db: Database,
  input: { from: Date; to: Date; proposed: readonly ProposedRates[] },
): Promise<SimulationResult> {
  if (!(input.from < input.to)) throw new AppError('VALIDATION_FAILED', 'from must be before to');
  const current = await commissionPolicyAt(db.pool);
  const policy: CommissionPolicy = mergePolicy(current, input.proposed);
  const { rows } = await db.pool.query<{
    module: string;
    partner_category: string | null;
    amount: string;
    sales_rep_id: string;
    rep_active_partners: number;
    team_lead_ids: string[];
  }>(
    `SELECT module, partner_category, amount, sales_rep_id, rep_active_partners, team_lead_ids FROM credit_consumptions
     WHERE at >= $1 AND at < $2 AND sales_rep_id IS NOT NULL ORDER BY at LIMIT $3`,
    [input.from, input.to, simulationMaxConsumptions + 1],
  );
  if (rows.length > simulationMaxConsumptions)
    throw new AppError(
      'VALIDATION_FAILED',
      `more than ${String(simulationMaxConsumptions)} consumptions: simulate a shorter period`,
    );
  const actual = await db.pool.query<{ beneficiary_id: string; total: string }>(
    `SELECT c.beneficiary_id, sum(c.amount) AS total FROM commission_accruals c JOIN credit_consumptions k ON k.operation_id = c.operation_id
     WHERE k.at >= $1 AND k.at < $2 GROUP BY c.beneficiary_id`,
    [input.from, input.to],
  );
  const totals = new Map<string, { actual: number; simulated: number }>();
  for (const r of actual.rows) totals.set(r.beneficiary_id, { actual: Number(r.total), simulated: 0 });
  for (const r of rows) {
    const lines = salesCommissions(
      {
        consumedCentiCredits: Number(r.amount),
        module: r.module as Module,
        partnerCategory: r.partner_category ?? undefined,
        rep: { id: r.sales_rep_id, activePartners: r.rep_active_partners },
        teamLeads: r.team_lead_ids,
      },
      policy,
    );
    for (const line of lines) {
      const entry = totals.get(line.to) ?? { actual: 0, simulated: 0 };
      entry.simulated += line.amountCentiCredits;
      totals.set(line.to, entry);
    }
  }
  const byBeneficiary = [...totals.entries()]
    .map(([beneficiaryId, t]) => ({ beneficiaryId, ...t }))
    .sort((a, b) => b.simulated - a.simulated);
  return {
    consumptions: rows.length,
    actualCentiCredits: byBeneficiary.reduce((s, b) => s + b.actual, 0),
    simulatedCentiCredits: byBeneficiary.reduce((s, b) => s + b.simulated, 0),
    byBeneficiary: byBeneficiary.slice(0, 500),
  };
}

function mergePolicy(current: CommissionPolicy, proposed: readonly ProposedRates[]): CommissionPolicy {
  const base = [
    {
      scope: '*',
      junior_bp: current.defaults.juniorBp,
      senior_bp: current.defaults.seniorBp,
      team_lead_bp: current.defaults.teamLeadBp,
    },
  ];
  for (const [scope, r] of Object.entries<Partial<CommissionRates> | undefined>(current.byModule ?? {})) {
    base.push({
      scope,
      junior_bp: r?.juniorBp ?? current.defaults.juniorBp,
      senior_bp: r?.seniorBp ?? current.defaults.seniorBp,
      team_lead_bp: r?.teamLeadBp ?? current.defaults.teamLeadBp,
    });
  }
  for (const [scope, r] of Object.entries<Partial<CommissionRates> | undefined>(current.byModuleAndCategory ?? {})) {
    base.push({
      scope,
      junior_bp: r?.juniorBp ?? current.defaults.juniorBp,
      senior_bp: r?.seniorBp ?? current.defaults.seniorBp,
      team_lead_bp: r?.teamLeadBp ?? current.defaults.teamLeadBp,
    });
  }
  const merged = new Map<string, (typeof base)[number]>(base.map((r) => [r.scope, r]));
  for (const p of proposed)
    merged.set(p.scope, { scope: p.scope, junior_bp: p.juniorBp, senior_bp: p.seniorBp, team_lead_bp: p.teamLeadBp });
  return policyFromRows([...merged.values()]);
}
