/**
 * The ledger check as a background job (issue 23): an admin asks for a run, the scheduler's `wallet.ledger-check`
 * takes it in one cloud process, runs `checkLedger` (read-only, one snapshot) and keeps the result, so the admins'
 * screen shows "queued", "running" and then the last result instead of holding a request open while a large book is
 * re-derived. At most one run waits or runs at a time (a unique index); asking again then answers that run.
 * A run left 'running' by a process that died is closed as failed after the job's bound.
 */
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { appendAudit } from '../../platform/audit/audit-log.js';
import type { Database } from '../../platform/db/database.js';
import type { PeriodicJob } from '../../platform/jobs/scheduler.js';
import { withTransaction } from '../../platform/db/transaction.js';
import { checkLedger } from './ledger-check.js';

/** How soon a queued run starts at most (the screen polls meanwhile); whole seconds for the scheduler. */
export const ledgerCheckEveryMs = 3_000;
/** The bound of one check: a large book takes minutes on a small machine; past this a run is stuck. */
const ledgerCheckBoundMs = 15 * 60_000;

export interface LedgerCheckRun {
  readonly id: string;
  readonly state: 'queued' | 'running' | 'done' | 'failed';
  readonly requestedAt: string;
  readonly requestedBy: { readonly id: string; readonly name: string };
  readonly startedAt: string | null;
  readonly finishedAt: string | null;
  readonly ok: boolean | null;
  readonly problems: readonly string[];
  readonly totals: { readonly accounts: number; readonly operations: number; readonly sumOfBalances: number } | null;
  readonly failure: string | null;
}

interface Row {
  id: string;
  state: LedgerCheckRun['state'];
  requested_at: Date;
  requested_by: string;
  requester: string;
  started_at: Date | null;
  finished_at: Date | null;
  ok: boolean | null;
  problems: string[] | null;
  totals: { accounts: number; operations: number; sumOfBalances: number } | null;
  failure: string | null;
}

const selectRuns = `SELECT r.id, r.state, r.requested_at, r.requested_by, a.display_name AS requester, r.started_at,
                           r.finished_at, r.ok, r.problems, r.totals, r.failure
                    FROM ledger_check_runs r JOIN accounts a ON a.id = r.requested_by`;

function toRun(r: Row): LedgerCheckRun {
  return {
    id: r.id,
    state: r.state,
    requestedAt: r.requested_at.toISOString(),
    requestedBy: { id: r.requested_by, name: r.requester },
    startedAt: r.started_at?.toISOString() ?? null,
    finishedAt: r.finished_at?.toISOString() ?? null,
    ok: r.ok,
    problems: r.problems ?? [],
    totals:
      r.totals === null
        ? null
        : { accounts: r.totals.accounts, operations: r.totals.operations, sumOfBalances: r.totals.sumOfBalances },
    failure: r.failure,
  };
}

/** The run waiting or running, if any, and the last finished one. */
export async function ledgerCheckStatus(db: Pick<pg.Pool, 'query'>) {
  const pending = await db.query<Row>(`${selectRuns} WHERE r.state IN ('queued', 'running') LIMIT 1`);
  const last = await db.query<Row>(
    `${selectRuns} WHERE r.state IN ('done', 'failed') ORDER BY r.finished_at DESC, r.id LIMIT 1`,
  );
  const [p] = pending.rows;
  const [l] = last.rows;
  return { pending: p === undefined ? null : toRun(p), last: l === undefined ? null : toRun(l) };
}

/** Queues a run (audited) unless one is already on its way; answers the run that will give the result. */
export async function requestLedgerCheck(
  db: Database,
  actor: { accountId: string; label: string; place: string },
): Promise<LedgerCheckRun> {
  await withTransaction(db.pool, async (client) => {
    const id = randomUUID();
    const inserted = await client.query(
      `INSERT INTO ledger_check_runs (id, requested_by) VALUES ($1, $2)
       ON CONFLICT ((true)) WHERE state IN ('queued', 'running') DO NOTHING`,
      [id, actor.accountId],
    );
    if (inserted.rowCount === 1)
      await appendAudit(client, {
        actor,
        action: 'ledger.check_requested',
        subject: { type: 'ledger_check', id },
        place: actor.place,
        detail: {},
      });
  });
  const { pending } = await ledgerCheckStatus(db.pool);
  if (pending !== null) return pending;
  // Finished between the insert and this read (a fast check on a small book): the last one is it.
  const { last } = await ledgerCheckStatus(db.pool);
  if (last === null) throw new Error('a ledger check was queued and is nowhere');
  return last;
}

/** One tick of the job: closes a stuck run, then takes the queued run, if any, and runs it. */
export async function runQueuedLedgerCheck(db: Database): Promise<{ ran: string | null }> {
  await db.pool.query(
    `UPDATE ledger_check_runs SET state = 'failed', finished_at = now(), failure = 'stopped before its end'
     WHERE state = 'running' AND started_at < now() - make_interval(secs => $1)`,
    [(2 * ledgerCheckBoundMs) / 1_000],
  );
  const claimed = await db.pool.query<{ id: string }>(
    `UPDATE ledger_check_runs SET state = 'running', started_at = now()
     WHERE id = (SELECT id FROM ledger_check_runs WHERE state = 'queued' ORDER BY requested_at LIMIT 1 FOR UPDATE SKIP LOCKED)
     RETURNING id`,
  );
  const id = claimed.rows[0]?.id;
  if (id === undefined) return { ran: null };
  try {
    const report = await checkLedger(db);
    await db.pool.query(
      `UPDATE ledger_check_runs SET state = 'done', finished_at = now(), ok = $2, problems = $3, totals = $4
       WHERE id = $1`,
      [id, report.ok, JSON.stringify(report.problems), JSON.stringify(report.totals)],
    );
  } catch (error) {
    const failure = (error instanceof Error ? error.message : String(error)).slice(0, 500);
    await db.pool.query(
      "UPDATE ledger_check_runs SET state = 'failed', finished_at = now(), failure = $2 WHERE id = $1",
      [id, failure],
    );
  }
  return { ran: id };
}

export function ledgerCheckJob(db: Database): PeriodicJob {
  return {
    name: 'wallet.ledger-check',
    everyMs: ledgerCheckEveryMs,
    timeoutMs: ledgerCheckBoundMs,
    run: () => runQueuedLedgerCheck(db),
  };
}
