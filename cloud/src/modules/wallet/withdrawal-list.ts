/**
 * A sales rep's withdrawal requests with where each stands (the portal's withdrawal screen): pending until an admin
 * pays or refuses it, or until its hold lapses. Read from the ledger itself, so the list cannot disagree with it.
 */
import type { Database } from '../../platform/db/database.js';

export type WithdrawalStatus = 'pending' | 'paid' | 'refused' | 'expired';

export interface WithdrawalView {
  readonly holdId: string;
  readonly operationId: string;
  readonly requestedAt: string;
  readonly amountCentiCredits: number;
  readonly destinationMsisdn: string | null;
  readonly status: WithdrawalStatus;
  readonly decidedAt: string | null;
}

export const withdrawalListMax = 50;

export async function listWithdrawals(db: Database, accountId: string, limit: number): Promise<WithdrawalView[]> {
  const { rows } = await db.pool.query<{
    id: string;
    operation_id: string;
    created_at: Date;
    amount: string;
    destination: string | null;
    resolution_phase: string | null;
    resolution_leg: string | null;
    resolved_at: Date | null;
  }>(
    `SELECT t.id, t.operation_id, t.created_at, t.amount, o.facts->>'destinationMsisdn' AS destination,
            r.phase AS resolution_phase, r.leg AS resolution_leg, r.created_at AS resolved_at
     FROM ledger_transfers t
     JOIN ledger_accounts a ON a.id = t.debit_account_id AND a.code = $1
     JOIN ledger_operations o ON o.id = t.operation_id
     LEFT JOIN ledger_transfers r ON r.pending_id = t.id
     WHERE t.phase = 'pending' AND t.hold_purpose = 'withdrawal'
     ORDER BY t.seq DESC LIMIT $2`,
    [`wallet:${accountId}`, Math.min(Math.max(1, limit), withdrawalListMax)],
  );
  return rows.map((r) => ({
    holdId: r.id,
    operationId: r.operation_id,
    requestedAt: r.created_at.toISOString(),
    amountCentiCredits: Number(r.amount),
    destinationMsisdn: r.destination,
    status:
      r.resolution_phase === null
        ? 'pending'
        : r.resolution_phase === 'post'
          ? 'paid'
          : r.resolution_leg === 'expiry'
            ? 'expired'
            : 'refused',
    decidedAt: r.resolved_at?.toISOString() ?? null,
  }));
}
