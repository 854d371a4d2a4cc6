/**
 * The balances and holds a batch plans on (ledger.ts). Balances: read, locked in id order by a
 * locked batch; read without locks by an optimistic batch that resolves holds; not read at all by an
 * optimistic batch that does not. Its write then checks, on the balances it locks, that each
 * could pay the batch's debits (ledger-write.ts), which is all an unlocked read could tell it:
 * skipping the read saves a statement per batch and its rows (bench/ledger-transfers.mjs).
 */
import type pg from 'pg';
import type { AccountState, PendingState } from './apply.js';
import type { BatchMode } from './ledger-write.js';
import { mustNotOverdraw, type AccountRef, type HoldPurpose } from './ledger-types.js';

interface AccountRow {
  id: string;
  code: string;
  debits_must_not_exceed_credits: boolean;
  debits_posted: string;
  credits_posted: string;
  debits_pending: string;
  credits_pending: string;
}

/**
 * What an unread account seems to hold while an optimistic batch plans (2^50 centi-credits):
 * more than any batch can move (its amounts add up far below it), and small enough that every
 * sum and difference stays an exact integer in a double. Only the batch's deltas are written.
 */
const unreadCredits = 2 ** 50;

function toState(row: AccountRow): AccountState {
  return {
    id: Number(row.id),
    code: row.code,
    mustNotOverdraw: row.debits_must_not_exceed_credits,
    debitsPosted: Number(row.debits_posted),
    creditsPosted: Number(row.credits_posted),
    debitsPending: Number(row.debits_pending),
    creditsPending: Number(row.credits_pending),
  };
}

/** The accounts' balances, locked in id order (FOR UPDATE) by a locked batch. */
export async function readAccountStates(
  client: pg.PoolClient,
  accountIds: ReadonlySet<number>,
  mode: BatchMode,
): Promise<Map<number, AccountState>> {
  const { rows } = await client.query<AccountRow>(
    `SELECT id, code, debits_must_not_exceed_credits, debits_posted, credits_posted, debits_pending, credits_pending
     FROM ledger_accounts WHERE id = ANY($1::bigint[]) ORDER BY id${mode === 'locked' ? ' FOR UPDATE' : ''}`,
    [[...accountIds]],
  );
  return new Map(rows.map((r) => [Number(r.id), toState(r)]));
}

/**
 * Accounts planned on without reading them: each seems to hold `unreadCredits`, so no command
 * is refused for want of funds while planning; whether the real balances could pay is decided
 * at the write, on locked rows, and a batch that could not is run again under locks.
 */
export function unreadAccountStates(
  refs: readonly AccountRef[],
  idsByCode: ReadonlyMap<string, number>,
): Map<number, AccountState> {
  const states = new Map<number, AccountState>();
  for (const ref of refs) {
    const id = idsByCode.get(ref.code);
    if (id === undefined) throw new Error(`ledger account ${ref.code} was not created`);
    if (states.has(id)) continue;
    states.set(id, {
      id,
      code: ref.code,
      mustNotOverdraw: mustNotOverdraw(ref.kind),
      debitsPosted: 0,
      creditsPosted: unreadCredits,
      debitsPending: 0,
      creditsPending: 0,
    });
  }
  return states;
}

/** The holds a batch resolves, by id: each hold's legs, purpose and whether it is already resolved. */
export async function readPendings(
  client: pg.PoolClient,
  pendingIds: ReadonlySet<string>,
): Promise<Map<string, PendingState>> {
  const pendings = new Map<string, PendingState>();
  if (pendingIds.size > 0) {
    const { rows } = await client.query<{
      id: string;
      debit_account_id: string;
      credit_account_id: string;
      amount: string;
      timeout_at: Date | null;
      hold_purpose: HoldPurpose;
      resolved: boolean;
    }>(
      `SELECT t.id, t.debit_account_id, t.credit_account_id, t.amount, t.timeout_at, t.hold_purpose,
              EXISTS (SELECT 1 FROM ledger_transfers r WHERE r.pending_id = t.id) AS resolved
       FROM ledger_transfers t WHERE t.id = ANY($1::uuid[]) AND t.phase = 'pending'`,
      [[...pendingIds]],
    );
    for (const r of rows) {
      pendings.set(r.id, {
        id: r.id,
        debitAccountId: Number(r.debit_account_id),
        creditAccountId: Number(r.credit_account_id),
        amount: Number(r.amount),
        timeoutAt: r.timeout_at,
        purpose: r.hold_purpose,
        resolved: r.resolved,
      });
    }
  }
  return pendings;
}
