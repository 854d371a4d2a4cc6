/**
 * Booking a provider's time (issue 24 items 3–5): accepting a quote, or booking a fixed-price offer directly. One
 * ledger operation holds the client's payment (a typed 'service' hold towards the provider) and, in the same
 * transaction, writes the appointment. The slot is re-checked on the server against the provider's rules; the
 * exclusion constraint on busy ranges settles concurrent bookings: of fifty clients racing for one slot, one inserts
 * and the forty-nine others roll back, money included, with a reason.
 */
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { AppError, busyRange, slotRefusal, xofToCentiCredits, type QuoteLine } from '@ismail/shared';
import type { Database } from '../../platform/db/database.js';
import { appendAudit } from '../../platform/audit/audit-log.js';
import { maxHoldSeconds, type WalletOperations } from '../wallet/operations.js';
import { creditRateAt } from '../wallet/rates.js';
import { appointmentFor, publicView } from './appointment-read.js';
import { busyRanges, scheduleOf } from './availability-store.js';
import type { Appointment } from './flow-rows.js';
import { appointmentPath, clip, localDateTime, type ServicesNotifier } from './notify.js';

const dayMs = 86_400_000;
export const slotTakenMessage = 'Ce créneau vient d’être pris. Choisissez-en un autre.';

interface Booking {
  readonly clientId: string;
  readonly providerId: string;
  readonly startsAt: Date;
  readonly durationMinutes: number;
  readonly title: string;
  readonly lines: readonly QuoteLine[];
  readonly amountXof: number;
  readonly idempotencyKey: string;
  readonly quoteId: string | null;
  readonly offerId: string | null;
  /** The request it answers; a direct booking writes its own (one conversation per appointment). */
  readonly request:
    { readonly id: string } | { readonly new: { category: string; description: string; commune: string } };
}

function isExclusion(error: unknown): boolean {
  return (error as { code?: string }).code === '23P01';
}

export class ServiceAppointments {
  constructor(
    private readonly db: Database,
    private readonly ops: WalletOperations,
    private readonly notifier: ServicesNotifier,
    private readonly now: () => Date,
  ) {}

  /** Accepts the live version of a quote: validity, version and slot re-checked, then booked and paid into escrow. */
  async acceptQuote(clientId: string, quoteId: string, version: number, idempotencyKey: string): Promise<Appointment> {
    const replay = await this.byKey(clientId, idempotencyKey);
    if (replay !== undefined) return replay;
    const { rows } = await this.db.pool.query<{
      request_id: string;
      provider_id: string;
      client_id: string;
      version: number;
      status: string;
      valid_until: Date;
      starts_at: Date;
      duration_minutes: number;
      lines: QuoteLine[];
      total_xof: string;
      description: string;
      request_status: string;
    }>(
      `SELECT q.request_id, q.provider_id, r.client_id, q.version, q.status, q.valid_until, q.starts_at, q.duration_minutes,
         q.lines, q.total_xof, r.description, r.status AS request_status
       FROM service_quotes q JOIN service_requests r ON r.id = q.request_id WHERE q.id = $1`,
      [quoteId],
    );
    const quote = rows[0];
    if (quote?.client_id !== clientId) throw new AppError('NOT_FOUND', 'Ce devis n’existe pas.');
    if (quote.version !== version || quote.status === 'superseded')
      throw new AppError(
        'CONFLICT',
        'Ce devis a été modifié par le prestataire : relisez la dernière version avant de l’accepter.',
      );
    if (quote.status !== 'sent' || quote.request_status !== 'open')
      throw new AppError('CONFLICT', 'Ce devis n’est plus disponible.');
    if (new Date(quote.valid_until).getTime() <= this.now().getTime())
      throw new AppError('CONFLICT', 'Ce devis a expiré : demandez au prestataire un nouveau devis.');
    return this.book({
      clientId,
      providerId: quote.provider_id,
      startsAt: new Date(quote.starts_at),
      durationMinutes: quote.duration_minutes,
      title: clip(quote.description, 200),
      lines: quote.lines,
      amountXof: Number(quote.total_xof),
      idempotencyKey,
      quoteId,
      offerId: null,
      request: { id: quote.request_id },
    });
  }

  /** Books a fixed-price offer on a free slot. */
  async bookOffer(
    clientId: string,
    input: { offerId: string; startsAt: string; description?: string | undefined; commune?: string | undefined },
    idempotencyKey: string,
  ): Promise<Appointment> {
    const replay = await this.byKey(clientId, idempotencyKey);
    if (replay !== undefined) return replay;
    const { rows } = await this.db.pool.query<{
      provider_id: string;
      category: string;
      title: string;
      pricing: string;
      price_xof: string | null;
      duration_minutes: number;
      tax_group: string;
      communes: string[];
    }>(
      `SELECT o.provider_id, o.category, o.title, o.pricing, o.price_xof, o.duration_minutes, o.tax_group, p.communes
       FROM service_offers o JOIN service_providers p ON p.account_id = o.provider_id WHERE o.id = $1 AND o.active AND p.active`,
      [input.offerId],
    );
    const offer = rows[0];
    if (offer === undefined) throw new AppError('NOT_FOUND', 'Cette prestation n’existe pas ou n’est plus proposée.');
    if (offer.pricing !== 'fixed' || offer.price_xof === null)
      throw new AppError('VALIDATION_FAILED', 'Cette prestation se fait sur devis : envoyez une demande.');
    if (offer.provider_id === clientId)
      throw new AppError('VALIDATION_FAILED', 'Vous ne pouvez pas réserver votre propre prestation.');
    const startsAt = new Date(input.startsAt);
    const priceXof = Number(offer.price_xof);
    return this.book({
      clientId,
      providerId: offer.provider_id,
      startsAt,
      durationMinutes: offer.duration_minutes,
      title: offer.title,
      lines: [{ label: offer.title, quantityMilli: 1000, unitPriceXof: priceXof, taxGroup: offer.tax_group }],
      amountXof: priceXof,
      idempotencyKey,
      quoteId: null,
      offerId: input.offerId,
      request: {
        new: {
          category: offer.category,
          description: clip(input.description ?? offer.title, 2000),
          commune: input.commune ?? offer.communes[0] ?? 'Plateau',
        },
      },
    });
  }

  private async byKey(clientId: string, key: string): Promise<Appointment | undefined> {
    const { rows } = await this.db.pool.query<{ id: string }>(
      'SELECT id FROM service_appointments WHERE client_id = $1 AND idempotency_key = $2',
      [clientId, key],
    );
    return rows[0] === undefined ? undefined : this.view(rows[0].id, clientId);
  }

  private async view(id: string, accountId: string): Promise<Appointment> {
    return publicView(await appointmentFor(this.db.pool, id, accountId));
  }

  private async book(b: Booking): Promise<Appointment> {
    if (Number.isNaN(b.startsAt.getTime()))
      throw new AppError('VALIDATION_FAILED', 'L’heure demandée n’est pas une date.');
    const now = this.now();
    const schedule = await scheduleOf(this.db.pool, b.providerId, now);
    const busy = await busyRanges(
      this.db.pool,
      b.providerId,
      new Date(b.startsAt.getTime() - dayMs),
      new Date(b.startsAt.getTime() + dayMs),
    );
    const refusal = slotRefusal(schedule, b.startsAt, b.durationMinutes, busy, now);
    if (refusal === slotTakenMessage) throw new AppError('CONFLICT', refusal);
    if (refusal !== null) throw new AppError('VALIDATION_FAILED', refusal);
    const { rows: countries } = await this.db.pool.query<{ country: string }>(
      'SELECT country FROM accounts WHERE id = $1',
      [b.providerId],
    );
    const rate = await creditRateAt(this.db.pool, countries[0]?.country ?? 'CI', now);
    const amountCenti = xofToCentiCredits(b.amountXof, rate);
    const endsAt = new Date(b.startsAt.getTime() + b.durationMinutes * 60_000);
    const range = busyRange(schedule, b.startsAt, b.durationMinutes);
    const id = randomUUID();
    try {
      await this.ops.hold(
        {
          actor: { accountId: b.clientId, label: `account:${b.clientId}` },
          scope: b.clientId,
          idempotencyKey: `services-book:${b.idempotencyKey}`,
        },
        {
          payerId: b.clientId,
          payeeId: b.providerId,
          module: 'services',
          amountCentiCredits: amountCenti,
          timeoutSeconds: maxHoldSeconds,
        },
        async (client, result) => {
          const holdId = result.transfers[0]?.id;
          if (holdId === undefined) throw new Error('hold without a transfer');
          const requestId = await this.requestFor(client, b, endsAt);
          await client.query(
            `INSERT INTO service_appointments (id, request_id, quote_id, offer_id, client_id, provider_id, starts_at, ends_at, busy,
               status, title, lines, amount_xof, amount_centi, hold_id, auto_release_days, idempotency_key)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, tstzrange($9, $10), 'booked', $11, $12, $13, $14, $15, $16, $17)`,
            [
              id,
              requestId,
              b.quoteId,
              b.offerId,
              b.clientId,
              b.providerId,
              b.startsAt,
              endsAt,
              range.start,
              range.end,
              b.title,
              JSON.stringify(b.lines),
              b.amountXof,
              amountCenti,
              holdId,
              schedule.autoReleaseDays,
              b.idempotencyKey,
            ],
          );
          await this.afterBooking(client, b, id, requestId, schedule.timeZone);
        },
        // Services' hold: only this module's flows (capture, cancellation, dispute) resolve it.
        'sale',
      );
    } catch (error) {
      if (isExclusion(error)) throw new AppError('CONFLICT', slotTakenMessage);
      if ((error as { code?: string }).code === '23505') {
        const replay = await this.byKey(b.clientId, b.idempotencyKey);
        if (replay !== undefined) return replay;
        throw new AppError('CONFLICT', 'Ce devis a déjà été accepté.');
      }
      throw error;
    }
    return (await this.byKey(b.clientId, b.idempotencyKey)) ?? this.view(id, b.clientId);
  }

  private async requestFor(client: pg.PoolClient, b: Booking, endsAt: Date): Promise<string> {
    if ('id' in b.request) {
      const updated = await client.query(
        "UPDATE service_requests SET status = 'booked' WHERE id = $1 AND status = 'open'",
        [b.request.id],
      );
      if (updated.rowCount !== 1) throw new AppError('CONFLICT', 'Cette demande est déjà réservée ou fermée.');
      return b.request.id;
    }
    const requestId = randomUUID();
    await client.query(
      `INSERT INTO service_requests (id, client_id, category, description, commune, wished_from, wished_to, status, direct, idempotency_key)
       VALUES ($1, $2, $3, $4, $5, $6, $7, 'booked', true, $8)`,
      [
        requestId,
        b.clientId,
        b.request.new.category,
        b.request.new.description,
        b.request.new.commune,
        b.startsAt,
        endsAt,
        `direct:${b.idempotencyKey}`.slice(0, 128),
      ],
    );
    await client.query(
      "INSERT INTO service_request_providers (request_id, provider_id, status) VALUES ($1, $2, 'booked')",
      [requestId, b.providerId],
    );
    return requestId;
  }

  private async afterBooking(
    client: pg.PoolClient,
    b: Booking,
    id: string,
    requestId: string,
    timeZone: string,
  ): Promise<void> {
    if (b.quoteId !== null) {
      await client.query("UPDATE service_quotes SET status = 'accepted' WHERE id = $1 AND status = 'sent'", [
        b.quoteId,
      ]);
      await client.query(
        "UPDATE service_quotes SET status = 'lost' WHERE request_id = $1 AND id <> $2 AND status = 'sent'",
        [requestId, b.quoteId],
      );
      await client.query(
        "UPDATE service_request_providers SET status = CASE WHEN provider_id = $2 THEN 'booked' ELSE 'lost' END WHERE request_id = $1",
        [requestId, b.providerId],
      );
    }
    await appendAudit(client, {
      actor: { accountId: b.clientId, label: `account:${b.clientId}` },
      action: 'services.appointment_booked',
      subject: { type: 'service_appointment', id },
      place: 'cloud',
      detail: {
        providerId: b.providerId,
        quoteId: b.quoteId,
        offerId: b.offerId,
        startsAt: b.startsAt.toISOString(),
        amountXof: b.amountXof,
      },
    });
    const { rows } = await client.query<{ client_name: string; provider_name: string }>(
      `SELECT coalesce(nullif(concat_ws(' ', c.first_name, left(c.last_name, 1) || '.'), ''), c.display_name) AS client_name,
         p.display_name AS provider_name
       FROM accounts c, service_providers p WHERE c.id = $1 AND p.account_id = $2`,
      [b.clientId, b.providerId],
    );
    const names = rows[0] ?? { client_name: 'Client', provider_name: 'Prestataire' };
    const startsAt = localDateTime(b.startsAt, timeZone);
    const link = `${this.notifier.publicUrl}${appointmentPath(id)}`;
    for (const [recipientId, otherName] of [
      [b.clientId, names.provider_name],
      [b.providerId, names.client_name],
    ] as const)
      await this.notifier.send(
        client,
        {
          key: `services-booked:${id}:${recipientId}`,
          type: 'services.appointment_booked',
          recipientId,
          data: { otherName: clip(otherName, 120), title: clip(b.title, 200), startsAt, link },
        },
        client,
      );
  }
}
