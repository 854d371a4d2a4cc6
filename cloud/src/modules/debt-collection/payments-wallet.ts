/**
 * Paying a debt file (issue 26, part C1): the debtor pays from the wallet (one ledger `pay` to the creditor, module
 * `debt_collection`: its 5 % commission and that commission's VAT are the ledger's, the payment row and the file's new
 * balance are written in the ledger operation's own transaction), or the creditor records money received outside
 * ISMAIL (cash, mobile money, bank: no money moves). The amount owed, the payee and the file come from the database,
 * never from the request. A debtor's key pays once; a creditor's reference records once. The creditor is notified of
 * each payment, and of the file closing.
 */
import { createHash } from 'node:crypto';
import type pg from 'pg';
import { AppError, xofToCentiCredits } from '@ismail/shared';
import { appendAudit } from '../../platform/audit/audit-log.js';
import type { Database } from '../../platform/db/database.js';
import { withTransaction } from '../../platform/db/transaction.js';
import type { NotificationService } from '../notifications/service.js';
import { idempotencyKeyPattern, type WalletOperations } from '../wallet/operations.js';
import { creditRateAt } from '../wallet/rates.js';
import { fileSelect, fileView, type DebtFileView, type FileRow } from './file-view.js';
import { applyFilePayment, paymentsWhere, type AppliedPayment, type DebtPayment } from './payments-apply.js';

export interface PaymentAnswer {
  payment: DebtPayment;
  file: DebtFileView;
}

/** The creditor's page of a file in the portal (API.md §Portal). */
export const creditorFileLink = (publicUrl: string, fileId: string): string =>
  `${publicUrl.replace(/\/$/, '')}/recouvrement/dossiers/${fileId}`;

/** Tells the file's creditor (none for ISMAIL's own files) of a payment, and of the file closing; once per payment. */
export async function notifyFilePayment(
  client: pg.PoolClient,
  notifications: NotificationService,
  publicUrl: string,
  applied: AppliedPayment,
): Promise<void> {
  if (applied.creditorId === null) return;
  const { rows } = await client.query<{ name: string }>(
    'SELECT coalesce(first_name, display_name) AS name FROM accounts WHERE id = $1',
    [applied.creditorId],
  );
  const firstName = (rows[0]?.name ?? 'client').slice(0, 100);
  const link = creditorFileLink(publicUrl, applied.payment.fileId);
  const common = { firstName, debtorName: applied.debtorName, label: applied.label, link };
  await notifications.emit(
    {
      key: `debt-payment:${applied.payment.id}`,
      type: 'debt.payment_received',
      recipientId: applied.creditorId,
      data: { ...common, amountXof: applied.payment.amountXof, leftXof: applied.payment.leftXof },
    },
    client,
  );
  if (applied.closed)
    await notifications.emit(
      {
        key: `debt-file-paid:${applied.payment.fileId}`,
        type: 'debt.file_paid',
        recipientId: applied.creditorId,
        data: common,
      },
      client,
    );
}

export class DebtPaymentFlows {
  constructor(
    private readonly db: Database,
    private readonly ops: WalletOperations,
    private readonly notifications: NotificationService,
    private readonly publicUrl: string,
    readonly now: () => Date,
  ) {}

  /** The file as `viewerId` may read it (creditor or debtor), else 404. */
  async fileFor(fileId: string, viewerId: string): Promise<{ row: FileRow; view: DebtFileView }> {
    const { rows } = await this.db.pool.query<FileRow>(
      `${fileSelect} WHERE f.id = $1 AND (f.creditor_id = $2 OR f.debtor_id = $2)`,
      [fileId, viewerId],
    );
    const row = rows[0];
    if (row === undefined) throw new AppError('NOT_FOUND', 'Dossier introuvable.');
    return { row, view: fileView(row, row.creditor_id === viewerId) };
  }

  async payments(fileId: string, viewerId: string): Promise<{ payments: DebtPayment[] }> {
    await this.fileFor(fileId, viewerId);
    return { payments: await paymentsWhere(this.db.pool, 'file_id = $1', [fileId]) };
  }

  /** The debtor pays `amountXof` (at most what is left) of its file from the wallet; the same key pays once. */
  async pay(debtorId: string, fileId: string, amountXof: number, idempotencyKey: string): Promise<PaymentAnswer> {
    if (!idempotencyKeyPattern.test(idempotencyKey))
      throw new AppError(
        'VALIDATION_FAILED',
        'La clé d’idempotence fait 1 à 128 caractères (lettres, chiffres, _ . : -).',
      );
    const replay = await this.byKey(debtorId, fileId, idempotencyKey);
    if (replay !== undefined) return replay;
    const { row } = await this.fileFor(fileId, debtorId);
    // Only the debtor's own account pays; to its creditor (the file's creditor) this is another's file.
    if (row.debtor_id !== debtorId) throw new AppError('NOT_FOUND', 'Dossier introuvable.');
    const creditorId = row.creditor_id;
    if (creditorId === null)
      throw new AppError(
        'CONFLICT',
        'Ce dossier est une avance d’ISMAIL : il se règle automatiquement dès que votre portefeuille est approvisionné.',
      );
    if (row.source === 'lease_rent')
      throw new AppError('CONFLICT', 'Ce dossier est un loyer : réglez-le depuis votre bail (Immobilier › Mes baux).');
    if (row.status === 'paid' || row.status === 'written_off')
      throw new AppError('CONFLICT', 'Ce dossier est clos : il n’y a plus rien à payer.');
    const left = Number(row.principal_xof) + Number(row.fees_xof) - Number(row.paid_xof);
    if (amountXof > left)
      throw new AppError('CONFLICT', `Ce montant dépasse le reste dû sur ce dossier (${String(left)} FCFA).`);
    const now = this.now();
    const centi = await this.centiCredits(creditorId, amountXof, now);
    // The ledger's key: the client's key hashed, under a prefix of its own (the wallet routes share the scope).
    const ledgerKey = `debt-pay:${createHash('sha256').update(idempotencyKey).digest('hex').slice(0, 48)}`;
    const actor = `account:${debtorId}`;
    const outcome = await this.ops
      .pay(
        { actor: { accountId: debtorId, label: actor }, scope: debtorId, idempotencyKey: ledgerKey },
        { payerId: debtorId, payeeId: creditorId, module: 'debt_collection', amountCentiCredits: centi },
        async (client, result) => {
          const applied = await applyFilePayment(client, {
            fileId,
            amountXof,
            method: 'wallet',
            reference: null,
            operationId: result.operationId,
            payerId: debtorId,
            idempotencyKey,
            actor,
            now,
          });
          await appendAudit(client, {
            actor: { accountId: debtorId, label: actor },
            action: 'debt_collection.paid_from_wallet',
            subject: { type: 'collection_file', id: fileId },
            place: 'cloud',
            detail: {
              paymentId: applied.payment.id,
              amountXof,
              centiCredits: centi,
              operationId: result.operationId,
              leftXof: applied.payment.leftXof,
              closed: applied.closed,
            },
          });
          await notifyFilePayment(client, this.notifications, this.publicUrl, applied);
        },
      )
      .catch((error: unknown) => {
        // The ledger's refusal names accounts in centi-credits: the debtor reads it in French, in FCFA.
        if (error instanceof AppError && error.code === 'INSUFFICIENT_FUNDS')
          throw new AppError(
            'INSUFFICIENT_FUNDS',
            `Votre portefeuille n’a pas assez de crédits pour payer ${String(amountXof)} FCFA : rechargez-le puis réessayez.`,
          );
        throw error;
      });
    const paid = await this.byKey(debtorId, fileId, idempotencyKey);
    if (paid === undefined)
      throw new Error(`debt payment of operation ${outcome.result.operationId} not found after the ledger committed`);
    return paid;
  }

  /** The creditor records money received outside ISMAIL; the same reference records once. */
  async record(
    creditorId: string,
    fileId: string,
    input: { amountXof: number; method: 'cash' | 'mobile_money' | 'bank'; reference: string; paidOn: string },
    recordedBy: string,
  ): Promise<PaymentAnswer & { replayed: boolean }> {
    const reference = input.reference.trim();
    const replay = await this.byReference(creditorId, fileId, reference, input.amountXof);
    if (replay !== undefined) return { ...replay, replayed: true };
    const { row } = await this.fileFor(fileId, creditorId);
    if (row.creditor_id !== creditorId) throw new AppError('NOT_FOUND', 'Dossier introuvable.');
    const now = this.now();
    const today = now.toISOString().slice(0, 10);
    if (input.paidOn > today)
      throw new AppError('VALIDATION_FAILED', 'La date du paiement ne peut pas être dans le futur.');
    const actor = `account:${recordedBy}`;
    try {
      await withTransaction(this.db.pool, async (client) => {
        const applied = await applyFilePayment(client, {
          fileId,
          amountXof: input.amountXof,
          method: input.method,
          reference,
          actor,
          now,
          // Abidjan is UTC+0: the day received starts at 00:00Z.
          receivedAt: new Date(`${input.paidOn}T00:00:00Z`),
        });
        await appendAudit(client, {
          actor: { accountId: recordedBy, label: actor },
          action: 'debt_collection.payment_recorded',
          subject: { type: 'collection_file', id: fileId },
          place: 'cloud',
          detail: { paymentId: applied.payment.id, ...input, reference, leftXof: applied.payment.leftXof },
        });
        await notifyFilePayment(client, this.notifications, this.publicUrl, applied);
      });
    } catch (error) {
      // The same reference twice at once: the first one's payment is the answer.
      if ((error as { code?: string }).code !== '23505') throw error;
    }
    const done = await this.byReference(creditorId, fileId, reference, input.amountXof);
    if (done === undefined) throw new Error('recorded debt payment not found');
    return { ...done, replayed: false };
  }

  private async centiCredits(creditorId: string, amountXof: number, now: Date): Promise<number> {
    const { rows } = await this.db.pool.query<{ country: string }>('SELECT country FROM accounts WHERE id = $1', [
      creditorId,
    ]);
    const rate = await creditRateAt(this.db.pool, rows[0]?.country ?? 'CI', now);
    try {
      return xofToCentiCredits(amountXof, rate);
    } catch {
      throw new AppError(
        'VALIDATION_FAILED',
        `Ce montant ne se convertit pas en crédits entiers (1 crédit = ${String(rate.xofPerCredit)} FCFA).`,
      );
    }
  }

  private async byKey(payerId: string, fileId: string, key: string): Promise<PaymentAnswer | undefined> {
    const [payment] = await paymentsWhere(this.db.pool, 'payer_id = $1 AND idempotency_key = $2', [payerId, key]);
    if (payment === undefined) return undefined;
    if (payment.fileId !== fileId) throw new AppError('IDEMPOTENCY_KEY_REUSED');
    return { payment, file: (await this.fileFor(fileId, payerId)).view };
  }

  private async byReference(
    creditorId: string,
    fileId: string,
    reference: string,
    amountXof: number,
  ): Promise<PaymentAnswer | undefined> {
    const [payment] = await paymentsWhere(
      this.db.pool,
      "creditor_id = $1 AND reference = $2 AND method IN ('cash', 'mobile_money', 'bank')",
      [creditorId, reference],
    );
    if (payment === undefined) return undefined;
    if (payment.fileId !== fileId || payment.amountXof !== amountXof)
      throw new AppError('CONFLICT', `La référence « ${reference} » est déjà enregistrée pour un autre paiement.`);
    return { payment, file: (await this.fileFor(fileId, creditorId)).view };
  }
}
