/**
 * The client's payment in escrow (issue 24 item 5): the provider marks the work done; the client confirms (or, N
 * days later, the auto-release does) and the hold is captured with the platform's 7 % commission, its VAT and the
 * sales commissions, and the provider's invoice to the client is issued, all in one ledger operation. One key per
 * appointment (`services-capture:<id>`) makes the capture happen once whoever asks first; the status change in the
 * same transaction (`WHERE status = 'done'`) makes a dispute opened meanwhile win over the auto-release.
 *
 * Cancellation: by the provider, everything back to the client; by the client, by notice (shared
 * serviceCancellationPolicy): what is kept is captured like a sale and invoiced, the rest goes back with the void.
 */
import type pg from 'pg';
import {
  AppError,
  noticeHoursUntil,
  refundFor,
  releaseAfter,
  serviceCancellationPolicy,
  servicePurchaseTariffCredits,
  splitHold,
} from '@ismail/shared';
import type { FastifyBaseLogger } from 'fastify';
import type { Database } from '../../platform/db/database.js';
import { appendAudit } from '../../platform/audit/audit-log.js';
import { withTransaction } from '../../platform/db/transaction.js';
import type { WalletOperations, WriteContext } from '../wallet/operations.js';
import { issueSaleInvoice } from '../shop/sale-invoice.js';
import { appointmentById, appointmentFor } from './appointment-read.js';
import type { Appointment, AppointmentMoney } from './flow-rows.js';
import { appointmentPath, clip, localDateTime, type ServicesNotifier } from './notify.js';

type Full = Appointment & AppointmentMoney;
export type ReleasedBy = 'client' | 'auto' | 'dispute' | 'cancellation';

export class ServiceEscrow {
  constructor(
    private readonly db: Database,
    private readonly ops: WalletOperations,
    private readonly notifier: ServicesNotifier,
    private readonly now: () => Date,
    private readonly log?: FastifyBaseLogger,
  ) {}

  private link(id: string): string {
    return `${this.notifier.publicUrl}${appointmentPath(id)}`;
  }

  /** The provider says the work is done: the auto-release clock starts. */
  async markDone(providerId: string, id: string): Promise<void> {
    const a = await appointmentFor(this.db.pool, id, providerId);
    if (a.providerId !== providerId) throw new AppError('FORBIDDEN', 'Seul le prestataire marque le travail terminé.');
    if (a.status === 'done') return;
    if (a.status !== 'booked') throw new AppError('CONFLICT', `Ce rendez-vous est ${statusFr[a.status]}.`);
    const now = this.now();
    if (now.getTime() < new Date(a.startsAt).getTime())
      throw new AppError('CONFLICT', 'Le travail ne peut pas être terminé avant l’heure du rendez-vous.');
    const release = releaseAfter(now, a.autoReleaseDays);
    await withTransaction(this.db.pool, async (client) => {
      const updated = await client.query(
        "UPDATE service_appointments SET status = 'done', done_at = $2, release_after = $3, updated_at = now() WHERE id = $1 AND status = 'booked'",
        [id, now, release],
      );
      if (updated.rowCount !== 1) return;
      await appendAudit(client, {
        actor: { accountId: providerId, label: `account:${providerId}` },
        action: 'services.work_done',
        subject: { type: 'service_appointment', id },
        place: 'cloud',
        detail: { releaseAfter: release.toISOString() },
      });
      await this.notifier.send(
        client,
        {
          key: `services-done:${id}`,
          type: 'services.work_done',
          recipientId: a.clientId,
          data: {
            otherName: clip(a.providerName, 120),
            title: clip(a.title, 200),
            releaseOn: localDateTime(release),
            link: this.link(id),
          },
        },
        client,
      );
    });
  }

  /** The client confirms the work: the payment goes to the provider now. */
  async confirm(clientId: string, id: string): Promise<void> {
    const a = await appointmentFor(this.db.pool, id, clientId);
    if (a.clientId !== clientId) throw new AppError('FORBIDDEN', 'Seul le client confirme le travail.');
    if (a.status === 'completed') return;
    if (a.status !== 'done') {
      if (a.status === 'booked')
        throw new AppError('CONFLICT', 'Le prestataire n’a pas encore marqué le travail terminé.');
      throw new AppError('CONFLICT', `Ce rendez-vous est ${statusFr[a.status]}.`);
    }
    await this.capture(a, 'client', { accountId: clientId, label: `account:${clientId}` });
  }

  /** Releases payments whose time came (status done, release_after passed); never while a dispute is open. */
  async autoRelease(limit = 100): Promise<number> {
    const { rows } = await this.db.pool.query<{ id: string }>(
      "SELECT id FROM service_appointments WHERE status = 'done' AND release_after <= $1 ORDER BY release_after LIMIT $2",
      [this.now(), limit],
    );
    let released = 0;
    for (const row of rows) {
      try {
        await this.capture(await appointmentById(this.db.pool, row.id), 'auto', { label: 'system:services-release' });
        released++;
      } catch (error) {
        // A dispute or a confirmation got there first: nothing to release.
        if (!(error instanceof AppError) || error.code !== 'CONFLICT') throw error;
      }
    }
    return released;
  }

  /**
   * Captures the hold for the provider: in full, or `keptBp` of it (a dispute's partial refund, a late cancellation),
   * the rest going back to the client with the capture. `from` is the status the capture must find.
   */
  async capture(
    a: Full,
    by: ReleasedBy,
    actor: WriteContext['actor'],
    options: {
      keptRefundBp?: number;
      from?: Appointment['status'][];
      to?: Appointment['status'];
      label?: string;
      /** More writes in the capture's transaction (a dispute's decision). */
      onCaptured?: (client: pg.PoolClient) => Promise<void>;
    } = {},
  ): Promise<void> {
    const refundBp = options.keptRefundBp ?? 0;
    const split = splitHold(a.amountXof, a.amountCentiCredits, refundBp);
    const from = options.from ?? ['done'];
    const to = options.to ?? 'completed';
    if (split.keptCentiCredits === 0) throw new Error('nothing to capture: release the hold instead');
    const now = this.now();
    await this.ops.settleSale(
      { actor, scope: 'system', idempotencyKey: `services-capture:${a.id}` },
      { holdId: a.holdId, partnerId: a.providerId, module: 'services', amountCentiCredits: split.keptCentiCredits },
      async (client) => {
        const updated = await client.query(
          `UPDATE service_appointments SET status = $3, completed_at = $4, captured_centi = $5, refunded_centi = $6,
             captured_xof = $7, refunded_xof = $8, released_by = $9, updated_at = now()
           WHERE id = $1 AND status = ANY($2::text[])`,
          [a.id, from, to, now, split.keptCentiCredits, split.refundCentiCredits, split.keptXof, split.refundXof, by],
        );
        if (updated.rowCount !== 1) throw new AppError('CONFLICT', 'Ce rendez-vous a changé entre-temps.');
        const lines =
          refundBp === 0
            ? a.lines
            : [
                {
                  label: clip(
                    `${options.label ?? a.title} (part retenue : ${String((10_000 - refundBp) / 100)} %)`,
                    300,
                  ),
                  quantityMilli: 1000,
                  unitPriceXof: split.keptXof,
                  taxGroup: a.lines[0]?.taxGroup ?? 'CI-TVA-18',
                },
              ];
        const invoice = await issueSaleInvoice(client, {
          partnerId: a.providerId,
          buyerId: a.clientId,
          source: 'service',
          sourceRef: a.id,
          lines,
        });
        await client.query('UPDATE service_appointments SET invoice_id = $2 WHERE id = $1', [a.id, invoice.id]);
        await appendAudit(client, {
          actor,
          action: 'services.payment_released',
          subject: { type: 'service_appointment', id: a.id },
          place: 'cloud',
          detail: { by, capturedXof: split.keptXof, refundedXof: split.refundXof, invoiceId: invoice.id },
        });
        await this.notifier.send(
          client,
          {
            key: `services-released:${a.id}`,
            type: 'services.payment_released',
            recipientId: a.providerId,
            data: { title: clip(a.title, 200), amountXof: split.keptXof, link: this.link(a.id) },
          },
          client,
        );
        await options.onCaptured?.(client);
      },
    );
    await this.chargeTariff(a.providerId, a.id, split.keptXof);
  }

  /** The service-purchase tariff (SPEC 3.5, 5 to 50 credits by amount), charged to the provider once per job. */
  private async chargeTariff(providerId: string, id: string, keptXof: number): Promise<void> {
    try {
      await this.ops.consume(
        { actor: { label: 'system:services-tariff' }, scope: 'system', idempotencyKey: `services-tariff:${id}` },
        {
          accountId: providerId,
          tariffCode: 'service_purchase',
          units: 1,
          unitPriceCredits: servicePurchaseTariffCredits(keptXof),
        },
      );
    } catch (error) {
      // The payment is released whatever happens here; an unpaid tariff is logged for the operators.
      this.log?.warn({ appointmentId: id, err: error }, 'service purchase tariff not charged');
    }
  }

  /**
   * Cancels a booked appointment. The provider's cancellation gives everything back; the client's gives back by
   * notice, and what is kept is captured and invoiced as a cancellation fee.
   */
  async cancel(accountId: string, id: string): Promise<Appointment> {
    const a = await appointmentFor(this.db.pool, id, accountId);
    if (a.status === 'cancelled') return a;
    if (a.status !== 'booked')
      throw new AppError('CONFLICT', `Ce rendez-vous est ${statusFr[a.status]} : il ne peut plus être annulé.`);
    const byProvider = a.providerId === accountId;
    const actor = { accountId, label: `account:${accountId}` };
    const refundBp = byProvider
      ? 10_000
      : refundFor(10_000, noticeHoursUntil(new Date(a.startsAt), this.now()), serviceCancellationPolicy).refundBp;
    const by = byProvider ? 'provider' : 'client';
    if (refundBp === 10_000) {
      await this.ops.releaseSaleHold(
        { actor, scope: 'system', idempotencyKey: `services-cancel:${id}` },
        { holdId: a.holdId, module: 'services' },
        async (client) => {
          const updated = await client.query(
            `UPDATE service_appointments SET status = 'cancelled', cancelled_by = $2, released_by = 'cancellation',
               refunded_centi = amount_centi, refunded_xof = amount_xof, captured_centi = 0, captured_xof = 0, updated_at = now()
             WHERE id = $1 AND status = 'booked'`,
            [id, by],
          );
          if (updated.rowCount !== 1) throw new AppError('CONFLICT', 'Ce rendez-vous a changé entre-temps.');
          await this.afterCancel(client, a, accountId, by, a.amountXof);
        },
      );
    } else {
      const split = splitHold(a.amountXof, a.amountCentiCredits, refundBp);
      await this.capture(a, 'cancellation', actor, {
        keptRefundBp: refundBp,
        from: ['booked'],
        to: 'cancelled',
        label: `Frais d’annulation : ${a.title}`,
        onCaptured: async (client) => {
          await client.query('UPDATE service_appointments SET cancelled_by = $2 WHERE id = $1', [id, by]);
          await this.afterCancel(client, a, accountId, by, split.refundXof);
        },
      });
    }
    return appointmentFor(this.db.pool, id, accountId);
  }

  private async afterCancel(
    client: pg.PoolClient,
    a: Full,
    accountId: string,
    by: 'client' | 'provider',
    refundXof: number,
  ): Promise<void> {
    await appendAudit(client, {
      actor: { accountId, label: `account:${accountId}` },
      action: 'services.appointment_cancelled',
      subject: { type: 'service_appointment', id: a.id },
      place: 'cloud',
      detail: { by, refundXof },
    });
    await this.notifier.send(
      client,
      {
        key: `services-cancelled:${a.id}`,
        type: 'services.appointment_cancelled',
        recipientId: by === 'provider' ? a.clientId : a.providerId,
        data: { title: clip(a.title, 200), refundXof, link: this.link(a.id) },
      },
      client,
    );
  }

  /**
   * A no-show, reported by the side that waited, after the start: a provider who did not come gives everything back;
   * a client who was not there pays as a cancellation without notice.
   */
  async noShow(accountId: string, id: string, who: 'client' | 'provider'): Promise<Appointment> {
    const a = await appointmentFor(this.db.pool, id, accountId);
    const reporter = who === 'client' ? a.providerId : a.clientId;
    if (accountId !== reporter) throw new AppError('FORBIDDEN', 'Seule la personne qui a attendu signale une absence.');
    if (a.status === 'no_show') return a;
    if (a.status !== 'booked') throw new AppError('CONFLICT', `Ce rendez-vous est ${statusFr[a.status]}.`);
    if (this.now().getTime() < new Date(a.startsAt).getTime())
      throw new AppError('CONFLICT', 'Une absence se signale après l’heure du rendez-vous.');
    const actor = { accountId, label: `account:${accountId}` };
    if (who === 'provider') {
      await this.ops.releaseSaleHold(
        { actor, scope: 'system', idempotencyKey: `services-no-show:${id}` },
        { holdId: a.holdId, module: 'services' },
        async (client) => {
          const updated = await client.query(
            `UPDATE service_appointments SET status = 'no_show', no_show = 'provider', released_by = 'cancellation',
               refunded_centi = amount_centi, refunded_xof = amount_xof, captured_centi = 0, captured_xof = 0, updated_at = now()
             WHERE id = $1 AND status = 'booked'`,
            [id],
          );
          if (updated.rowCount !== 1) throw new AppError('CONFLICT', 'Ce rendez-vous a changé entre-temps.');
          await appendAudit(client, {
            actor,
            action: 'services.no_show',
            subject: { type: 'service_appointment', id },
            place: 'cloud',
            detail: { who },
          });
        },
      );
    } else {
      const refundBp = refundFor(10_000, 0, serviceCancellationPolicy).refundBp;
      await this.capture(a, 'cancellation', actor, {
        keptRefundBp: refundBp,
        from: ['booked'],
        to: 'no_show',
        label: `Absence au rendez-vous : ${a.title}`,
        onCaptured: async (client) => {
          await client.query("UPDATE service_appointments SET no_show = 'client' WHERE id = $1", [id]);
        },
      });
    }
    return appointmentFor(this.db.pool, id, accountId);
  }
}

export const statusFr: Readonly<Record<Appointment['status'], string>> = {
  booked: 'réservé',
  done: 'marqué terminé',
  disputed: 'en litige',
  completed: 'terminé et payé',
  cancelled: 'annulé',
  no_show: 'clos pour absence',
};
