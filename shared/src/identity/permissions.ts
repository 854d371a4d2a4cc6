/**
 * The RBAC matrix of SPEC 3.4 as data, deny by default.
 *
 * A permission is an action on a resource. Each profile has, per action, the widest scope
 * it may act in: everything, its own team (agency chief), its own partners (sales rep), or
 * its own data. Resources with a minimum level (audit, keys, KYC review) are closed to
 * everyone below it whatever the matrix says, and actions marked `needsSecondFactor` are
 * refused to a session that did not pass TOTP (SPEC 3.4: admin profiles use MFA).
 * Every route declares one `RouteAccess`; a route without one cannot be registered.
 */
import { profileByKey, type ProfileKey } from './profiles.js';

export const actions = ['read', 'write', 'modify', 'delete', 'administer'] as const;
export type Action = (typeof actions)[number];

/** Ordered from widest to narrowest. */
export const scopes = ['all', 'team', 'partners', 'own'] as const;
export type Scope = (typeof scopes)[number];

export const resources = [
  'accounts',
  'cards',
  'kyc',
  'kyc_review',
  'hierarchy',
  'audit',
  'keys',
  'wallet',
  'wallet_admin',
  'rates',
  'notifications',
  'invoices',
  'shop',
  'booking',
  'services',
  'real_estate',
  'debt_collection',
  'hubs',
  'devices',
  // Issue 27: reports and exports, bank reconciliation, support tickets, personal-data rights, stored documents.
  'reports',
  'bank_reconciliation',
  'support',
  'support_admin',
  'personal_data',
  'privacy_admin',
  'documents',
] as const;
export type Resource = (typeof resources)[number];

type Grants = Readonly<Partial<Record<Action, Scope>>>;

const everything: Grants = { read: 'all', write: 'all', modify: 'all', delete: 'all', administer: 'all' };

/** SPEC 3.4, row by row. An absent action is denied. */
export const rbacMatrix: Readonly<Record<ProfileKey, Grants>> = {
  hyper_admin: everything,
  // "all, restricted administration (strategy, hierarchies)": administer stays, but keys need level 1.
  super_admin: everything,
  // "all, limited administration (users, support)"
  admin: everything,
  // "R W M, no delete, no admin, own team only"
  agency_chief: { read: 'team', write: 'team', modify: 'team' },
  // "R W, limited M, own partners only"
  sales_rep: { read: 'partners', write: 'partners', modify: 'partners' },
  // "R W M D on its own data"
  partner: { read: 'own', write: 'own', modify: 'own', delete: 'own' },
  // "R W, limited M/D on its own data"
  client: { read: 'own', write: 'own', modify: 'own', delete: 'own' },
};

/** Resources only the most trusted levels reach at all (level 1 is the highest). */
export const resourceMaxLevel: Readonly<Partial<Record<Resource, number>>> = {
  audit: 3,
  kyc_review: 3,
  // Signing keys are strategy: hyper and super admins only.
  keys: 2,
  // Bonuses, payouts, withdrawals paid, the ledger check: admins.
  wallet_admin: 3,
  // Tariffs, credit and commission rates: Super Admin (SPEC 3.5).
  rates: 2,
  // Pairing and revoking hubs: admins (SPEC 3.8).
  hubs: 3,
  // The support queue (every ticket, internal notes, escalations) and the register of processing activities,
  // erasures and retention settings: admins (SPEC 3.4 "limited administration (users, support)").
  support_admin: 3,
  privacy_admin: 3,
};

export interface RouteAccess {
  readonly resource: Resource;
  readonly action: Action;
  /** Refuse sessions that did not pass the second factor (all admin actions). */
  readonly needsSecondFactor: boolean;
}

export type AccessDecision =
  { allowed: true; scope: Scope } | { allowed: false; code: 'FORBIDDEN' | 'SECOND_FACTOR_REQUIRED'; why: string };

export interface Principal {
  readonly accountId: string;
  readonly profile: ProfileKey;
  /** The session passed TOTP. */
  readonly secondFactor: boolean;
  /** Partner staff act inside their partner's data with at most these actions. */
  readonly delegatedActions?: readonly Action[] | undefined;
}

export function decideAccess(principal: Principal, access: RouteAccess): AccessDecision {
  const level = profileByKey(principal.profile).level;
  const maxLevel = resourceMaxLevel[access.resource];
  if (maxLevel !== undefined && level > maxLevel)
    return { allowed: false, code: 'FORBIDDEN', why: `${access.resource} is closed to ${principal.profile}` };
  const scope = rbacMatrix[principal.profile][access.action];
  if (scope === undefined)
    return { allowed: false, code: 'FORBIDDEN', why: `${principal.profile} may not ${access.action}` };
  if (principal.delegatedActions !== undefined && !principal.delegatedActions.includes(access.action)) {
    return {
      allowed: false,
      code: 'FORBIDDEN',
      why: `the partner did not delegate ${access.action} to this staff member`,
    };
  }
  if (access.needsSecondFactor && !principal.secondFactor)
    return { allowed: false, code: 'SECOND_FACTOR_REQUIRED', why: 'sign in again with your authenticator code' };
  return { allowed: true, scope };
}

/** A partner delegates to staff only actions it holds itself (SPEC 3.4). */
export function canDelegate(partnerActions: readonly Action[], requested: readonly Action[]): boolean {
  return requested.every((a) => partnerActions.includes(a));
}
