/**
 * Disputes (issue 24 item 8): either side opens one within `disputeWindowDays` of "done", before the payment was
 * released, which stops the auto-release (the status leaves 'done'). The other side answers within
 * `disputeAnswerDays`; an admin decides once both have spoken or the answer is late: release to the provider, or
 * refund the client in full or in part. A partial refund splits the hold exactly (shared splitHold): the kept share
 * is captured with its commissions and invoiced, the rest goes back to the client with the same operation.
 */
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { AppError, disputeAnswerDays, disputeWindowDays, splitHold, formatXof } from '@ismail/shared';
import type { Database } from '../../platform/db/database.js';
import { withTransaction } from '../../platform/db/transaction.js';
import { appendAudit } from '../../platform/audit/audit-log.js';
import type { WalletOperations } from '../wallet/operations.js';
import { appointmentById, appointmentFor } from './appointment-read.js';
import type { ServiceEscrow } from './escrow.js';
import { statusFr } from './escrow.js';
import { toDispute, type Dispute, type DisputeRow } from './flow-rows.js';
import { appointmentPath, clip, type ServicesNotifier } from './notify.js';

const dayMs = 86_400_000;
export const disputePageMax = 100;

export class ServiceDisputes {
  constructor(
    private readonly db: Database,
    private readonly ops: WalletOperations,
    private readonly escrow: ServiceEscrow,
    private readonly notifier: ServicesNotifier,
    private readonly now: () => Date,
  ) {}

  private async tell(
    client: pg.PoolClient,
    key: string,
    recipients: readonly string[],
    title: string,
    status: string,
    appointmentId: string,
  ): Promise<void> {
    for (const recipientId of recipients)
      await this.notifier.send(
        client,
        {
          key: `${key}:${recipientId}`,
          type: 'services.dispute_update',
          recipientId,
          data: {
            title: clip(title, 200),
            status: clip(status, 300),
            link: `${this.notifier.publicUrl}${appointmentPath(appointmentId)}`,
          },
        },
        client,
      );
  }

  async open(
    accountId: string,
    appointmentId: string,
    input: { reason: string; photoIds?: readonly string[] | undefined },
  ): Promise<Dispute> {
    const a = await appointmentFor(this.db.pool, appointmentId, accountId);
    if (a.dispute !== null) throw new AppError('CONFLICT', 'Un litige est déjà ouvert sur ce rendez-vous.');
    if (a.status !== 'done')
      throw new AppError(
        'CONFLICT',
        a.status === 'booked'
          ? 'Un litige s’ouvre une fois le travail marqué terminé. Avant, annulez ou signalez une absence.'
          : `Ce rendez-vous est ${statusFr[a.status]} : plus de litige possible.`,
      );
    const now = this.now();
    if (a.doneAt !== null && now.getTime() > new Date(a.doneAt).getTime() + disputeWindowDays * dayMs)
      throw new AppError(
        'CONFLICT',
        `Un litige s’ouvre dans les ${String(disputeWindowDays)} jours après la fin du travail.`,
      );
    const photoIds = [...new Set(input.photoIds ?? [])];
    if (photoIds.length > 5) throw new AppError('VALIDATION_FAILED', 'Au plus 5 photos.');
    if (photoIds.length > 0) {
      const owned = await this.db.pool.query(
        'SELECT 1 FROM service_photos WHERE id = ANY($1::uuid[]) AND owner_id = $2',
        [photoIds, accountId],
      );
      if (owned.rowCount !== photoIds.length)
        throw new AppError('VALIDATION_FAILED', 'Une des photos n’existe pas ou n’est pas à vous.');
    }
    const id = randomUUID();
    await withTransaction(this.db.pool, async (client) => {
      // The auto-release takes the same row with `WHERE status = 'done'`: whichever commits first wins, never both.
      const updated = await client.query(
        "UPDATE service_appointments SET status = 'disputed', updated_at = now() WHERE id = $1 AND status = 'done'",
        [appointmentId],
      );
      if (updated.rowCount !== 1)
        throw new AppError('CONFLICT', 'Le paiement vient d’être versé : plus de litige possible.');
      await client.query(
        `INSERT INTO service_disputes (id, appointment_id, opened_by, reason, evidence_photo_ids, answer_due_at)
         VALUES ($1, $2, $3, $4, $5, $6)`,
        [id, appointmentId, accountId, input.reason, photoIds, new Date(now.getTime() + disputeAnswerDays * dayMs)],
      );
      await appendAudit(client, {
        actor: { accountId, label: `account:${accountId}` },
        action: 'services.dispute_opened',
        subject: { type: 'service_appointment', id: appointmentId },
        place: 'cloud',
        detail: { disputeId: id, photos: photoIds.length },
      });
      const other = accountId === a.clientId ? a.providerId : a.clientId;
      await this.tell(
        client,
        `services-dispute-opened:${id}`,
        [other],
        a.title,
        `un litige est ouvert ; répondez sous ${String(disputeAnswerDays)} jours. Le paiement reste bloqué.`,
        appointmentId,
      );
    });
    return this.get(id);
  }

  async get(id: string): Promise<Dispute> {
    const { rows } = await this.db.pool.query<DisputeRow>('SELECT * FROM service_disputes WHERE id = $1', [id]);
    if (rows[0] === undefined) throw new AppError('NOT_FOUND', 'Ce litige n’existe pas.');
    return toDispute(rows[0]);
  }

  /** The other side's answer, once. */
  async answer(accountId: string, disputeId: string, answer: string): Promise<Dispute> {
    const dispute = await this.get(disputeId);
    const a = await appointmentFor(this.db.pool, dispute.appointmentId, accountId).catch(() => {
      throw new AppError('NOT_FOUND', 'Ce litige n’existe pas.');
    });
    if (dispute.openedBy === accountId) throw new AppError('FORBIDDEN', 'C’est à l’autre partie de répondre.');
    await withTransaction(this.db.pool, async (client) => {
      const updated = await client.query(
        "UPDATE service_disputes SET answer = $2, answered_at = $3 WHERE id = $1 AND answer IS NULL AND status = 'open'",
        [disputeId, answer, this.now()],
      );
      if (updated.rowCount !== 1) throw new AppError('CONFLICT', 'Ce litige a déjà une réponse ou est décidé.');
      await appendAudit(client, {
        actor: { accountId, label: `account:${accountId}` },
        action: 'services.dispute_answered',
        subject: { type: 'service_appointment', id: a.id },
        place: 'cloud',
        detail: { disputeId },
      });
      await this.tell(
        client,
        `services-dispute-answered:${disputeId}`,
        [dispute.openedBy],
        a.title,
        'l’autre partie a répondu ; un administrateur va décider.',
        a.id,
      );
    });
    return this.get(disputeId);
  }

  /** Disputes for the admin desk, open ones first by age. */
  async list(status: 'open' | 'decided'): Promise<
    (Dispute & {
      title: string;
      clientName: string;
      providerName: string;
      amountXof: number;
      openerRole: 'client' | 'provider';
    })[]
  > {
    const { rows } = await this.db.pool.query<
      DisputeRow & { title: string; client_name: string; provider_name: string; amount_xof: string; client_id: string }
    >(
      `SELECT d.*, a.title, c.display_name AS client_name, p.display_name AS provider_name, a.amount_xof, a.client_id
       FROM service_disputes d JOIN service_appointments a ON a.id = d.appointment_id
       JOIN accounts c ON c.id = a.client_id JOIN service_providers p ON p.account_id = a.provider_id
       WHERE d.status = $1 ORDER BY d.created_at ${status === 'open' ? 'ASC' : 'DESC'} LIMIT $2`,
      [status, disputePageMax],
    );
    return rows.map((r) => ({
      ...toDispute(r),
      title: r.title,
      clientName: r.client_name,
      providerName: r.provider_name,
      amountXof: Number(r.amount_xof),
      openerRole: r.opened_by === r.client_id ? ('client' as const) : ('provider' as const),
    }));
  }

  /** An admin's decision: release everything to the provider, or refund `refundBp` of it to the client. */
  async decide(
    adminId: string,
    disputeId: string,
    input: { outcome: 'release' | 'refund'; refundBp?: number | undefined; note: string },
  ): Promise<Dispute> {
    const dispute = await this.get(disputeId);
    if (dispute.status !== 'open') throw new AppError('CONFLICT', 'Ce litige est déjà décidé.');
    if (dispute.answer === null && this.now().getTime() < new Date(dispute.answerDueAt).getTime())
      throw new AppError(
        'CONFLICT',
        `L’autre partie a jusqu’au ${dispute.answerDueAt.slice(0, 10)} pour répondre : décidez après sa réponse ou ce délai.`,
      );
    const refundBp = input.outcome === 'release' ? 0 : (input.refundBp ?? 0);
    if (input.outcome === 'refund' && (!Number.isInteger(refundBp) || refundBp < 1 || refundBp > 10_000))
      throw new AppError('VALIDATION_FAILED', 'Le remboursement est compris entre 0,01 % et 100 %.');
    const a = await appointmentById(this.db.pool, dispute.appointmentId);
    const actor = { accountId: adminId, label: `account:${adminId}` };
    const split = splitHold(a.amountXof, a.amountCentiCredits, refundBp);
    const record = async (client: pg.PoolClient): Promise<void> => {
      const decided = await client.query(
        `UPDATE service_disputes SET status = 'decided', outcome = $2, refund_bp = $3, decision_note = $4, decided_by = $5, decided_at = $6
         WHERE id = $1 AND status = 'open'`,
        [disputeId, input.outcome, input.outcome === 'refund' ? refundBp : null, input.note, adminId, this.now()],
      );
      if (decided.rowCount !== 1) throw new AppError('CONFLICT', 'Ce litige vient d’être décidé.');
      await appendAudit(client, {
        actor,
        action: 'services.dispute_decided',
        subject: { type: 'service_appointment', id: a.id },
        place: 'cloud',
        detail: { disputeId, outcome: input.outcome, refundBp, refundXof: split.refundXof, keptXof: split.keptXof },
      });
      const status =
        input.outcome === 'release'
          ? `décision : paiement versé au prestataire (${formatXof(split.keptXof)}).`
          : `décision : ${formatXof(split.refundXof)} remboursés au client, ${formatXof(split.keptXof)} versés au prestataire.`;
      await this.tell(
        client,
        `services-dispute-decided:${disputeId}`,
        [a.clientId, a.providerId],
        a.title,
        status,
        a.id,
      );
    };
    if (split.keptCentiCredits === 0) {
      await this.ops.releaseSaleHold(
        { actor, scope: 'system', idempotencyKey: `services-dispute:${a.id}` },
        { holdId: a.holdId, module: 'services' },
        async (client) => {
          const updated = await client.query(
            `UPDATE service_appointments SET status = 'cancelled', released_by = 'dispute', completed_at = $2,
               refunded_centi = amount_centi, refunded_xof = amount_xof, captured_centi = 0, captured_xof = 0, updated_at = now()
             WHERE id = $1 AND status = 'disputed'`,
            [a.id, this.now()],
          );
          if (updated.rowCount !== 1) throw new AppError('CONFLICT', 'Ce rendez-vous a changé entre-temps.');
          await record(client);
        },
      );
    } else {
      await this.escrow.capture(a, 'dispute', actor, {
        keptRefundBp: refundBp,
        from: ['disputed'],
        to: 'completed',
        onCaptured: record,
      });
    }
    return this.get(disputeId);
  }
}
