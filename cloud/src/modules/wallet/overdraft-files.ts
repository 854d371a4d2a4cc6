/**
 * Recouvrement's debt files (SPEC 3.13), as far as the hub needs them today: an offline
 * wallet debit that overdrew a wallet when it reached the cloud (SPEC 3.8) opens a file for
 * the overdraft, in the ledger operation that lent it, so money and file never disagree.
 * Reconciliation is automatic through the wallet: whenever the debtor's wallet holds
 * credits again, they pay back the oldest open file first, each repayment one idempotent
 * ledger operation keyed by the file and what was still owed (so a retry cannot pay twice).
 * Each overdraft is also a Recouvrement collection file owed to ISMAIL (issue 26), opened and paid in the same
 * transactions (debt-collection/overdraft-files.ts).
 */
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { AppError } from '@ismail/shared';
import { appendAudit } from '../../platform/audit/audit-log.js';
import { openOverdraftCollectionFile, recordOverdraftRepayment } from '../debt-collection/overdraft-files.js';
import type { Database } from '../../platform/db/database.js';
import type { OperationResult } from './ledger-types.js';
import type { WalletOperations } from './operations.js';

/** An overdraft is due within this many days before reminders would escalate. */
const overdraftDueDays = 30;
/** Files reconciled per run: bounded work. */
const reconcilePerRun = 200;

export interface DebtFile {
  readonly id: string;
  readonly debtorAccountId: string;
  readonly creditorAccountId: string | null;
  readonly kind: 'overdraft';
  readonly amountCentiCredits: number;
  readonly outstandingCentiCredits: number;
  readonly status: 'open' | 'settled';
  readonly source: string;
  readonly sourceRef: string;
  readonly openedAt: string;
  readonly dueAt: string;
  readonly settledAt: string | null;
  readonly detail: Record<string, unknown>;
}

interface Row {
  id: string;
  debtor_account_id: string;
  creditor_account_id: string | null;
  kind: 'overdraft';
  amount_centi_credits: string;
  outstanding_centi_credits: string;
  status: 'open' | 'settled';
  source: string;
  source_ref: string;
  opened_at: Date;
  due_at: Date;
  settled_at: Date | null;
  detail: Record<string, unknown>;
}

const toFile = (r: Row): DebtFile => ({
  id: r.id,
  debtorAccountId: r.debtor_account_id,
  creditorAccountId: r.creditor_account_id,
  kind: r.kind,
  amountCentiCredits: Number(r.amount_centi_credits),
  outstandingCentiCredits: Number(r.outstanding_centi_credits),
  status: r.status,
  source: r.source,
  sourceRef: r.source_ref,
  openedAt: r.opened_at.toISOString(),
  dueAt: r.due_at.toISOString(),
  settledAt: r.settled_at?.toISOString() ?? null,
  detail: r.detail,
});

/**
 * Inside a ledger operation's transaction: when it lent an overdraft, opens the file for it
 * (once per source). Returns the file's id, or null when nothing was lent.
 */
export async function openOverdraftFile(
  client: pg.PoolClient,
  result: OperationResult,
  input: { debtorAccountId: string; source: string; sourceRef: string; detail: Record<string, string | number | null> },
): Promise<string | null> {
  const lent = result.transfers.filter((t) => t.leg === 'overdraft').reduce((sum, t) => sum + t.amountCentiCredits, 0);
  if (lent === 0) return null;
  const id = randomUUID();
  const opened = await client.query<{ id: string }>(
    `INSERT INTO debt_files (id, debtor_account_id, kind, amount_centi_credits, outstanding_centi_credits, status, source, source_ref, due_at, detail)
     VALUES ($1, $2, 'overdraft', $3, $3, 'open', $4, $5, now() + make_interval(days => $6), $7)
     ON CONFLICT (source, source_ref) DO NOTHING RETURNING id`,
    [
      id,
      input.debtorAccountId,
      lent,
      input.source,
      input.sourceRef,
      overdraftDueDays,
      JSON.stringify({ ...input.detail, operationId: result.operationId }),
    ],
  );
  if (opened.rowCount !== 1) return null;
  await client.query(
    "INSERT INTO debt_events (debt_file_id, kind, amount_centi_credits, operation_id, detail) VALUES ($1, 'opened', $2, $3, $4)",
    [id, lent, result.operationId, `overdraft from ${input.source} ${input.sourceRef}`.slice(0, 500)],
  );
  const collectionFileId = await openOverdraftCollectionFile(client, id);
  await appendAudit(client, {
    actor: { label: 'system:debt' },
    action: 'debt.opened',
    subject: { type: 'debt_file', id },
    place: 'cloud',
    detail: {
      debtorAccountId: input.debtorAccountId,
      amountCentiCredits: lent,
      source: input.source,
      collectionFileId,
    },
  });
  return id;
}

export class DebtFiles {
  constructor(
    private readonly db: Database,
    private readonly ops: WalletOperations,
  ) {}

  async list(query: {
    status?: 'open' | 'settled' | undefined;
    debtorAccountId?: string | undefined;
    limit?: number | undefined;
  }): Promise<DebtFile[]> {
    const { rows } = await this.db.pool.query<Row>(
      `SELECT * FROM debt_files WHERE ($1::text IS NULL OR status = $1) AND ($2::uuid IS NULL OR debtor_account_id = $2) ORDER BY opened_at DESC, id LIMIT $3`,
      [query.status ?? null, query.debtorAccountId ?? null, Math.min(query.limit ?? 50, 200)],
    );
    return rows.map(toFile);
  }

  async get(
    id: string,
  ): Promise<
    DebtFile & { events: { at: string; kind: string; amountCentiCredits: number | null; detail: string | null }[] }
  > {
    const { rows } = await this.db.pool.query<Row>('SELECT * FROM debt_files WHERE id = $1', [id]);
    const row = rows[0];
    if (row === undefined) throw new AppError('NOT_FOUND', 'No such debt file.');
    const events = await this.db.pool.query<{
      at: Date;
      kind: string;
      amount_centi_credits: string | null;
      detail: string | null;
    }>(
      'SELECT at, kind, amount_centi_credits, detail FROM debt_events WHERE debt_file_id = $1 ORDER BY id LIMIT 1000',
      [id],
    );
    return {
      ...toFile(row),
      events: events.rows.map((e) => ({
        at: e.at.toISOString(),
        kind: e.kind,
        amountCentiCredits: e.amount_centi_credits === null ? null : Number(e.amount_centi_credits),
        detail: e.detail,
      })),
    };
  }

  /** Pays open overdrafts back from wallets that hold credits again, oldest file first. */
  async reconcile(): Promise<{ repayments: number; centiCredits: number }> {
    const { rows } = await this.db.pool.query<{
      id: string;
      debtor_account_id: string;
      outstanding_centi_credits: string;
      available: string;
    }>(
      `SELECT f.id, f.debtor_account_id, f.outstanding_centi_credits,
              (a.credits_posted - a.debits_posted - a.debits_pending) AS available
       FROM debt_files f JOIN ledger_accounts a ON a.code = 'wallet:' || f.debtor_account_id::text
       WHERE f.status = 'open' AND f.kind = 'overdraft' AND a.credits_posted - a.debits_posted - a.debits_pending > 0
       ORDER BY f.opened_at, f.id LIMIT $1`,
      [reconcilePerRun],
    );
    let repayments = 0;
    let centiCredits = 0;
    for (const file of rows) {
      const outstanding = Number(file.outstanding_centi_credits);
      const amount = Math.min(outstanding, Number(file.available));
      if (amount <= 0) continue;
      try {
        await this.ops.repayOverdraft(
          {
            actor: { label: 'system:debt' },
            scope: 'system',
            idempotencyKey: `debt:${file.id}:${String(outstanding)}`,
          },
          { accountId: file.debtor_account_id, amountCentiCredits: amount },
          async (client, result) => {
            const left = outstanding - amount;
            const updated = await client.query(
              `UPDATE debt_files SET outstanding_centi_credits = $2::bigint, status = CASE WHEN $2::bigint = 0 THEN 'settled' ELSE 'open' END, settled_at = CASE WHEN $2::bigint = 0 THEN now() END
               WHERE id = $1 AND outstanding_centi_credits = $3`,
              [file.id, left, outstanding],
            );
            if (updated.rowCount !== 1) throw new AppError('CONFLICT', 'the debt file changed meanwhile');
            await client.query(
              "INSERT INTO debt_events (debt_file_id, kind, amount_centi_credits, operation_id, detail) VALUES ($1, 'payment', $2, $3, 'paid from the wallet')",
              [file.id, amount, result.operationId],
            );
            if (left === 0)
              await client.query(
                "INSERT INTO debt_events (debt_file_id, kind, detail) VALUES ($1, 'settled', 'paid in full')",
                [file.id],
              );
            await recordOverdraftRepayment(client, {
              debtFileId: file.id,
              amountCentiCredits: amount,
              after: left,
              operationId: result.operationId,
            });
          },
        );
        repayments++;
        centiCredits += amount;
      } catch (error) {
        // Another wallet debit took the credits first, or another process repaid: the next run sees the truth.
        if (
          !(error instanceof AppError) ||
          !['INSUFFICIENT_FUNDS', 'CONFLICT', 'IDEMPOTENCY_KEY_REUSED'].includes(error.code)
        )
          throw error;
      }
    }
    return { repayments, centiCredits };
  }
}
