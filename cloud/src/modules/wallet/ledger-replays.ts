/**
 * Replays (ledger.ts): a locked batch looks up the operations already stored under its
 * commands' scopes and keys, and rebuilds each one's result from its transfers.
 */
import type pg from 'pg';
import type { LedgerCommand, OperationResult, TransferResult } from './ledger-types.js';

/** An operation already stored under a scope and key: the request it bound, and its result. */
export interface StoredResult {
  readonly requestHash: string;
  readonly result: OperationResult;
}

/**
 * Earlier operations with the same scope and key, their results rebuilt from their
 * transfers (a replay is rare; storing every result whole would slow every write).
 */
export async function storedResults(
  client: pg.PoolClient,
  commands: readonly LedgerCommand[],
): Promise<Map<string, StoredResult>> {
  const found = new Map<string, StoredResult>();
  const ops = await client.query<{
    id: string;
    scope: string;
    idempotency_key: string;
    request_hash: string;
    kind: string;
    facts: OperationResult['facts'] | null;
    created_at: Date;
  }>(
    `SELECT o.id, o.scope, o.idempotency_key, o.request_hash, o.kind, o.facts, o.created_at FROM ledger_operations o
     JOIN unnest($1::text[], $2::text[]) AS k(scope, key) ON o.scope = k.scope AND o.idempotency_key = k.key`,
    [commands.map((c) => c.scope), commands.map((c) => c.idempotencyKey)],
  );
  if (ops.rows.length === 0) return found;
  const legs = await client.query<{
    operation_id: string;
    id: string;
    leg: string;
    debit: string;
    credit: string;
    amount: string;
    phase: TransferResult['phase'];
    pending_id: string | null;
    timeout_at: Date | null;
  }>(
    `SELECT t.operation_id, t.id, t.leg, d.code AS debit, c.code AS credit, t.amount, t.phase, t.pending_id, t.timeout_at
     FROM ledger_transfers t JOIN ledger_accounts d ON d.id = t.debit_account_id JOIN ledger_accounts c ON c.id = t.credit_account_id
     WHERE t.operation_id = ANY($1::uuid[]) ORDER BY t.seq`,
    [ops.rows.map((o) => o.id)],
  );
  for (const o of ops.rows) {
    const transfers: TransferResult[] = legs.rows
      .filter((t) => t.operation_id === o.id)
      .map((t) => ({
        id: t.id,
        leg: t.leg,
        debit: t.debit,
        credit: t.credit,
        amountCentiCredits: Number(t.amount),
        phase: t.phase,
        ...(t.pending_id === null ? {} : { pendingId: t.pending_id }),
        ...(t.timeout_at === null ? {} : { timeoutAt: t.timeout_at.toISOString() }),
      }));
    const facts = o.facts ?? undefined;
    const result: OperationResult = {
      operationId: o.id,
      kind: o.kind,
      createdAt: o.created_at.toISOString(),
      transfers,
      ...(facts === undefined ? {} : { facts }),
    };
    found.set(`${o.scope}\u0000${o.idempotency_key}`, { requestHash: o.request_hash, result });
  }
  return found;
}
