/**
 * Quote requests and quotes (issue 24 item 4). A client asks one to five providers of the category; each provider
 * answers with versioned quotes (lines, VAT included, a slot that follows its own rules, a validity). Only the
 * latest version is live; accepting it is appointments.ts's job.
 */
import { randomUUID } from 'node:crypto';
import {
  AppError,
  placeOf,
  quoteTotals,
  quoteValidityDaysDefault,
  quoteValidityDaysMax,
  requestProvidersMax,
  slotRefusal,
  type QuoteLine,
} from '@ismail/shared';
import type { Database } from '../../platform/db/database.js';
import { withTransaction } from '../../platform/db/transaction.js';
import { appendAudit } from '../../platform/audit/audit-log.js';
import { busyRanges, scheduleOf } from './availability-store.js';
import { recordProviderAnswer } from './messages.js';
import {
  quoteColumns,
  requestColumns,
  toQuote,
  toRequest,
  type Quote,
  type QuoteRow,
  type RequestRow,
  type ServiceRequest,
} from './flow-rows.js';
import { clip, localDateTime, providerRequestPath, requestPath, type ServicesNotifier } from './notify.js';

export interface RequestInput {
  readonly providerIds: readonly string[];
  readonly category: string;
  readonly description: string;
  readonly commune: string;
  readonly addressHint?: string | undefined;
  readonly wishedFrom: string;
  readonly wishedTo: string;
  readonly photoIds?: readonly string[] | undefined;
}

export interface QuoteInput {
  readonly lines: readonly QuoteLine[];
  readonly startsAt: string;
  readonly durationMinutes: number;
  readonly validDays?: number | undefined;
  readonly note?: string | undefined;
}

export const requestPageMax = 50;
const dayMs = 86_400_000;

function instant(text: string, what: string): Date {
  const at = new Date(text);
  if (Number.isNaN(at.getTime())) throw new AppError('VALIDATION_FAILED', `${what} n’est pas une date.`);
  return at;
}

export class ServiceRequests {
  constructor(
    private readonly db: Database,
    private readonly notifier: ServicesNotifier,
    private readonly now: () => Date,
  ) {}

  async create(clientId: string, input: RequestInput, idempotencyKey: string): Promise<ServiceRequest> {
    const replay = await this.byKey(clientId, idempotencyKey);
    if (replay !== undefined) return replay;
    const providerIds = [...new Set(input.providerIds)];
    if (providerIds.length === 0 || providerIds.length > requestProvidersMax)
      throw new AppError('VALIDATION_FAILED', `Une demande va à 1 à ${String(requestProvidersMax)} prestataires.`);
    if (providerIds.includes(clientId))
      throw new AppError('VALIDATION_FAILED', 'Vous ne pouvez pas vous adresser une demande.');
    const place = placeOf(input.commune);
    if (place === undefined) throw new AppError('VALIDATION_FAILED', `Commune inconnue : ${input.commune}.`);
    const wishedFrom = instant(input.wishedFrom, 'Le début souhaité');
    const wishedTo = instant(input.wishedTo, 'La fin souhaitée');
    const now = this.now();
    if (wishedTo <= wishedFrom || wishedTo <= now)
      throw new AppError('VALIDATION_FAILED', 'La période souhaitée doit finir après son début, dans le futur.');
    if (wishedFrom.getTime() > now.getTime() + 60 * dayMs)
      throw new AppError('VALIDATION_FAILED', 'La période souhaitée commence dans les 60 jours.');
    const { rows: providers } = await this.db.pool.query<{ account_id: string; display_name: string }>(
      'SELECT account_id, display_name FROM service_providers WHERE account_id = ANY($1::uuid[]) AND active AND $2 = ANY(categories)',
      [providerIds, input.category],
    );
    if (providers.length !== providerIds.length)
      throw new AppError(
        'VALIDATION_FAILED',
        'Un des prestataires choisis n’existe pas, ne reçoit plus de demandes ou ne propose pas cette catégorie.',
      );
    const photoIds = [...new Set(input.photoIds ?? [])];
    if (photoIds.length > 0) {
      const owned = await this.db.pool.query(
        "SELECT 1 FROM service_photos WHERE id = ANY($1::uuid[]) AND owner_id = $2 AND kind = 'request'",
        [photoIds, clientId],
      );
      if (owned.rowCount !== photoIds.length)
        throw new AppError('VALIDATION_FAILED', 'Une des photos n’existe pas ou n’est pas à vous.');
    }
    const id = randomUUID();
    const created = await withTransaction(this.db.pool, async (client) => {
      const inserted = await client.query(
        `INSERT INTO service_requests (id, client_id, category, description, commune, address_hint, wished_from, wished_to, photo_ids, idempotency_key)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (client_id, idempotency_key) DO NOTHING`,
        [
          id,
          clientId,
          input.category,
          input.description,
          place.commune,
          input.addressHint ?? '',
          wishedFrom,
          wishedTo,
          photoIds,
          idempotencyKey,
        ],
      );
      if (inserted.rowCount === 0) return false;
      await client.query(
        'INSERT INTO service_request_providers (request_id, provider_id) SELECT $1, unnest($2::uuid[])',
        [id, providerIds],
      );
      await appendAudit(client, {
        actor: { accountId: clientId, label: `account:${clientId}` },
        action: 'services.request_sent',
        subject: { type: 'service_request', id },
        place: 'cloud',
        detail: { providers: providerIds, category: input.category, commune: place.commune },
      });
      const clientName = await this.nameOf(client, clientId);
      for (const p of providers)
        await this.notifier.send(
          client,
          {
            key: `services-request:${id}:${p.account_id}`,
            type: 'services.request_received',
            recipientId: p.account_id,
            data: {
              otherName: clip(clientName, 120),
              title: clip(input.description, 200),
              link: `${this.notifier.publicUrl}${providerRequestPath(id)}`,
            },
          },
          client,
        );
      return true;
    });
    if (!created) {
      const raced = await this.byKey(clientId, idempotencyKey);
      if (raced !== undefined) return raced;
    }
    return this.get(id);
  }

  private async byKey(clientId: string, key: string): Promise<ServiceRequest | undefined> {
    const { rows } = await this.db.pool.query<RequestRow>(
      `SELECT ${requestColumns} FROM service_requests r WHERE r.client_id = $1 AND r.idempotency_key = $2`,
      [clientId, key],
    );
    return rows[0] === undefined ? undefined : toRequest(rows[0]);
  }

  private async nameOf(q: Pick<Database['pool'], 'query'>, id: string): Promise<string> {
    const { rows } = await q.query<{ name: string }>(
      `SELECT coalesce(nullif(concat_ws(' ', first_name, left(last_name, 1) || '.'), ''), display_name) AS name FROM accounts WHERE id = $1`,
      [id],
    );
    return rows[0]?.name ?? 'Client';
  }

  async get(id: string): Promise<ServiceRequest> {
    const { rows } = await this.db.pool.query<RequestRow>(
      `SELECT ${requestColumns} FROM service_requests r WHERE r.id = $1`,
      [id],
    );
    if (rows[0] === undefined) throw new AppError('NOT_FOUND', 'Cette demande n’existe pas.');
    return toRequest(rows[0]);
  }

  /** The request with what the caller may see: its client sees every quote; a provider it was sent to, its own. */
  async detail(
    id: string,
    accountId: string,
  ): Promise<ServiceRequest & { quotes: Quote[]; providers: { id: string; displayName: string; status: string }[] }> {
    const request = await this.get(id);
    const { rows: providers } = await this.db.pool.query<{ id: string; display_name: string; status: string }>(
      `SELECT rp.provider_id AS id, p.display_name, rp.status FROM service_request_providers rp
       JOIN service_providers p ON p.account_id = rp.provider_id WHERE rp.request_id = $1 ORDER BY rp.created_at, p.display_name`,
      [id],
    );
    const asProvider = providers.some((p) => p.id === accountId);
    if (request.clientId !== accountId && !asProvider) throw new AppError('NOT_FOUND', 'Cette demande n’existe pas.');
    const { rows: quotes } = await this.db.pool.query<QuoteRow>(
      `SELECT ${quoteColumns} FROM service_quotes q JOIN service_providers p ON p.account_id = q.provider_id
       WHERE q.request_id = $1 AND ($2::uuid IS NULL OR q.provider_id = $2) ORDER BY q.provider_id, q.version DESC`,
      [id, request.clientId === accountId ? null : accountId],
    );
    return {
      ...request,
      quotes: quotes.map(toQuote),
      providers: providers
        .filter((p) => request.clientId === accountId || p.id === accountId)
        .map((p) => ({ id: p.id, displayName: p.display_name, status: p.status })),
    };
  }

  /** The client's requests, newest first; `before` pages on (created, id). */
  async mine(clientId: string, before?: { at: string; id: string }): Promise<ServiceRequest[]> {
    const { rows } = await this.db.pool.query<RequestRow>(
      `SELECT ${requestColumns} FROM service_requests r WHERE r.client_id = $1
         AND ($2::timestamptz IS NULL OR (r.created_at, r.id) < ($2::timestamptz, $3::uuid))
       ORDER BY r.created_at DESC, r.id DESC LIMIT $4`,
      [clientId, before?.at ?? null, before?.id ?? null, requestPageMax],
    );
    return rows.map(toRequest);
  }

  /** The requests sent to a provider, newest first, with the client's name as the provider may see it. */
  async inbox(
    providerId: string,
    before?: { at: string; id: string },
  ): Promise<(ServiceRequest & { clientName: string; myStatus: string })[]> {
    const { rows } = await this.db.pool.query<RequestRow & { client_name: string; my_status: string }>(
      `SELECT ${requestColumns},
         coalesce(nullif(concat_ws(' ', c.first_name, left(c.last_name, 1) || '.'), ''), c.display_name) AS client_name,
         rp.status AS my_status
       FROM service_request_providers rp JOIN service_requests r ON r.id = rp.request_id JOIN accounts c ON c.id = r.client_id
       WHERE rp.provider_id = $1 AND ($2::timestamptz IS NULL OR (r.created_at, r.id) < ($2::timestamptz, $3::uuid))
       ORDER BY r.created_at DESC, r.id DESC LIMIT $4`,
      [providerId, before?.at ?? null, before?.id ?? null, requestPageMax],
    );
    return rows.map((r) => ({ ...toRequest(r), clientName: r.client_name, myStatus: r.my_status }));
  }

  /** A provider's quote on a request sent to it; a new version supersedes its live one. */
  async quote(providerId: string, requestId: string, input: QuoteInput): Promise<Quote> {
    const request = await this.get(requestId);
    const sentTo = await this.db.pool.query(
      'SELECT 1 FROM service_request_providers WHERE request_id = $1 AND provider_id = $2',
      [requestId, providerId],
    );
    if (sentTo.rowCount === 0) throw new AppError('NOT_FOUND', 'Cette demande n’existe pas.');
    if (request.status !== 'open') throw new AppError('CONFLICT', 'Cette demande est déjà réservée ou fermée.');
    const totals = quoteTotals(input.lines);
    if (!totals.ok) throw new AppError('VALIDATION_FAILED', totals.why);
    const validDays = input.validDays ?? quoteValidityDaysDefault;
    if (!Number.isInteger(validDays) || validDays < 1 || validDays > quoteValidityDaysMax)
      throw new AppError('VALIDATION_FAILED', `Un devis est valable de 1 à ${String(quoteValidityDaysMax)} jours.`);
    const startsAt = instant(input.startsAt, 'L’heure du rendez-vous');
    const now = this.now();
    const schedule = await scheduleOf(this.db.pool, providerId, now);
    const busy = await busyRanges(
      this.db.pool,
      providerId,
      new Date(startsAt.getTime() - dayMs),
      new Date(startsAt.getTime() + dayMs),
    );
    const refusal = slotRefusal(schedule, startsAt, input.durationMinutes, busy, now);
    if (refusal !== null) throw new AppError('VALIDATION_FAILED', refusal);
    const validUntil = new Date(now.getTime() + validDays * dayMs);
    const id = randomUUID();
    await withTransaction(this.db.pool, async (client) => {
      // One quote-writer per request and provider at a time: versions never collide.
      await client.query(
        'SELECT 1 FROM service_request_providers WHERE request_id = $1 AND provider_id = $2 FOR UPDATE',
        [requestId, providerId],
      );
      const { rows } = await client.query<{ version: number | null }>(
        'SELECT max(version) AS version FROM service_quotes WHERE request_id = $1 AND provider_id = $2',
        [requestId, providerId],
      );
      const version = (rows[0]?.version ?? 0) + 1;
      await client.query(
        "UPDATE service_quotes SET status = 'superseded' WHERE request_id = $1 AND provider_id = $2 AND status = 'sent'",
        [requestId, providerId],
      );
      await client.query(
        `INSERT INTO service_quotes (id, request_id, provider_id, version, lines, total_xof, tax_xof, starts_at, duration_minutes, note, valid_until)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
        [
          id,
          requestId,
          providerId,
          version,
          JSON.stringify(input.lines),
          totals.totalXof,
          totals.taxXof,
          startsAt,
          input.durationMinutes,
          input.note ?? '',
          validUntil,
        ],
      );
      await client.query(
        "UPDATE service_request_providers SET status = 'quoted' WHERE request_id = $1 AND provider_id = $2",
        [requestId, providerId],
      );
      // A quote is an answer: the provider's response time counts it.
      await recordProviderAnswer(client, requestId, providerId, now);
      await appendAudit(client, {
        actor: { accountId: providerId, label: `account:${providerId}` },
        action: 'services.quote_sent',
        subject: { type: 'service_quote', id },
        place: 'cloud',
        detail: { requestId, version, totalXof: totals.totalXof, validUntil: validUntil.toISOString() },
      });
      const { rows: named } = await client.query<{ display_name: string }>(
        'SELECT display_name FROM service_providers WHERE account_id = $1',
        [providerId],
      );
      await this.notifier.send(
        client,
        {
          key: `services-quote:${id}`,
          type: 'services.quote_received',
          recipientId: request.clientId,
          data: {
            otherName: clip(named[0]?.display_name ?? 'Prestataire', 120),
            title: clip(request.description, 200),
            amountXof: totals.totalXof,
            validUntil: localDateTime(validUntil, schedule.timeZone),
            link: `${this.notifier.publicUrl}${requestPath(requestId)}`,
          },
        },
        client,
      );
    });
    const { rows } = await this.db.pool.query<QuoteRow>(
      `SELECT ${quoteColumns} FROM service_quotes q JOIN service_providers p ON p.account_id = q.provider_id WHERE q.id = $1`,
      [id],
    );
    const row = rows[0];
    if (row === undefined) throw new Error('quote vanished');
    return toQuote(row);
  }
}
