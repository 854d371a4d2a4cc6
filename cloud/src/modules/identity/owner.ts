/**
 * Whose data a principal acts on: partner staff act for their partner (within the actions
 * delegated to them), everyone else for themselves. One place, so wallet, invoices and
 * future modules agree.
 */
import type { Principal } from '@ismail/shared';
import type { Database } from '../../platform/db/database.js';

export async function actingOwner(db: Database, principal: Principal): Promise<string> {
  if (principal.delegatedActions === undefined) return principal.accountId;
  const { rows } = await db.pool.query<{ staff_of: string | null }>('SELECT staff_of FROM accounts WHERE id = $1', [
    principal.accountId,
  ]);
  return rows[0]?.staff_of ?? principal.accountId;
}
