/**
 * Rent payments (issue 25): the tenant pays a due from the wallet (a ledger `pay` with the module's 4 % commission,
 * the payment row, the due's new total, the receipt and the debt file's payment all in the ledger operation's own
 * transaction), or the landlord records cash or mobile money (no ledger operation, same rows). Partial payments are
 * allowed, never more than what is left; the due is paid when the whole amount is. Each payment is keyed by its payer's
 * Idempotency-Key: the same key pays once. Never moves money without the rows that say what it paid.
 */
import { createHash, randomUUID } from 'node:crypto';
import type pg from 'pg';
import { AppError, xofToCentiCredits } from '@ismail/shared';
import type { Database } from '../../platform/db/database.js';
import { appendAudit } from '../../platform/audit/audit-log.js';
import { withTransaction } from '../../platform/db/transaction.js';
import type { WalletOperations } from '../wallet/operations.js';
import { creditRateAt } from '../wallet/rates.js';
import { recordDebtSourcePayment } from '../debt-collection/payments-apply.js';
import { rentReceiptPdf } from './document-lease.js';
import { insertDocument } from './document-store.js';
import type { LeaseFlows } from './lease-flows.js';
import { factsOf, leaseRow, partyOf, viewOf, type LeaseRow, type LeaseView } from './lease-read.js';

export type RentMethod = 'wallet' | 'cash' | 'mobile_money';

export interface RentPayment {
  id: string;
  dueId: string;
  leaseId: string;
  amountXof: number;
  method: RentMethod;
  receiptDocumentId: string | null;
  paidAt: string;
}

interface DueRow {
  id: string;
  lease_id: string;
  period: string;
  amount_xof: string;
  paid_xof: string;
  status: 'due' | 'paid' | 'cancelled';
}

const clip = (text: string, max: number): string => (text.length <= max ? text : `${text.slice(0, max - 1)}…`);

export class RentPayments {
  constructor(
    private readonly db: Database,
    private readonly ops: WalletOperations,
    private readonly leases: LeaseFlows,
  ) {}

  /** The tenant pays `amountXof` (default: what is left) of a due from the wallet. */
  async pay(
    tenantId: string,
    dueId: string,
    amountXof: number | undefined,
    idempotencyKey: string,
  ): Promise<{ payment: RentPayment; lease: LeaseView }> {
    const replay = await this.byKey(tenantId, idempotencyKey);
    if (replay !== undefined) return replay;
    const { due, lease } = await this.dueFor(tenantId, dueId);
    if (lease.party !== 'tenant')
      throw new AppError('FORBIDDEN', 'Seul le locataire paie son loyer depuis son portefeuille.');
    const amount = this.checkedAmount(due, amountXof);
    const rate = await creditRateAt(this.db.pool, await countryOf(this.db, lease.row.landlord_id), this.leases.now());
    const centi = xofToCentiCredits(amount, rate);
    const paymentId = randomUUID();
    const paidAt = wholeSeconds(this.leases.now());
    const receipt = await this.receipt(lease.row, due, paymentId, amount, 'wallet', paidAt);
    // The ledger's key: the header is up to 128 characters already, so the module's prefix goes with its hash.
    const ledgerKey = `re-rent:${createHash('sha256').update(idempotencyKey).digest('hex').slice(0, 48)}`;
    const outcome = await this.ops.pay(
      { actor: { accountId: tenantId, label: `account:${tenantId}` }, scope: tenantId, idempotencyKey: ledgerKey },
      { payerId: tenantId, payeeId: lease.row.landlord_id, module: 'real_estate', amountCentiCredits: centi },
      async (client, result) => {
        await this.apply(client, {
          paymentId,
          due,
          row: lease.row,
          amount,
          method: 'wallet',
          ledgerOperationId: result.operationId,
          recordedBy: tenantId,
          idempotencyKey,
          paidAt,
          receipt,
          detail: { centiCredits: centi },
        });
      },
    );
    if (outcome.replayed) {
      const again = await this.byKey(tenantId, idempotencyKey);
      if (again !== undefined) return again;
    }
    return {
      payment: await paymentById(this.db.pool, paymentId),
      lease: await this.leases.view(due.lease_id, tenantId),
    };
  }

  /** The landlord records rent received in cash or by mobile money (no wallet money moves). */
  async record(
    landlordId: string,
    dueId: string,
    input: { amountXof: number; method: 'cash' | 'mobile_money' },
    idempotencyKey: string,
  ): Promise<{ payment: RentPayment; lease: LeaseView }> {
    const replay = await this.byKey(landlordId, idempotencyKey);
    if (replay !== undefined) return replay;
    const { due, lease } = await this.dueFor(landlordId, dueId);
    if (lease.party !== 'landlord') throw new AppError('FORBIDDEN', 'Seul le bailleur enregistre un paiement reçu.');
    const amount = this.checkedAmount(due, input.amountXof);
    const paymentId = randomUUID();
    const paidAt = wholeSeconds(this.leases.now());
    const receipt = await this.receipt(lease.row, due, paymentId, amount, input.method, paidAt);
    try {
      await withTransaction(this.db.pool, (client) =>
        this.apply(client, {
          paymentId,
          due,
          row: lease.row,
          amount,
          method: input.method,
          ledgerOperationId: null,
          recordedBy: landlordId,
          idempotencyKey,
          paidAt,
          receipt,
          detail: {},
        }),
      );
    } catch (error) {
      // The same key twice at once: the first one's payment is the answer.
      if ((error as { code?: string }).code === '23505') {
        const again = await this.byKey(landlordId, idempotencyKey);
        if (again !== undefined) return again;
      }
      throw error;
    }
    return {
      payment: await paymentById(this.db.pool, paymentId),
      lease: await this.leases.view(due.lease_id, landlordId),
    };
  }

  private async dueFor(accountId: string, dueId: string) {
    const { rows } = await this.db.pool.query<DueRow>(
      'SELECT id, lease_id, period, amount_xof, paid_xof, status FROM real_estate_rent_dues WHERE id = $1',
      [dueId],
    );
    const due = rows[0];
    if (due === undefined) throw new AppError('NOT_FOUND', 'Échéance introuvable.');
    const lease = await partyOf(this.db.pool, due.lease_id, accountId).catch((error: unknown) => {
      if (error instanceof AppError && error.code === 'NOT_FOUND')
        throw new AppError('NOT_FOUND', 'Échéance introuvable.');
      throw error;
    });
    if (lease.row.status !== 'active') throw new AppError('CONFLICT', 'Ce bail n’est pas en cours.');
    return { due, lease };
  }

  private checkedAmount(due: DueRow, wanted: number | undefined): number {
    if (due.status !== 'due') throw new AppError('CONFLICT', 'Cette échéance est déjà réglée.');
    const left = Number(due.amount_xof) - Number(due.paid_xof);
    const amount = wanted ?? left;
    if (!Number.isSafeInteger(amount) || amount <= 0)
      throw new AppError('VALIDATION_FAILED', 'Le montant doit être un entier positif en FCFA.');
    if (amount > left)
      throw new AppError('VALIDATION_FAILED', `Ce montant dépasse le reste dû pour ce mois (${String(left)} FCFA).`);
    return amount;
  }

  private async receipt(
    row: LeaseRow,
    due: DueRow,
    id: string,
    amountXof: number,
    method: RentMethod,
    paidAt: Date,
  ): Promise<Buffer> {
    return rentReceiptPdf(factsOf(row), {
      id,
      period: due.period,
      amountXof,
      dueXof: Number(due.amount_xof),
      paidXofAfter: Number(due.paid_xof) + amountXof,
      method,
      paidAt,
    });
  }

  /** The payment's rows, under the due's lock: a payment racing this one makes it fail rather than overpay. */
  private async apply(
    client: pg.PoolClient,
    p: {
      paymentId: string;
      due: DueRow;
      row: LeaseRow;
      amount: number;
      method: RentMethod;
      ledgerOperationId: string | null;
      recordedBy: string;
      idempotencyKey: string;
      paidAt: Date;
      receipt: Buffer;
      detail: Record<string, unknown>;
    },
  ): Promise<void> {
    const { rows } = await client.query<{ paid_xof: string; status: string }>(
      'SELECT paid_xof, status FROM real_estate_rent_dues WHERE id = $1 FOR UPDATE',
      [p.due.id],
    );
    if (rows[0]?.status !== 'due' || rows[0].paid_xof !== p.due.paid_xof)
      throw new AppError('CONFLICT', 'Cette échéance vient de changer : rechargez la page et réessayez.');
    const paidAfter = Number(p.due.paid_xof) + p.amount;
    const full = paidAfter === Number(p.due.amount_xof);
    await client.query(
      `UPDATE real_estate_rent_dues SET paid_xof = $2, status = CASE WHEN $3 THEN 'paid' ELSE status END,
         paid_at = CASE WHEN $3 THEN $4::timestamptz ELSE paid_at END WHERE id = $1`,
      [p.due.id, paidAfter, full, p.paidAt],
    );
    const receiptId = await insertDocument(
      client,
      p.row.id,
      'receipt',
      `quittance-${p.due.period}-${p.paymentId.slice(0, 8)}.pdf`,
      p.receipt,
      p.paidAt,
    );
    await client.query(
      `INSERT INTO real_estate_rent_payments (id, due_id, lease_id, amount_xof, method, ledger_operation_id, recorded_by,
         receipt_document_id, idempotency_key, paid_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [
        p.paymentId,
        p.due.id,
        p.row.id,
        p.amount,
        p.method,
        p.ledgerOperationId,
        p.recordedBy,
        receiptId,
        p.idempotencyKey,
        p.paidAt,
      ],
    );
    const actor = `account:${p.recordedBy}`;
    const file = await recordDebtSourcePayment(client, {
      source: 'lease_rent',
      sourceRef: p.due.id,
      amountXof: p.amount,
      actor,
      detail: { paymentId: p.paymentId, method: p.method },
    });
    await appendAudit(client, {
      actor: { accountId: p.recordedBy, label: actor },
      action: 'real_estate.rent_paid',
      subject: { type: 'real_estate_rent_due', id: p.due.id },
      place: 'cloud',
      detail: {
        ...p.detail,
        paymentId: p.paymentId,
        leaseId: p.row.id,
        amountXof: p.amount,
        method: p.method,
        duePaid: full,
        debtFileId: file?.fileId ?? null,
      },
    });
    await this.leases.notify(client, {
      key: `re-rent-paid:${p.paymentId}`,
      type: 'real_estate.rent_paid',
      recipientId: p.row.landlord_id,
      data: {
        otherName: clip(p.row.tenant_name, 120),
        title: clip(p.row.title, 120),
        amountXof: p.amount,
        period: p.due.period,
        link: this.leases.link(p.row.id),
      },
    });
  }

  private async byKey(accountId: string, key: string): Promise<{ payment: RentPayment; lease: LeaseView } | undefined> {
    const { rows } = await this.db.pool.query<{ id: string; lease_id: string }>(
      'SELECT id, lease_id FROM real_estate_rent_payments WHERE recorded_by = $1 AND idempotency_key = $2',
      [accountId, key],
    );
    const found = rows[0];
    if (found === undefined) return undefined;
    return {
      payment: await paymentById(this.db.pool, found.id),
      lease: await viewOf(this.db.pool, await leaseRow(this.db.pool, found.lease_id), this.leases.now()),
    };
  }
}

const wholeSeconds = (at: Date): Date => new Date(Math.floor(at.getTime() / 1000) * 1000);

async function countryOf(db: Database, accountId: string): Promise<string> {
  const { rows } = await db.pool.query<{ country: string }>('SELECT country FROM accounts WHERE id = $1', [accountId]);
  return rows[0]?.country ?? 'CI';
}

async function paymentById(q: Pick<pg.Pool, 'query'>, id: string): Promise<RentPayment> {
  const { rows } = await q.query<{
    id: string;
    due_id: string;
    lease_id: string;
    amount_xof: string;
    method: RentMethod;
    receipt_document_id: string | null;
    paid_at: Date;
  }>(
    'SELECT id, due_id, lease_id, amount_xof, method, receipt_document_id, paid_at FROM real_estate_rent_payments WHERE id = $1',
    [id],
  );
  const r = rows[0];
  if (r === undefined) throw new AppError('NOT_FOUND', 'Paiement introuvable.');
  return {
    id: r.id,
    dueId: r.due_id,
    leaseId: r.lease_id,
    amountXof: Number(r.amount_xof),
    method: r.method,
    receiptDocumentId: r.receipt_document_id,
    paidAt: r.paid_at.toISOString(),
  };
}
