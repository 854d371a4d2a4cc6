/**
 * Sales commissions (SPEC 3.6): every credit consumption by a partner accrues a commission
 * to its sales rep: junior 4% by default, senior 6% once the rep has more than 10 active
 * partners; each team lead above the rep earns 2% more on the team's activity, up the tree.
 * Rates may differ by module and partner category (policy data). Pure: the ledger turns the
 * result into legs of one linked transfer.
 */
import { percentOf } from '../money/credits.js';
import type { Module } from './tariffs.js';

export type RepLevel = 'junior' | 'senior';

export interface CommissionRates {
  readonly juniorBp: number;
  readonly seniorBp: number;
  readonly teamLeadBp: number;
}

export interface CommissionPolicy {
  readonly defaults: CommissionRates;
  /** Overrides by module, then by module and partner category (most specific wins). */
  readonly byModule?: Partial<Record<Module, Partial<CommissionRates>>>;
  readonly byModuleAndCategory?: Partial<Record<`${Module}:${string}`, Partial<CommissionRates>>>;
  /** SPEC: senior above 10 active partners. */
  readonly seniorAboveActivePartners: number;
  /** How far up the tree team-lead commissions go; a bound, so a cycle cannot run away. */
  readonly maxTeamLeadLevels: number;
}

export const defaultCommissionPolicy: CommissionPolicy = {
  defaults: { juniorBp: 400, seniorBp: 600, teamLeadBp: 200 },
  seniorAboveActivePartners: 10,
  maxTeamLeadLevels: 3,
};

export function repLevel(activePartners: number, policy: CommissionPolicy = defaultCommissionPolicy): RepLevel {
  return activePartners > policy.seniorAboveActivePartners ? 'senior' : 'junior';
}

export function ratesFor(
  policy: CommissionPolicy,
  module: Module,
  partnerCategory: string | undefined,
): CommissionRates {
  return {
    ...policy.defaults,
    ...policy.byModule?.[module],
    ...(partnerCategory === undefined ? {} : policy.byModuleAndCategory?.[`${module}:${partnerCategory}`]),
  };
}

export interface CommissionInput {
  readonly consumedCentiCredits: number;
  readonly module: Module;
  readonly partnerCategory?: string | undefined;
  readonly rep: { readonly id: string; readonly activePartners: number };
  /** The rep's team leads, nearest first (the rep's lead, then that lead's lead, ...). */
  readonly teamLeads: readonly string[];
}

export interface CommissionLine {
  readonly to: string;
  readonly role: 'sales_rep' | 'team_lead';
  readonly level: RepLevel | 'lead';
  readonly rateBp: number;
  readonly amountCentiCredits: number;
}

export function salesCommissions(
  input: CommissionInput,
  policy: CommissionPolicy = defaultCommissionPolicy,
): CommissionLine[] {
  if (!Number.isSafeInteger(input.consumedCentiCredits) || input.consumedCentiCredits < 0) {
    throw new RangeError('consumedCentiCredits must be a non-negative safe integer');
  }
  const rates = ratesFor(policy, input.module, input.partnerCategory);
  const level = repLevel(input.rep.activePartners, policy);
  const repRateBp = level === 'senior' ? rates.seniorBp : rates.juniorBp;
  const lines: CommissionLine[] = [
    {
      to: input.rep.id,
      role: 'sales_rep',
      level,
      rateBp: repRateBp,
      amountCentiCredits: percentOf(input.consumedCentiCredits, repRateBp),
    },
  ];
  const seen = new Set([input.rep.id]);
  for (const lead of input.teamLeads.slice(0, policy.maxTeamLeadLevels)) {
    if (seen.has(lead)) break; // a cycle in the tree is a data error; never pay twice
    seen.add(lead);
    lines.push({
      to: lead,
      role: 'team_lead',
      level: 'lead',
      rateBp: rates.teamLeadBp,
      amountCentiCredits: percentOf(input.consumedCentiCredits, rates.teamLeadBp),
    });
  }
  return lines;
}
