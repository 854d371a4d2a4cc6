/**
 * Whose figures a viewer reads, from the session (or, for a schedule, from its account as it is at run time), never
 * from the request: a partner its own (its staff read them), a sales rep its partners', an agency chief its team's,
 * admins everything (identity/visibility.ts). Clients have no reports.
 */
import { AppError, rbacMatrix, type Principal } from '@ismail/shared';
import type { Database } from '../../platform/db/database.js';
import { visibleAccountsCondition } from '../identity/visibility.js';
import type { ReportScope } from './definition.js';

export const clientRefusal = 'Les rapports sont réservés aux partenaires, aux commerciaux et aux administrateurs.';

export function reportScopeOf(principal: Principal): ReportScope {
  const scope = principal.profile === 'client' ? undefined : rbacMatrix[principal.profile].read;
  if (scope === undefined) throw new AppError('FORBIDDEN', clientRefusal);
  return { condition: visibleAccountsCondition(scope, principal, '$1'), viewerId: principal.accountId };
}

/** The principal a schedule runs as: its account's profile today (a suspended or closed account gets nothing). */
export async function scheduledPrincipal(db: Database, accountId: string): Promise<Principal | null> {
  const { rows } = await db.pool.query<{ profile: Principal['profile']; staff_of: string | null; status: string }>(
    'SELECT profile, staff_of, status FROM accounts WHERE id = $1',
    [accountId],
  );
  const row = rows[0];
  if (row === undefined || row.status !== 'active') return null;
  return {
    accountId,
    profile: row.profile,
    secondFactor: false,
    ...(row.staff_of === null ? {} : { delegatedActions: ['read'] as const }),
  };
}
