/**
 * Moderation of listings (issue 25 item 6): users report a listing (once each, never their own); admins read the
 * review queue (held listings and open reports) and decide. Every decision is audited. A listing published by an
 * admin is charged like a clean submission; a "visit_fee" report upheld suspends its listing whatever the admin
 * asked, like any report upheld with `suspendListing`.
 */
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { AppError, canMoveListing, type ListingStatus } from '@ismail/shared';
import type { Database } from '../../platform/db/database.js';
import { appendAudit } from '../../platform/audit/audit-log.js';
import { withTransaction } from '../../platform/db/transaction.js';
import { clip } from '../services/notify.js';
import type { ListingPublication, Actor } from './listing-publish.js';
import { myListingPath } from './listing-publish.js';
import type { OwnerListing } from './listing-schemas.js';
import { listingNotFound, listingsInReview, ownerListingById } from './listing-view.js';

export interface ReportView {
  id: string;
  listingId: string;
  listingTitle: string;
  reason: string;
  detail: string;
  reporterName: string;
  createdAt: string;
}

export class ListingModeration {
  constructor(
    private readonly db: Database,
    private readonly publication: ListingPublication,
  ) {}

  /** A report by someone who neither owns the listing nor works for its owner. */
  async report(
    reporterIds: readonly string[],
    listingId: string,
    input: { reason: string; detail?: string | undefined },
  ): Promise<{ id: string }> {
    const reporterId = reporterIds[0];
    if (reporterId === undefined) throw listingNotFound();
    const { rows } = await this.db.pool.query<{ owner_id: string; status: string }>(
      'SELECT owner_id, status FROM real_estate_listings WHERE id = $1',
      [listingId],
    );
    const listing = rows[0];
    // Only what readers can see is reported: a listing off line reads as absent.
    if (listing === undefined || (listing.status !== 'published' && !reporterIds.includes(listing.owner_id)))
      throw listingNotFound();
    if (reporterIds.includes(listing.owner_id))
      throw new AppError('FORBIDDEN', 'Vous ne pouvez pas signaler votre propre annonce.');
    const id = randomUUID();
    const inserted = await this.db.pool.query(
      `INSERT INTO real_estate_reports (id, listing_id, reporter_id, reason, detail) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (listing_id, reporter_id) DO NOTHING`,
      [id, listingId, reporterId, input.reason, input.detail ?? ''],
    );
    if (inserted.rowCount === 0) throw new AppError('CONFLICT', 'Vous avez déjà signalé cette annonce.');
    return { id };
  }

  async queue(): Promise<{ listings: OwnerListing[]; reports: ReportView[] }> {
    const { rows } = await this.db.pool.query<{
      id: string;
      listing_id: string;
      title: string;
      reason: string;
      detail: string;
      reporter_name: string;
      created_at: Date;
    }>(
      `SELECT r.id, r.listing_id, p.title, r.reason, r.detail, a.display_name AS reporter_name, r.created_at
       FROM real_estate_reports r
       JOIN real_estate_listings l ON l.id = r.listing_id
       JOIN real_estate_properties p ON p.id = l.property_id
       JOIN accounts a ON a.id = r.reporter_id
       WHERE r.status = 'open' ORDER BY r.created_at, r.id LIMIT 200`,
    );
    return {
      listings: await listingsInReview(this.db.pool),
      reports: rows.map((r) => ({
        id: r.id,
        listingId: r.listing_id,
        listingTitle: r.title,
        reason: r.reason,
        detail: r.detail,
        reporterName: r.reporter_name,
        createdAt: new Date(r.created_at).toISOString(),
      })),
    };
  }

  /** An admin publishes a held listing (charged to its owner) or suspends a listing with a note. */
  async decideListing(
    admin: Actor,
    listingId: string,
    decision: 'publish' | 'suspend',
    note: string,
  ): Promise<OwnerListing> {
    if (decision === 'publish') {
      const listing = await this.publication.publishHeld(admin, listingId);
      await withTransaction(this.db.pool, (client) =>
        appendAudit(client, {
          actor: admin,
          action: 'real_estate.listing_review_published',
          subject: { type: 'real_estate_listing', id: listingId },
          place: 'cloud',
          detail: { note },
        }).then(() => undefined),
      );
      return listing;
    }
    await withTransaction(this.db.pool, async (client) => {
      if (!(await this.suspend(client, admin, listingId, note, 'real_estate.listing_suspended', {})))
        throw new AppError('CONFLICT', 'Cette annonce ne peut pas être suspendue dans son état actuel.');
    });
    return ownerListingById(this.db.pool, listingId);
  }

  /** An admin upholds or dismisses a report; upheld "visit_fee" (or with `suspendListing`) suspends the listing. */
  async decideReport(
    admin: Actor,
    reportId: string,
    decision: 'upheld' | 'dismissed',
    suspendListing: boolean,
  ): Promise<{ id: string; status: string; listingStatus: string }> {
    return withTransaction(this.db.pool, async (client) => {
      const { rows } = await client.query<{ listing_id: string; reason: string; status: string }>(
        'SELECT listing_id, reason, status FROM real_estate_reports WHERE id = $1 FOR UPDATE',
        [reportId],
      );
      const report = rows[0];
      if (report === undefined) throw new AppError('NOT_FOUND', 'Ce signalement n’existe pas.');
      if (report.status !== 'open') throw new AppError('CONFLICT', 'Ce signalement a déjà été traité.');
      await client.query(
        'UPDATE real_estate_reports SET status = $2, decided_by = $3, decided_at = now() WHERE id = $1',
        [reportId, decision, admin.accountId],
      );
      await appendAudit(client, {
        actor: admin,
        action: 'real_estate.report_decided',
        subject: { type: 'real_estate_report', id: reportId },
        place: 'cloud',
        detail: { decision, listingId: report.listing_id, reason: report.reason, suspendListing },
      });
      if (decision === 'upheld' && (report.reason === 'visit_fee' || suspendListing)) {
        const note =
          report.reason === 'visit_fee'
            ? 'Annonce suspendue : elle demandait des frais de visite.'
            : 'Annonce suspendue après un signalement confirmé.';
        await this.suspend(client, admin, report.listing_id, note, 'real_estate.listing_suspended', { reportId });
      }
      const listing = await client.query<{ status: string }>('SELECT status FROM real_estate_listings WHERE id = $1', [
        report.listing_id,
      ]);
      return { id: reportId, status: decision, listingStatus: listing.rows[0]?.status ?? 'draft' };
    });
  }

  private async suspend(
    client: pg.PoolClient,
    admin: Actor,
    listingId: string,
    note: string,
    action: string,
    detail: Record<string, string>,
  ): Promise<boolean> {
    const { rows } = await client.query<{ status: ListingStatus; owner_id: string; title: string }>(
      `SELECT l.status, l.owner_id, p.title FROM real_estate_listings l
       JOIN real_estate_properties p ON p.id = l.property_id WHERE l.id = $1 FOR UPDATE OF l`,
      [listingId],
    );
    const listing = rows[0];
    if (listing === undefined) throw listingNotFound();
    if (listing.status === 'suspended') return true;
    // An expired, let or sold listing is off line already: an upheld report leaves it as it is.
    if (!canMoveListing(listing.status, 'suspended')) return false;
    await client.query(
      "UPDATE real_estate_listings SET status = 'suspended', moderation_note = $2, updated_at = now() WHERE id = $1",
      [listingId, clip(note, 1000)],
    );
    await appendAudit(client, {
      actor: admin,
      action,
      subject: { type: 'real_estate_listing', id: listingId },
      place: 'cloud',
      detail: { from: listing.status, note: clip(note, 500), ...detail },
    });
    const notifier = this.publication.notifier;
    await notifier.send(
      client,
      {
        key: `re-suspended:${listingId}:${randomUUID()}`,
        type: 'real_estate.listing_held',
        recipientId: listing.owner_id,
        data: {
          title: clip(listing.title, 120),
          reason: clip(note, 500),
          link: `${notifier.publicUrl}${myListingPath(listingId)}`,
        },
      },
      client,
    );
    return true;
  }
}
