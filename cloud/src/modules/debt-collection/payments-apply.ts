/**
 * Payments applied to a debt file (issue 26, part C1): under the file's row lock, a payment is allocated (fees first,
 * then principal), written with what is left after it, the file's paid amount grows and a fully paid file closes; then
 * the lifecycle part follows up (promises kept, plans completed). Always in the caller's transaction, so the money,
 * the payment and the file commit together or not at all. Never moves money and never notifies: callers do.
 */
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { AppError, allocatePayment, uuidPattern, type DebtSource, type DebtStatus } from '@ismail/shared';
import { afterFilePayment } from './lifecycle-hooks.js';

export const debtPaymentMethods = ['wallet', 'cash', 'mobile_money', 'bank', 'overdraft_reconciliation'] as const;
export type DebtPaymentMethod = (typeof debtPaymentMethods)[number];
/** A file in these statuses takes no more payment. */
const closedStatuses: readonly DebtStatus[] = ['paid', 'written_off'];

export interface DebtPayment {
  id: string;
  fileId: string;
  amountXof: number;
  feesPartXof: number;
  principalPartXof: number;
  method: DebtPaymentMethod;
  reference: string | null;
  at: string;
  leftXof: number;
}

export interface FilePaymentInput {
  readonly fileId: string;
  readonly amountXof: number;
  readonly method: DebtPaymentMethod;
  readonly reference: string | null;
  /** The ledger operation that moved the money (wallet payments, confirmed suggestions). */
  readonly operationId?: string | undefined;
  /** The debtor's account paying from the wallet, with its key (a double tap pays once). */
  readonly payerId?: string | undefined;
  readonly idempotencyKey?: string | undefined;
  /** Who records it: "account:<id>", "job:…". */
  readonly actor: string;
  readonly now: Date;
  /** When the money was received, if not now (a creditor's cash receipt of yesterday). */
  readonly receivedAt?: Date | undefined;
}

export interface AppliedPayment {
  readonly payment: DebtPayment;
  readonly creditorId: string | null;
  readonly debtorName: string;
  readonly label: string;
  readonly statusBefore: DebtStatus;
  readonly status: DebtStatus;
  /** The payment closed the file. */
  readonly closed: boolean;
}

interface LockedFile {
  id: string;
  creditor_id: string | null;
  debtor_name: string;
  label: string;
  principal_xof: string;
  fees_xof: string;
  paid_xof: string;
  status: DebtStatus;
}

/** Applies one payment to one file; refuses a closed file and more than what is left (409, in French). */
export async function applyFilePayment(client: pg.PoolClient, input: FilePaymentInput): Promise<AppliedPayment> {
  if (!Number.isSafeInteger(input.amountXof) || input.amountXof <= 0)
    throw new AppError('VALIDATION_FAILED', 'Le montant doit être un entier positif en FCFA.');
  const { rows } = await client.query<LockedFile>(
    `SELECT id, creditor_id, debtor_name, label, principal_xof, fees_xof, paid_xof, status FROM collection_files
      WHERE id = $1 FOR UPDATE`,
    [input.fileId],
  );
  const file = rows[0];
  if (file === undefined) throw new AppError('NOT_FOUND', 'Dossier introuvable.');
  if (closedStatuses.includes(file.status))
    throw new AppError(
      'CONFLICT',
      file.status === 'paid' ? 'Ce dossier est déjà entièrement réglé.' : 'Ce dossier est clos (passé en perte).',
    );
  const balance = {
    principalXof: Number(file.principal_xof),
    feesXof: Number(file.fees_xof),
    paidXof: Number(file.paid_xof),
  };
  const left = balance.principalXof + balance.feesXof - balance.paidXof;
  if (input.amountXof > left)
    throw new AppError(
      'CONFLICT',
      `Ce montant dépasse le reste dû sur ce dossier (${String(left)} FCFA) : il a peut-être été réglé entre-temps.`,
    );
  const allocation = allocatePayment(balance, input.amountXof);
  const closed = allocation.leftXof === 0;
  const status: DebtStatus = closed ? 'paid' : file.status;
  const id = randomUUID();
  const at = input.receivedAt ?? input.now;
  await client.query(
    `INSERT INTO collection_payments (id, file_id, creditor_id, amount_xof, fees_part_xof, principal_part_xof,
       left_after_xof, method, reference, ledger_operation_id, payer_id, idempotency_key, recorded_by, at, recorded_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)`,
    [
      id,
      file.id,
      file.creditor_id,
      input.amountXof,
      allocation.feesPartXof,
      allocation.principalPartXof,
      allocation.leftXof,
      input.method,
      input.reference,
      input.operationId ?? null,
      input.payerId ?? null,
      input.idempotencyKey ?? null,
      input.actor,
      at,
      input.now,
    ],
  );
  await client.query(
    `UPDATE collection_files SET paid_xof = paid_xof + $2, status = $3,
       closed_at = CASE WHEN $4 THEN $5::timestamptz ELSE closed_at END, updated_at = $5 WHERE id = $1`,
    [file.id, input.amountXof, status, closed, input.now],
  );
  await client.query(
    "INSERT INTO collection_file_events (file_id, kind, amount_xof, detail, actor, at) VALUES ($1, 'payment', $2, $3, $4, $5)",
    [
      file.id,
      input.amountXof,
      {
        paymentId: id,
        method: input.method,
        reference: input.reference,
        feesPartXof: allocation.feesPartXof,
        principalPartXof: allocation.principalPartXof,
        leftXof: allocation.leftXof,
        operationId: input.operationId ?? null,
      },
      input.actor,
      // The day the money was received: the reports count recoveries by it.
      at,
    ],
  );
  if (closed)
    await client.query(
      "INSERT INTO collection_file_events (file_id, kind, detail, actor, at) VALUES ($1, 'status', $2, $3, $4)",
      [file.id, { from: file.status, to: status }, input.actor, input.now],
    );
  await afterFilePayment(client, file.id, input.now);
  return {
    payment: {
      id,
      fileId: file.id,
      amountXof: input.amountXof,
      feesPartXof: allocation.feesPartXof,
      principalPartXof: allocation.principalPartXof,
      method: input.method,
      reference: input.reference,
      at: at.toISOString(),
      leftXof: allocation.leftXof,
    },
    creditorId: file.creditor_id,
    debtorName: file.debtor_name,
    label: file.label,
    statusBefore: file.status,
    status,
    closed,
  };
}

const sourceMethods: readonly DebtPaymentMethod[] = ['wallet', 'cash', 'mobile_money', 'bank'];

/**
 * A payment of the source recorded on its file, if a file exists (rent: `real-estate/rent-payments.ts`). The source
 * already checked its own amount, so this takes what the file has left and never refuses: a file paid or closed
 * meanwhile (the debtor paid the file itself) records nothing more. Answers null when the source has no file (paid
 * before it was late).
 */
export async function recordDebtSourcePayment(
  client: pg.PoolClient,
  input: { source: DebtSource; sourceRef: string; amountXof: number; actor: string; detail?: Record<string, unknown> },
): Promise<{ fileId: string; status: DebtStatus; leftXof: number } | null> {
  const { rows } = await client.query<{ id: string; left_xof: string; status: DebtStatus }>(
    `SELECT id, principal_xof + fees_xof - paid_xof AS left_xof, status FROM collection_files
      WHERE source = $1 AND source_ref = $2 FOR UPDATE`,
    [input.source, input.sourceRef],
  );
  const file = rows[0];
  if (file === undefined) return null;
  const left = Number(file.left_xof);
  const applied = Math.min(input.amountXof, left);
  if (applied <= 0 || closedStatuses.includes(file.status))
    return { fileId: file.id, status: file.status, leftXof: left };
  const method = input.detail?.['method'];
  const paymentId = input.detail?.['paymentId'];
  // An overdraft is repaid by the wallet's reconciliation: its payment id is the ledger operation that repaid it.
  const overdraft = input.source === 'overdraft';
  const done = await applyFilePayment(client, {
    fileId: file.id,
    amountXof: applied,
    method: overdraft ? 'overdraft_reconciliation' : (sourceMethods.find((m) => m === method) ?? 'cash'),
    // The source's own payment (a rent payment's id) is the reference: unique, as a creditor's reference must be.
    reference: typeof paymentId === 'string' ? `${input.source}:${paymentId}`.slice(0, 120) : null,
    operationId: overdraft && typeof paymentId === 'string' && uuidPattern.test(paymentId) ? paymentId : undefined,
    actor: input.actor,
    now: new Date(),
  });
  return { fileId: file.id, status: done.status, leftXof: done.payment.leftXof };
}

interface PaymentRow {
  id: string;
  file_id: string;
  amount_xof: string;
  fees_part_xof: string;
  principal_part_xof: string;
  method: DebtPaymentMethod;
  reference: string | null;
  at: Date;
  left_after_xof: string;
}

export const paymentColumns =
  'id, file_id, amount_xof, fees_part_xof, principal_part_xof, method, reference, at, left_after_xof';

export const paymentView = (r: PaymentRow): DebtPayment => ({
  id: r.id,
  fileId: r.file_id,
  amountXof: Number(r.amount_xof),
  feesPartXof: Number(r.fees_part_xof),
  principalPartXof: Number(r.principal_part_xof),
  method: r.method,
  reference: r.reference,
  at: r.at.toISOString(),
  leftXof: Number(r.left_after_xof),
});

/** The payments matching a WHERE on collection_payments (alias-free), in the order they were recorded. */
export async function paymentsWhere(
  q: Pick<pg.Pool, 'query'>,
  where: string,
  params: unknown[],
  limit = 500,
): Promise<DebtPayment[]> {
  const { rows } = await q.query<PaymentRow>(
    `SELECT ${paymentColumns} FROM collection_payments WHERE ${where} ORDER BY seq LIMIT ${String(limit)}`,
    params,
  );
  return rows.map(paymentView);
}
