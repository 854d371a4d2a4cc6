/**
 * Reconciliation (issue 26, part C1): a wallet payment that did not name a file (a `pay` from a debtor's account to a
 * creditor holding open files for that debtor, made outside `/pay`) becomes a suggestion: the debtor's oldest open
 * file whose balance equals the amount, else the oldest open file. It waits for the creditor, who confirms it (the
 * payment is applied to the file chosen, the rest to the debtor's other files oldest first, linked to the ledger
 * operation: no second money movement) or rejects it (nothing changes). The ledger is read once, in commit order, from
 * a cursor; one suggestion per ledger operation whatever re-reads happen (UNIQUE operation_id).
 */
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { AppError, centiCreditsToXof, fileLeftXof, spreadOverFiles } from '@ismail/shared';
import { appendAudit } from '../../platform/audit/audit-log.js';
import type { Database } from '../../platform/db/database.js';
import { withTransaction } from '../../platform/db/transaction.js';
import type { NotificationService } from '../notifications/service.js';
import { creditRateAt } from '../wallet/rates.js';
import { applyFilePayment, paymentsWhere, type AppliedPayment } from './payments-apply.js';
import { notifyFilePayment, type DebtPaymentFlows, type PaymentAnswer } from './payments-wallet.js';

/** Ledger batches read per run: bounded work; the next run goes on from the cursor. */
export const reconcileBatchesPerRun = 500;
/** Open files of one debtor looked at per payment (a debtor with more is a data problem, not a queue). */
const filesPerDebtor = 200;
/** Suggestions listed at once: a creditor's queue on a screen. */
export const suggestionPageMax = 200;

interface OpenFile {
  id: string;
  principalXof: number;
  feesXof: number;
  paidXof: number;
}

async function openFilesOf(q: Pick<pg.PoolClient, 'query'>, creditorId: string, debtorId: string, lock: boolean) {
  const { rows } = await q.query<{ id: string; principal_xof: string; fees_xof: string; paid_xof: string }>(
    `SELECT id, principal_xof, fees_xof, paid_xof FROM collection_files
      WHERE creditor_id = $1 AND debtor_id = $2 AND status NOT IN ('paid', 'written_off')
      ORDER BY due_on, opened_at, id LIMIT ${String(filesPerDebtor)}${lock ? ' FOR UPDATE' : ''}`,
    [creditorId, debtorId],
  );
  return rows.map((r): OpenFile => ({
    id: r.id,
    principalXof: Number(r.principal_xof),
    feesXof: Number(r.fees_xof),
    paidXof: Number(r.paid_xof),
  }));
}

export interface ReconcileDeps {
  readonly db: Database;
  readonly notifications: NotificationService;
  readonly publicUrl: string;
}

/** Reads the ledger past the cursor and queues a suggestion for each payment to match; returns how many were made. */
export async function reconcileWalletPayments(deps: ReconcileDeps, now: Date): Promise<{ suggested: number }> {
  const { db } = deps;
  const cursor = Number(
    (
      await db.pool.query<{ position: string }>(
        "SELECT position FROM collection_reconcile_cursor WHERE feed = 'ledger'",
      )
    ).rows[0]?.position ?? 0,
  );
  const { rows: batches } = await db.pool.query<{ id: string }>(
    'SELECT id FROM ledger_batches WHERE id > $1 ORDER BY id LIMIT $2',
    [cursor, reconcileBatchesPerRun],
  );
  const last = batches[batches.length - 1];
  if (last === undefined) return { suggested: 0 };
  // A `pay` between two wallets, not already a file's payment; rent records its own file payments (real estate).
  const { rows } = await db.pool.query<{
    operation_id: string;
    created_at: Date;
    amount: string;
    payer_id: string;
    payee_id: string;
    country: string;
  }>(
    `SELECT o.id AS operation_id, o.created_at, t.amount, pa.owner_account_id AS payer_id, pe.owner_account_id AS payee_id,
            a.country
       FROM ledger_operations o
       JOIN ledger_transfers t ON t.operation_id = o.id AND t.leg = 'payment'
       JOIN ledger_accounts pa ON pa.id = t.debit_account_id AND pa.kind = 'wallet'
       JOIN ledger_accounts pe ON pe.id = t.credit_account_id AND pe.kind = 'wallet'
       JOIN accounts a ON a.id = pe.owner_account_id
      WHERE o.batch_id > $1 AND o.batch_id <= $2 AND o.kind = 'pay'
        AND coalesce(o.facts ->> 'module', '') <> 'real_estate'
        AND NOT EXISTS (SELECT 1 FROM collection_payments p WHERE p.ledger_operation_id = o.id)
        AND EXISTS (SELECT 1 FROM collection_files f WHERE f.creditor_id = pe.owner_account_id
                      AND f.debtor_id = pa.owner_account_id AND f.status NOT IN ('paid', 'written_off'))
      ORDER BY o.batch_id, o.id`,
    [cursor, Number(last.id)],
  );
  let suggested = 0;
  for (const r of rows) {
    const rate = await creditRateAt(db.pool, r.country, r.created_at);
    const amountXof = centiCreditsToXof(Number(r.amount), rate);
    if (amountXof <= 0) continue;
    const made = await withTransaction(db.pool, async (client) => {
      const files = await openFilesOf(client, r.payee_id, r.payer_id, false);
      const pick = files.find((f) => fileLeftXof(f) === amountXof) ?? files[0];
      if (pick === undefined) return false;
      const id = randomUUID();
      const inserted = await client.query(
        `INSERT INTO collection_payment_suggestions (id, creditor_id, operation_id, payer_id, amount_xof, file_id, status,
           created_at) VALUES ($1, $2, $3, $4, $5, $6, 'pending', $7) ON CONFLICT (operation_id) DO NOTHING RETURNING id`,
        [id, r.payee_id, r.operation_id, r.payer_id, amountXof, pick.id, now],
      );
      if (inserted.rowCount !== 1) return false;
      const { rows: names } = await client.query<{ creditor: string; payer: string }>(
        `SELECT coalesce(c.first_name, c.display_name) AS creditor,
                coalesce(nullif(concat_ws(' ', p.first_name, p.last_name), ''), p.display_name) AS payer
           FROM accounts c, accounts p WHERE c.id = $1 AND p.id = $2`,
        [r.payee_id, r.payer_id],
      );
      await deps.notifications.emit(
        {
          key: `debt-match:${r.operation_id}`,
          type: 'debt.payment_to_match',
          recipientId: r.payee_id,
          data: {
            firstName: (names[0]?.creditor ?? 'client').slice(0, 100),
            payerName: (names[0]?.payer ?? 'client').slice(0, 160),
            amountXof,
            link: `${deps.publicUrl.replace(/\/$/, '')}/recouvrement/rapprochements`,
          },
        },
        client,
      );
      return true;
    });
    if (made) suggested++;
  }
  await db.pool.query("UPDATE collection_reconcile_cursor SET position = $1 WHERE feed = 'ledger' AND position < $1", [
    Number(last.id),
  ]);
  return { suggested };
}

interface SuggestionRow {
  id: string;
  operation_id: string;
  payer_id: string | null;
  amount_xof: string;
  file_id: string | null;
  status: 'pending' | 'confirmed' | 'rejected';
}

export class Reconciliation {
  constructor(
    private readonly deps: ReconcileDeps,
    private readonly payments: DebtPaymentFlows,
  ) {}

  async list(creditorId: string) {
    const { rows } = await this.deps.db.pool.query<{
      id: string;
      payer_name: string | null;
      amount_xof: string;
      at: Date;
      file_id: string | null;
      label: string | null;
      left_xof: string | null;
    }>(
      `SELECT s.id, coalesce(nullif(concat_ws(' ', a.first_name, a.last_name), ''), a.display_name) AS payer_name,
              s.amount_xof, coalesce(o.created_at, s.created_at) AS at, f.id AS file_id, f.label,
              f.principal_xof + f.fees_xof - f.paid_xof AS left_xof
         FROM collection_payment_suggestions s
         LEFT JOIN accounts a ON a.id = s.payer_id
         LEFT JOIN ledger_operations o ON o.id = s.operation_id
         LEFT JOIN collection_files f ON f.id = s.file_id
        WHERE s.creditor_id = $1 AND s.status = 'pending' ORDER BY s.created_at, s.id LIMIT $2`,
      [creditorId, suggestionPageMax],
    );
    return {
      suggestions: rows.map((r) => ({
        id: r.id,
        payerName: r.payer_name ?? '—',
        amountXof: Number(r.amount_xof),
        at: r.at.toISOString(),
        file: r.file_id === null ? null : { id: r.file_id, label: r.label ?? '', leftXof: Number(r.left_xof ?? 0) },
      })),
    };
  }

  /** The creditor says which file the payment was for; a second confirmation answers the first one's payment. */
  async confirm(creditorId: string, suggestionId: string, fileId: string, deciderId: string): Promise<PaymentAnswer> {
    const now = this.payments.now();
    const actor = `account:${deciderId}`;
    const operationId = await withTransaction(this.deps.db.pool, async (client) => {
      const s = await this.locked(client, creditorId, suggestionId);
      if (s.status === 'rejected')
        throw new AppError('CONFLICT', 'Ce paiement a été écarté : il ne peut plus être rapproché.');
      if (s.status === 'confirmed') return s.operation_id;
      // The payer's open files locked first, in one statement and one order (as every confirmation does), then the
      // chosen one: two confirmations never wait on each other crosswise.
      const others = s.payer_id === null ? [] : await openFilesOf(client, creditorId, s.payer_id, true);
      const { rows } = await client.query<{
        debtor_id: string | null;
        status: string;
        principal_xof: string;
        fees_xof: string;
        paid_xof: string;
      }>(
        `SELECT debtor_id, status, principal_xof, fees_xof, paid_xof FROM collection_files
          WHERE id = $1 AND creditor_id = $2 FOR UPDATE`,
        [fileId, creditorId],
      );
      const file = rows[0];
      // A file of another account holder never takes this payer's money; a debtor known by name only may.
      if (file === undefined || (file.debtor_id !== null && file.debtor_id !== s.payer_id))
        throw new AppError('NOT_FOUND', 'Dossier introuvable pour ce payeur.');
      if (file.status === 'paid' || file.status === 'written_off')
        throw new AppError('CONFLICT', 'Ce dossier est déjà clos : choisissez-en un autre.');
      const ordered: OpenFile[] = [
        {
          id: fileId,
          principalXof: Number(file.principal_xof),
          feesXof: Number(file.fees_xof),
          paidXof: Number(file.paid_xof),
        },
        ...others.filter((f) => f.id !== fileId),
      ];
      const { parts, unallocatedXof } = spreadOverFiles(ordered, Number(s.amount_xof));
      const applied: AppliedPayment[] = [];
      for (const part of parts)
        applied.push(
          await applyFilePayment(client, {
            fileId: part.fileId,
            amountXof: part.amountXof,
            method: 'wallet',
            reference: null,
            operationId: s.operation_id,
            actor,
            now,
          }),
        );
      await client.query(
        "UPDATE collection_payment_suggestions SET status = 'confirmed', file_id = $2, decided_at = $3, decided_by = $4 WHERE id = $1",
        [s.id, fileId, now, deciderId],
      );
      await appendAudit(client, {
        actor: { accountId: deciderId, label: actor },
        action: 'debt_collection.suggestion_confirmed',
        subject: { type: 'collection_payment_suggestion', id: s.id },
        place: 'cloud',
        detail: { operationId: s.operation_id, fileId, parts, unallocatedXof },
      });
      for (const a of applied) await notifyFilePayment(client, this.deps.notifications, this.deps.publicUrl, a);
      return s.operation_id;
    });
    const { rows } = await this.deps.db.pool.query<{ file_id: string }>(
      'SELECT file_id FROM collection_payment_suggestions WHERE id = $1',
      [suggestionId],
    );
    const chosenId = rows[0]?.file_id ?? fileId;
    const [payment] = await paymentsWhere(this.deps.db.pool, 'ledger_operation_id = $1 AND file_id = $2', [
      operationId,
      chosenId,
    ]);
    if (payment === undefined) throw new Error('confirmed suggestion without its payment');
    return { payment, file: (await this.payments.fileFor(chosenId, creditorId)).view };
  }

  /** The payment was not for a file: the suggestion leaves the queue, the files are untouched. */
  async reject(creditorId: string, suggestionId: string, deciderId: string): Promise<{ ok: true }> {
    await withTransaction(this.deps.db.pool, async (client) => {
      const s = await this.locked(client, creditorId, suggestionId);
      if (s.status === 'confirmed') throw new AppError('CONFLICT', 'Ce paiement a déjà été rapproché d’un dossier.');
      if (s.status === 'rejected') return;
      await client.query(
        "UPDATE collection_payment_suggestions SET status = 'rejected', decided_at = $2, decided_by = $3 WHERE id = $1",
        [s.id, this.payments.now(), deciderId],
      );
      await appendAudit(client, {
        actor: { accountId: deciderId, label: `account:${deciderId}` },
        action: 'debt_collection.suggestion_rejected',
        subject: { type: 'collection_payment_suggestion', id: s.id },
        place: 'cloud',
        detail: { operationId: s.operation_id, amountXof: Number(s.amount_xof) },
      });
    });
    return { ok: true };
  }

  private async locked(client: pg.PoolClient, creditorId: string, id: string): Promise<SuggestionRow> {
    const { rows } = await client.query<SuggestionRow>(
      `SELECT id, operation_id, payer_id, amount_xof, file_id, status FROM collection_payment_suggestions
        WHERE id = $1 AND creditor_id = $2 FOR UPDATE`,
      [id, creditorId],
    );
    const s = rows[0];
    if (s === undefined) throw new AppError('NOT_FOUND', 'Paiement à rapprocher introuvable.');
    return s;
  }
}
