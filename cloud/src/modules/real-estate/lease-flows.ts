/**
 * Leases under law 2018-575 (issue 25): made by a listing's owner for a tenant known by ISMAIL ID, checked against
 * the law before anything is written (the law's own reason shown), the contract rendered once as a PDF whose SHA-256
 * sits on the lease; signed by each party on the exact bytes they read; both signatures make it active, write the
 * rent schedule and mark the listing rented, in one transaction. The deposit's return is the landlord's statement.
 * Never changes a lease's document after it is made: a signature is worth only as long as the bytes do not move.
 */
import { randomUUID } from 'node:crypto';
import {
  AppError,
  earliestRevisionOn,
  ismailIdPattern,
  leaseViolations,
  rentSchedule,
  type NotificationEventData,
  type NotificationEventType,
} from '@ismail/shared';
import type pg from 'pg';
import type { Database } from '../../platform/db/database.js';
import { appendAudit } from '../../platform/audit/audit-log.js';
import { withTransaction } from '../../platform/db/transaction.js';
import type { NotificationService } from '../notifications/service.js';
import { depositReturnPdf, leaseContractPdf } from './document-lease.js';
import { sha256Hex } from './document-pdf.js';
import { insertDocument } from './document-store.js';
import { checkedSignature } from './lease-signature.js';
import { factsOf, newLeaseFacts, partyOf, viewOf, type LeaseRow, type LeaseView, type Party } from './lease-read.js';

export interface NewLease {
  readonly listingId: string;
  readonly tenantIsmailId: string;
  readonly rentXof: number;
  readonly chargesXof: number;
  readonly depositXof: number;
  readonly advanceXof: number;
  readonly startsOn: string;
  readonly durationMonths: number;
  readonly revisionOn?: string | undefined;
  readonly paymentDay?: number | undefined;
  readonly graceDays?: number | undefined;
}

export const leaseChangedMessage = 'Le bail a changé : relisez-le';

/** The lease's page in the portal (renderer routes/real-estate.ts), for both parties. */
export const leasePath = (id: string): string => `/immobilier/baux/${id}`;
const clip = (text: string, max: number): string => (text.length <= max ? text : `${text.slice(0, max - 1)}…`);

export class LeaseFlows {
  constructor(
    private readonly db: Database,
    private readonly notifications: NotificationService,
    readonly publicUrl: string,
    readonly now: () => Date = () => new Date(),
  ) {}

  /** A notification in the caller's transaction; the recipient's first name filled in here. */
  async notify<T extends NotificationEventType>(
    client: pg.PoolClient,
    event: { key: string; type: T; recipientId: string; data: Omit<NotificationEventData<T>, 'firstName'> },
  ): Promise<void> {
    const { rows } = await client.query<{ name: string }>(
      'SELECT coalesce(first_name, display_name) AS name FROM accounts WHERE id = $1',
      [event.recipientId],
    );
    const data = { ...event.data, firstName: clip(rows[0]?.name ?? 'client', 100) } as NotificationEventData<T>;
    await this.notifications.emit({ key: event.key, type: event.type, recipientId: event.recipientId, data }, client);
  }

  link(id: string): string {
    return `${this.publicUrl.replace(/\/$/, '')}${leasePath(id)}`;
  }

  async view(id: string, accountId: string): Promise<LeaseView> {
    const { row } = await partyOf(this.db.pool, id, accountId);
    return viewOf(this.db.pool, row, this.now());
  }

  async create(landlordId: string, input: NewLease, idempotencyKey: string): Promise<LeaseView> {
    const replay = await this.byKey(landlordId, idempotencyKey);
    if (replay !== undefined) return replay;
    const { rows: listings } = await this.db.pool.query<{
      owner_id: string;
      property_id: string;
      deal: string;
      status: string;
    }>('SELECT owner_id, property_id, deal, status FROM real_estate_listings WHERE id = $1', [input.listingId]);
    const listing = listings[0];
    if (listing === undefined) throw new AppError('NOT_FOUND', 'Annonce introuvable.');
    if (listing.owner_id !== landlordId)
      throw new AppError('FORBIDDEN', 'Seul le propriétaire de l’annonce établit le bail.');
    if (listing.deal !== 'rent')
      throw new AppError('VALIDATION_FAILED', 'Cette annonce est une vente, pas une location.');
    if (!['published', 'expired'].includes(listing.status))
      throw new AppError('CONFLICT', 'Un bail se fait sur une annonce publiée (ou expirée), pas déjà louée.');
    const tenantId = await this.activeAccountByIsmailId(input.tenantIsmailId);
    if (tenantId === landlordId) throw new AppError('VALIDATION_FAILED', 'Le locataire ne peut pas être le bailleur.');
    const terms = { ...input, revisionOn: input.revisionOn ?? earliestRevisionOn(input.startsOn) };
    const broken = leaseViolations(terms)[0];
    if (broken !== undefined) throw new AppError('VALIDATION_FAILED', broken.message);
    const { rows: open } = await this.db.pool.query(
      "SELECT 1 FROM real_estate_leases WHERE listing_id = $1 AND status IN ('awaiting_signatures', 'active')",
      [input.listingId],
    );
    if (open.length > 0) throw new AppError('CONFLICT', 'Un bail est déjà en cours pour cette annonce.');

    const id = randomUUID();
    // Whole seconds: the PDF's creation date is this instant, and re-rendering must give the same bytes.
    const createdAt = new Date(Math.floor(this.now().getTime() / 1000) * 1000);
    const paymentDay = input.paymentDay ?? 5;
    const graceDays = input.graceDays ?? 5;
    const facts = await newLeaseFacts(
      this.db.pool,
      { propertyId: listing.property_id, landlordId, tenantId },
      {
        id,
        rentXof: terms.rentXof,
        chargesXof: terms.chargesXof,
        depositXof: terms.depositXof,
        advanceXof: terms.advanceXof,
        startsOn: terms.startsOn,
        durationMonths: terms.durationMonths,
        revisionOn: terms.revisionOn,
        paymentDay,
        graceDays,
        createdAt,
      },
    );
    const pdf = await leaseContractPdf(facts);
    const sha256 = sha256Hex(pdf);
    try {
      await withTransaction(this.db.pool, async (client) => {
        await client.query(
          `INSERT INTO real_estate_leases (id, listing_id, property_id, landlord_id, tenant_id, rent_xof, charges_xof,
             deposit_xof, advance_xof, starts_on, duration_months, revision_on, payment_day, grace_days, status,
             idempotency_key, created_at, updated_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, 'awaiting_signatures', $15, $16, $16)`,
          [
            id,
            input.listingId,
            listing.property_id,
            landlordId,
            tenantId,
            terms.rentXof,
            terms.chargesXof,
            terms.depositXof,
            terms.advanceXof,
            terms.startsOn,
            terms.durationMonths,
            terms.revisionOn,
            paymentDay,
            graceDays,
            idempotencyKey,
            createdAt,
          ],
        );
        const documentId = await insertDocument(client, id, 'lease', `bail-${id.slice(0, 8)}.pdf`, pdf, createdAt);
        await client.query('UPDATE real_estate_leases SET document_id = $2, document_sha256 = $3 WHERE id = $1', [
          id,
          documentId,
          sha256,
        ]);
        await appendAudit(client, {
          actor: { accountId: landlordId, label: `account:${landlordId}` },
          action: 'real_estate.lease_created',
          subject: { type: 'real_estate_lease', id },
          place: 'cloud',
          detail: { listingId: input.listingId, tenantId, rentXof: terms.rentXof, sha256 },
        });
        await this.notify(client, {
          key: `re-lease-to-sign:${id}`,
          type: 'real_estate.lease_to_sign',
          recipientId: tenantId,
          data: { otherName: clip(facts.landlordName, 120), title: clip(facts.title, 120), link: this.link(id) },
        });
      });
    } catch (error) {
      // The same key sent twice at once: the first one's lease is the answer.
      if ((error as { code?: string }).code === '23505') {
        const again = await this.byKey(landlordId, idempotencyKey);
        if (again !== undefined) return again;
      }
      throw error;
    }
    return this.view(id, landlordId);
  }

  private async byKey(landlordId: string, key: string): Promise<LeaseView | undefined> {
    const { rows } = await this.db.pool.query<{ id: string }>(
      'SELECT id FROM real_estate_leases WHERE landlord_id = $1 AND idempotency_key = $2',
      [landlordId, key],
    );
    return rows[0] === undefined ? undefined : this.view(rows[0].id, landlordId);
  }

  /** The account behind an ISMAIL ID, if active (KYC approved): a suspended or unknown one cannot sign a lease. */
  private async activeAccountByIsmailId(ismailId: string): Promise<string> {
    const refusal = 'Aucun compte ISMAIL actif ne porte cet identifiant : vérifiez l’ISMAIL ID du locataire.';
    const wanted = ismailId.trim().toUpperCase();
    if (!ismailIdPattern.test(wanted)) throw new AppError('VALIDATION_FAILED', refusal);
    const { rows } = await this.db.pool.query<{ id: string; status: string }>(
      'SELECT id, status FROM accounts WHERE ismail_id = $1',
      [wanted],
    );
    if (rows[0]?.status !== 'active') throw new AppError('VALIDATION_FAILED', refusal);
    return rows[0].id;
  }

  async sign(
    accountId: string,
    id: string,
    input: { typedName: string; signaturePngBase64: string; documentSha256: string },
    ip: string,
  ): Promise<LeaseView> {
    const { row, party } = await partyOf(this.db.pool, id, accountId);
    const png = await checkedSignature(input.signaturePngBase64);
    const typedName = input.typedName.trim();
    if (typedName.length < 2 || typedName.length > 120)
      throw new AppError('VALIDATION_FAILED', 'Saisissez votre nom complet (2 à 120 caractères).');
    if (input.documentSha256.toLowerCase() !== row.document_sha256) throw new AppError('CONFLICT', leaseChangedMessage);
    await withTransaction(this.db.pool, async (client) => {
      // The lease locked: two parties signing at once see each other's signature, and exactly one activates it.
      const { rows } = await client.query<{ status: string; document_sha256: string }>(
        'SELECT status, document_sha256 FROM real_estate_leases WHERE id = $1 FOR UPDATE',
        [id],
      );
      const locked = rows[0];
      if (locked?.document_sha256 !== row.document_sha256) throw new AppError('CONFLICT', leaseChangedMessage);
      const mine = await client.query('SELECT 1 FROM real_estate_lease_signatures WHERE lease_id = $1 AND party = $2', [
        id,
        party,
      ]);
      if (mine.rows.length > 0) return; // Signed already: a retried click changes nothing.
      if (locked.status !== 'awaiting_signatures')
        throw new AppError('CONFLICT', 'Ce bail n’attend plus de signature.');
      const signedAt = this.now();
      await client.query(
        `INSERT INTO real_estate_lease_signatures (lease_id, party, account_id, typed_name, signature_png, signed_at, ip,
           document_sha256) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [id, party, accountId, typedName, png, signedAt, ip.slice(0, 64).padEnd(2, '?'), locked.document_sha256],
      );
      await appendAudit(client, {
        actor: { accountId, label: `account:${accountId}` },
        action: 'real_estate.lease_signature',
        subject: { type: 'real_estate_lease', id },
        place: `ip:${ip}`.slice(0, 64),
        detail: { party, typedName, documentSha256: locked.document_sha256, pngBytes: png.length },
      });
      const { rows: count } = await client.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM real_estate_lease_signatures WHERE lease_id = $1',
        [id],
      );
      if (count[0]?.n === 2) await this.activate(client, row, signedAt);
    });
    return this.view(id, accountId);
  }

  /** Both signed: the lease runs, its rent schedule is written and the listing is let. */
  private async activate(client: pg.PoolClient, row: LeaseRow, at: Date): Promise<void> {
    await client.query(
      "UPDATE real_estate_leases SET status = 'active', signed_at = $2, updated_at = now() WHERE id = $1",
      [row.id, at],
    );
    const dues = rentSchedule({
      startsOn: row.starts_on,
      durationMonths: row.duration_months,
      paymentDay: row.payment_day,
      rentXof: Number(row.rent_xof),
      chargesXof: Number(row.charges_xof),
      advanceXof: Number(row.advance_xof),
    });
    if (dues.length > 0)
      await client.query(
        `INSERT INTO real_estate_rent_dues (id, lease_id, period, due_on, amount_xof)
         SELECT u.id, $1, u.period, u.due_on, u.amount FROM unnest($2::uuid[], $3::text[], $4::date[], $5::bigint[])
           AS u(id, period, due_on, amount)`,
        [
          row.id,
          dues.map(() => randomUUID()),
          dues.map((d) => d.period),
          dues.map((d) => d.dueOn),
          dues.map((d) => d.amountXof),
        ],
      );
    await client.query("UPDATE real_estate_listings SET status = 'rented', updated_at = now() WHERE id = $1", [
      row.listing_id,
    ]);
    await appendAudit(client, {
      actor: { label: 'system:real-estate-lease' },
      action: 'real_estate.lease_active',
      subject: { type: 'real_estate_lease', id: row.id },
      place: 'cloud',
      detail: { dues: dues.length, listingId: row.listing_id },
    });
    for (const recipientId of [row.landlord_id, row.tenant_id])
      await this.notify(client, {
        key: `re-lease-signed:${row.id}`,
        type: 'real_estate.lease_signed',
        recipientId,
        data: { title: clip(row.title, 120), link: this.link(row.id) },
      });
  }

  /** Whether `sha256` is this lease's document, and who signed those bytes. */
  async verify(
    accountId: string,
    id: string,
    sha256: string,
  ): Promise<{ matches: boolean; signedBy: { party: Party; typedName: string; signedAt: string }[] }> {
    const { row } = await partyOf(this.db.pool, id, accountId);
    const wanted = sha256.toLowerCase();
    if (row.document_sha256 === null || wanted !== row.document_sha256) return { matches: false, signedBy: [] };
    const { rows } = await this.db.pool.query<{ party: Party; typed_name: string; signed_at: Date }>(
      `SELECT party, typed_name, signed_at FROM real_estate_lease_signatures WHERE lease_id = $1 AND document_sha256 = $2
        ORDER BY signed_at`,
      [id, wanted],
    );
    return {
      matches: true,
      signedBy: rows.map((r) => ({ party: r.party, typedName: r.typed_name, signedAt: r.signed_at.toISOString() })),
    };
  }

  /** The landlord returns the deposit (all or part, with the reason for what is kept): once, with its statement. */
  async returnDeposit(accountId: string, id: string, input: { amountXof: number; note: string }): Promise<LeaseView> {
    const { row, party } = await partyOf(this.db.pool, id, accountId);
    if (party !== 'landlord') throw new AppError('FORBIDDEN', 'Seul le bailleur restitue la caution.');
    if (!['active', 'ended'].includes(row.status)) throw new AppError('CONFLICT', 'Ce bail n’est pas signé.');
    if (input.amountXof > Number(row.deposit_xof))
      throw new AppError('VALIDATION_FAILED', 'Le montant restitué ne peut pas dépasser la caution versée.');
    const returnedAt = new Date(Math.floor(this.now().getTime() / 1000) * 1000);
    const pdf = await depositReturnPdf(factsOf(row), { amountXof: input.amountXof, note: input.note, returnedAt });
    await withTransaction(this.db.pool, async (client) => {
      const updated = await client.query(
        `UPDATE real_estate_leases SET deposit_returned_xof = $2, deposit_returned_at = $3, deposit_return_note = $4,
           updated_at = now() WHERE id = $1 AND deposit_returned_at IS NULL`,
        [id, input.amountXof, returnedAt, input.note],
      );
      if (updated.rowCount !== 1) throw new AppError('CONFLICT', 'La caution a déjà été restituée.');
      await insertDocument(client, id, 'deposit_return', `caution-${id.slice(0, 8)}.pdf`, pdf, returnedAt);
      await appendAudit(client, {
        actor: { accountId, label: `account:${accountId}` },
        action: 'real_estate.deposit_returned',
        subject: { type: 'real_estate_lease', id },
        place: 'cloud',
        detail: { amountXof: input.amountXof, depositXof: Number(row.deposit_xof) },
      });
    });
    return this.view(id, accountId);
  }
}

export type { Party };
