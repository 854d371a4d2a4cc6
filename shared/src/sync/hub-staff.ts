/**
 * Who does what at a hub's counter (SPEC 3.4, 3.8). The establishment's owner and the staff
 * it delegated selling to sign in there; the cloud decides the role, the hub enforces it,
 * online or not. Kept here so the cloud and the hub cannot disagree.
 */
import type { Action } from '../identity/permissions.js';

/**
 * cashier: sell, take cash for credits, check cards, run a cash session. manager: also credit notes, dead letters,
 * other staff's sessions.
 */
export const hubStaffRoles = ['cashier', 'manager'] as const;
export type HubStaffRole = (typeof hubStaffRoles)[number];

/** How long a password last accepted by the cloud lets its holder sign in at this hub offline. */
export const hubStaffOfflineTtlS = 7 * 24 * 3600;
/** Wrong passwords offline before the cached one is forgotten (the person must then sign in online). */
export const hubStaffOfflineMaxFailures = 5;
/** Sessions at the counter: a shift online, shorter when the cloud could not confirm the person. */
export const hubStaffSessionTtlS = { online: 12 * 3600, offline: 8 * 3600 } as const;

/**
 * The owner manages; staff with "delete" delegated manage; staff with "write" sell; anyone else cannot sign in at the
 * counter.
 */
export function hubRoleFor(input: {
  isOwner: boolean;
  isStaff: boolean;
  delegatedActions: readonly Action[];
}): HubStaffRole | null {
  if (input.isOwner) return 'manager';
  if (!input.isStaff) return null;
  if (input.delegatedActions.includes('delete')) return 'manager';
  return input.delegatedActions.includes('write') ? 'cashier' : null;
}

/** Whether a role may do what a route asks (manager includes cashier). */
export function hubRoleAllows(role: HubStaffRole, needed: HubStaffRole): boolean {
  return needed === 'cashier' || role === 'manager';
}
