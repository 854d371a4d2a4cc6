/**
 * `ismail ledger check`: re-derives the ledger from its immutable transfers and verifies
 * every invariant of SPEC 3.5, then reports totals. Read-only; safe on a live database
 * (one repeatable-read snapshot, so concurrent writes cannot produce a false alarm).
 */
import type pg from 'pg';
import { verifyAuditChain } from '../../platform/audit/audit-log.js';
import type { Database } from '../../platform/db/database.js';
import { batchDigest } from './ledger-digest.js';

export interface LedgerCheckReport {
  readonly ok: boolean;
  readonly problems: readonly string[];
  readonly totals: {
    readonly accounts: number;
    readonly operations: number;
    readonly transfers: number;
    readonly batches: number;
    /** Sum of every account's posted balance (credits - debits): zero when the books balance. */
    readonly sumOfBalances: number;
    readonly sumOfPendingCredits: number;
    readonly sumOfPendingDebits: number;
    /** Balance (centi-credits) by account kind: what users hold, what the platform earned, ... */
    readonly byKind: Readonly<Record<string, number>>;
    readonly openHolds: number;
    readonly lapsedHoldsAwaitingExpiry: number;
  };
}

const problemsMax = 50;
const digestBatchesPerQuery = 200;

export async function checkLedger(db: Database): Promise<LedgerCheckReport> {
  const problems: string[] = [];
  const report = (problem: string): void => {
    if (problems.length < problemsMax) problems.push(problem);
  };
  const client = await db.pool.connect();
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const totals = await checkBalances(client, report);
    await checkReferences(client, report);
    await checkResolutions(client, report);
    const batches = await checkDigests(client, report);
    await client.query('COMMIT');
    client.release();
    const audit = await verifyAuditChain(db.pool);
    if (!audit.ok) report(`audit chain broken at entry ${String(audit.brokenAtSeq)}: ${audit.problem}`);
    return { ok: problems.length === 0, problems, totals: { ...totals, batches } };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    client.release();
    throw error;
  }
}

async function checkBalances(
  client: pg.PoolClient,
  report: (p: string) => void,
): Promise<Omit<LedgerCheckReport['totals'], 'batches'>> {
  // Cached totals against totals re-derived from the transfers, per account.
  const { rows } = await client.query<{
    code: string;
    kind: string;
    must_not: boolean;
    dp: string;
    cp: string;
    dq: string;
    cq: string;
    rdp: string;
    rcp: string;
    rdq: string;
    rcq: string;
  }>(`
    WITH open_holds AS (
      SELECT t.* FROM ledger_transfers t WHERE t.phase = 'pending' AND NOT EXISTS (SELECT 1 FROM ledger_transfers r WHERE r.pending_id = t.id)
    ), sums AS (
      SELECT account_id, sum(dp) AS dp, sum(cp) AS cp, sum(dq) AS dq, sum(cq) AS cq FROM (
        SELECT debit_account_id AS account_id, amount AS dp, 0 AS cp, 0 AS dq, 0 AS cq FROM ledger_transfers WHERE phase IN ('single', 'post')
        UNION ALL SELECT credit_account_id, 0, amount, 0, 0 FROM ledger_transfers WHERE phase IN ('single', 'post')
        UNION ALL SELECT debit_account_id, 0, 0, amount, 0 FROM open_holds
        UNION ALL SELECT credit_account_id, 0, 0, 0, amount FROM open_holds
      ) legs GROUP BY account_id
    )
    SELECT a.code, a.kind, a.debits_must_not_exceed_credits AS must_not,
           a.debits_posted AS dp, a.credits_posted AS cp, a.debits_pending AS dq, a.credits_pending AS cq,
           coalesce(s.dp, 0) AS rdp, coalesce(s.cp, 0) AS rcp, coalesce(s.dq, 0) AS rdq, coalesce(s.cq, 0) AS rcq
    FROM ledger_accounts a LEFT JOIN sums s ON s.account_id = a.id ORDER BY a.id`);
  let sumOfBalances = 0;
  let sumOfPendingCredits = 0;
  let sumOfPendingDebits = 0;
  const byKind: Record<string, number> = {};
  for (const r of rows) {
    const [dp, cp, dq, cq, rdp, rcp, rdq, rcq] = [r.dp, r.cp, r.dq, r.cq, r.rdp, r.rcp, r.rdq, r.rcq].map(Number) as [
      number,
      number,
      number,
      number,
      number,
      number,
      number,
      number,
    ];
    if (dp !== rdp || cp !== rcp || dq !== rdq || cq !== rcq) {
      report(
        `${r.code}: stored totals (debits ${String(dp)}, credits ${String(cp)}, pending ${String(dq)}/${String(cq)}) differ from its transfers (${String(rdp)}, ${String(rcp)}, ${String(rdq)}/${String(rcq)})`,
      );
    }
    if (r.must_not && rcp - rdp - rdq < 0) report(`${r.code}: overdrawn (available ${String(rcp - rdp - rdq)})`);
    sumOfBalances += rcp - rdp;
    sumOfPendingCredits += rcq;
    sumOfPendingDebits += rdq;
    byKind[r.kind] = (byKind[r.kind] ?? 0) + (rcp - rdp);
  }
  if (sumOfBalances !== 0) report(`the sum of all balances is ${String(sumOfBalances)}, not zero`);
  if (sumOfPendingCredits !== sumOfPendingDebits)
    report(`pending credits ${String(sumOfPendingCredits)} differ from pending debits ${String(sumOfPendingDebits)}`);

  const counts = await client.query<{
    operations: string;
    transfers: string;
    empty_operations: string;
    open_holds: string;
    lapsed: string;
  }>(`
    SELECT (SELECT count(*) FROM ledger_operations) AS operations,
           (SELECT count(*) FROM ledger_transfers) AS transfers,
           (SELECT count(*) FROM ledger_operations o WHERE NOT EXISTS (SELECT 1 FROM ledger_transfers t WHERE t.operation_id = o.id)) AS empty_operations,
           (SELECT count(*) FROM ledger_transfers t WHERE t.phase = 'pending' AND NOT EXISTS (SELECT 1 FROM ledger_transfers r WHERE r.pending_id = t.id)) AS open_holds,
           (SELECT count(*) FROM ledger_transfers t WHERE t.phase = 'pending' AND t.timeout_at <= now() AND NOT EXISTS (SELECT 1 FROM ledger_transfers r WHERE r.pending_id = t.id)) AS lapsed`);
  const c = counts.rows[0];
  if (c !== undefined && Number(c.empty_operations) > 0) report(`${c.empty_operations} operations have no transfer`);
  return {
    accounts: rows.length,
    operations: Number(c?.operations ?? 0),
    transfers: Number(c?.transfers ?? 0),
    sumOfBalances,
    sumOfPendingCredits,
    sumOfPendingDebits,
    byKind,
    openHolds: Number(c?.open_holds ?? 0),
    lapsedHoldsAwaitingExpiry: Number(c?.lapsed ?? 0),
  };
}

/** The hot tables have no foreign keys (for speed): prove here that no reference dangles. */
async function checkReferences(client: pg.PoolClient, report: (p: string) => void): Promise<void> {
  const { rows } = await client.query<{ problem: string; n: string }>(`
    SELECT 'transfers name a missing account' AS problem, count(*) AS n FROM ledger_transfers t
      WHERE NOT EXISTS (SELECT 1 FROM ledger_accounts a WHERE a.id = t.debit_account_id) OR NOT EXISTS (SELECT 1 FROM ledger_accounts a WHERE a.id = t.credit_account_id)
    UNION ALL SELECT 'transfers belong to a missing operation', count(*) FROM ledger_transfers t WHERE NOT EXISTS (SELECT 1 FROM ledger_operations o WHERE o.id = t.operation_id)
    UNION ALL SELECT 'operations belong to a missing batch', count(*) FROM ledger_operations o WHERE NOT EXISTS (SELECT 1 FROM ledger_batches b WHERE b.id = o.batch_id)
    UNION ALL SELECT 'batches count other numbers of operations than they hold', count(*) FROM ledger_batches b
      WHERE b.operation_count <> (SELECT count(*) FROM ledger_operations o WHERE o.batch_id = b.id)`);
  for (const r of rows) if (Number(r.n) > 0) report(`${r.n} ${r.problem}`);
}

async function checkResolutions(client: pg.PoolClient, report: (p: string) => void): Promise<void> {
  const { rows } = await client.query<{ id: string; problem: string }>(`
    SELECT r.id, CASE
      WHEN p.id IS NULL OR p.phase <> 'pending' THEN 'resolves something that is not a hold'
      WHEN p.debit_account_id <> r.debit_account_id OR p.credit_account_id <> r.credit_account_id THEN 'moves between other accounts than its hold'
      WHEN r.amount > p.amount THEN 'captures more than its hold'
      WHEN r.phase = 'void' AND r.amount <> p.amount THEN 'voids another amount than its hold'
      WHEN r.hold_purpose IS DISTINCT FROM p.hold_purpose THEN 'resolves a hold of another purpose'
    END AS problem
    FROM ledger_transfers r LEFT JOIN ledger_transfers p ON p.id = r.pending_id
    WHERE r.phase IN ('post', 'void')`);
  for (const r of rows) if (r.problem !== null) report(`transfer ${r.id} ${r.problem}`);
}

/** Each batch's digest, recomputed from its rows, must match the one the audit chain pins. */
async function checkDigests(client: pg.PoolClient, report: (p: string) => void): Promise<number> {
  let after = 0;
  let count = 0;
  for (;;) {
    const { rows: batches } = await client.query<{ id: string; digest: string; audit_digest: string | null }>(
      `SELECT b.id, b.digest, l.detail->>'digest' AS audit_digest FROM ledger_batches b LEFT JOIN audit_log l ON l.seq = b.audit_seq
       WHERE b.id > $1 ORDER BY b.id LIMIT $2`,
      [after, digestBatchesPerQuery],
    );
    if (batches.length === 0) return count;
    const ids = batches.map((b) => b.id);
    const ops = await client.query<{
      batch_id: string;
      id: string;
      scope: string;
      idempotency_key: string;
      request_hash: string;
      kind: string;
    }>(
      'SELECT batch_id, id, scope, idempotency_key, request_hash, kind FROM ledger_operations WHERE batch_id = ANY($1::bigint[])',
      [ids],
    );
    const transfers = await client.query<{
      batch_id: string;
      id: string;
      operation_id: string;
      debit: string;
      credit: string;
      amount: string;
      leg: string;
      phase: string;
      pending_id: string | null;
    }>(
      `SELECT o.batch_id, t.id, t.operation_id, d.code AS debit, c.code AS credit, t.amount, t.leg, t.phase, t.pending_id
       FROM ledger_transfers t JOIN ledger_operations o ON o.id = t.operation_id
       JOIN ledger_accounts d ON d.id = t.debit_account_id JOIN ledger_accounts c ON c.id = t.credit_account_id
       WHERE o.batch_id = ANY($1::bigint[])`,
      [ids],
    );
    const opsByBatch = groupBy(ops.rows, (o) => o.batch_id);
    const transfersByBatch = groupBy(transfers.rows, (t) => t.batch_id);
    for (const b of batches) {
      const digest = batchDigest(
        (opsByBatch.get(b.id) ?? []).map((o) => ({
          id: o.id,
          scope: o.scope,
          idempotencyKey: o.idempotency_key,
          requestHash: o.request_hash,
          kind: o.kind,
        })),
        (transfersByBatch.get(b.id) ?? []).map((t) => ({
          id: t.id,
          operationId: t.operation_id,
          debitCode: t.debit,
          creditCode: t.credit,
          amount: Number(t.amount),
          leg: t.leg,
          phase: t.phase,
          pendingId: t.pending_id,
        })),
      );
      if (digest !== b.digest)
        report(`batch ${b.id}: its operations and transfers no longer match their digest (edited rows)`);
      if (b.audit_digest !== b.digest) report(`batch ${b.id}: the audit log does not pin its digest`);
      count++;
    }
    after = Number(batches[batches.length - 1]?.id);
  }
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group === undefined) groups.set(k, [item]);
    else group.push(item);
  }
  return groups;
}
