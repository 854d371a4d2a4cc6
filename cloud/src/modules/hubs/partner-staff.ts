/**
 * A partner's counter staff (issue 23): the list of those still working (removal suspends them) with their delegated
 * permissions, and changing those permissions. Only the partner itself (or an admin) does either: staff, whatever
 * was delegated to them, cannot read their colleagues nor change anyone's permissions, their own included. A change
 * ends the staff member's sessions (their token carries the old permissions) and reaches the hubs with the next
 * signed policy (it is read from the account). Audited with the permissions before and after.
 *
 * Must never: delegate an action the partner itself does not hold; answer anything but "not found" for someone
 * else's staff.
 */
import { AppError, actions, canDelegate, rbacMatrix, type Action, type Principal, type Scope } from '@ismail/shared';
import { appendAudit } from '../../platform/audit/audit-log.js';
import type { Database } from '../../platform/db/database.js';
import { withTransaction } from '../../platform/db/transaction.js';

export interface StaffMember {
  readonly id: string;
  readonly displayName: string;
  readonly email: string;
  readonly delegatedActions: Action[];
  readonly createdAt: string;
}

/** The partner itself acting on its own staff, or an admin: anyone else is told "not found". */
export function assertStaffManager(principal: Principal, scope: Scope, partnerId: string): void {
  const ownPartner =
    principal.profile === 'partner' && principal.delegatedActions === undefined && principal.accountId === partnerId;
  if (scope !== 'all' && !ownPartner) throw new AppError('NOT_FOUND', 'No such staff member.');
}

export async function listStaff(db: Database, partnerId: string): Promise<StaffMember[]> {
  const { rows } = await db.pool.query<{
    id: string;
    display_name: string;
    email: string;
    delegated_actions: Action[] | null;
    created_at: Date;
  }>(
    `SELECT id, display_name, email, delegated_actions, created_at FROM accounts
     WHERE staff_of = $1 AND status <> 'suspended' ORDER BY created_at, id LIMIT 200`,
    [partnerId],
  );
  return rows.map((r) => ({
    id: r.id,
    displayName: r.display_name,
    email: r.email,
    delegatedActions: r.delegated_actions ?? [],
    createdAt: r.created_at.toISOString(),
  }));
}

export async function changeStaffPermissions(
  db: Database,
  input: { principal: Principal; ip: string; partnerId: string; staffId: string; delegatedActions: readonly Action[] },
): Promise<{ id: string; delegatedActions: Action[]; changed: boolean }> {
  const partnerActions = actions.filter((a) => rbacMatrix.partner[a] !== undefined);
  if (!canDelegate(partnerActions, input.delegatedActions))
    throw new AppError('FORBIDDEN', 'A partner delegates only permissions it holds.');
  const wanted = actions.filter((a) => input.delegatedActions.includes(a));
  return withTransaction(db.pool, async (client) => {
    const { rows } = await client.query<{ delegated_actions: Action[] | null }>(
      "SELECT delegated_actions FROM accounts WHERE id = $1 AND staff_of = $2 AND status <> 'suspended' FOR UPDATE",
      [input.staffId, input.partnerId],
    );
    const row = rows[0];
    if (row === undefined) throw new AppError('NOT_FOUND', 'No such staff member.');
    const before = actions.filter((a) => (row.delegated_actions ?? []).includes(a));
    if (before.join() === wanted.join()) return { id: input.staffId, delegatedActions: wanted, changed: false };
    await client.query('UPDATE accounts SET delegated_actions = $2 WHERE id = $1', [input.staffId, wanted]);
    await client.query(
      "UPDATE sessions SET revoked_at = now(), revoke_reason = 'permissions changed' WHERE account_id = $1 AND revoked_at IS NULL",
      [input.staffId],
    );
    await appendAudit(client, {
      actor: { accountId: input.principal.accountId, label: input.principal.profile },
      action: 'account.staff_permissions_changed',
      subject: { type: 'account', id: input.staffId },
      place: `ip:${input.ip}`,
      detail: { partnerId: input.partnerId, before, after: wanted },
    });
    return { id: input.staffId, delegatedActions: wanted, changed: true };
  });
}
