// Proves the SPEC 3.4 matrix: deny by default, scopes per profile, closed resources, and
// the second factor for admin actions.
import { describe, expect, it } from 'vitest';
import { canDelegate, decideAccess, rbacMatrix, type Principal } from './permissions.js';
import { profileKeys } from './profiles.js';

const principal = (profile: Principal['profile'], secondFactor = true): Principal => ({
  accountId: 'a',
  profile,
  secondFactor,
});

describe('RBAC matrix', () => {
  it('gives each profile the scope SPEC 3.4 names', () => {
    expect(
      decideAccess(principal('agency_chief'), { resource: 'accounts', action: 'read', needsSecondFactor: false }),
    ).toEqual({ allowed: true, scope: 'team' });
    expect(
      decideAccess(principal('sales_rep'), { resource: 'accounts', action: 'modify', needsSecondFactor: false }),
    ).toEqual({ allowed: true, scope: 'partners' });
    expect(decideAccess(principal('client'), { resource: 'cards', action: 'read', needsSecondFactor: false })).toEqual({
      allowed: true,
      scope: 'own',
    });
    expect(
      decideAccess(principal('admin'), { resource: 'cards', action: 'administer', needsSecondFactor: true }),
    ).toEqual({ allowed: true, scope: 'all' });
  });

  it('denies what the matrix does not grant', () => {
    expect(
      decideAccess(principal('agency_chief'), { resource: 'accounts', action: 'delete', needsSecondFactor: false }),
    ).toMatchObject({ allowed: false, code: 'FORBIDDEN' });
    expect(
      decideAccess(principal('sales_rep'), { resource: 'cards', action: 'administer', needsSecondFactor: true }),
    ).toMatchObject({ allowed: false, code: 'FORBIDDEN' });
    for (const profile of profileKeys.filter((p) => !['hyper_admin', 'super_admin', 'admin'].includes(p))) {
      expect(rbacMatrix[profile].administer).toBeUndefined();
      expect(
        decideAccess(principal(profile), { resource: 'audit', action: 'read', needsSecondFactor: true }),
      ).toMatchObject({ allowed: false });
    }
  });

  it('keeps signing keys to levels 1 and 2', () => {
    expect(
      decideAccess(principal('admin'), { resource: 'keys', action: 'administer', needsSecondFactor: true }),
    ).toMatchObject({ allowed: false, code: 'FORBIDDEN' });
    expect(
      decideAccess(principal('super_admin'), { resource: 'keys', action: 'administer', needsSecondFactor: true }),
    ).toMatchObject({ allowed: true });
  });

  it('refuses admin actions to a session without the second factor', () => {
    expect(
      decideAccess(principal('hyper_admin', false), {
        resource: 'kyc_review',
        action: 'administer',
        needsSecondFactor: true,
      }),
    ).toMatchObject({ allowed: false, code: 'SECOND_FACTOR_REQUIRED' });
  });

  it('lets partner staff do only what was delegated, and never more than the partner holds', () => {
    const staff: Principal = { accountId: 's', profile: 'partner', secondFactor: false, delegatedActions: ['read'] };
    expect(decideAccess(staff, { resource: 'accounts', action: 'read', needsSecondFactor: false })).toMatchObject({
      allowed: true,
      scope: 'own',
    });
    expect(decideAccess(staff, { resource: 'accounts', action: 'write', needsSecondFactor: false })).toMatchObject({
      allowed: false,
    });
    expect(canDelegate(['read', 'write'], ['read'])).toBe(true);
    expect(canDelegate(['read', 'write'], ['read', 'administer'])).toBe(false);
  });
});
