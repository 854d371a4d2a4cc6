/**
 * The listings' write side in one place (issue 25): create and edit (an edit of a published listing's text, price,
 * area or phone runs the checks again), publication and renewal, the owner's status changes and "still available",
 * over one clock (tests move it) and one notifier.
 */
import { AppError, canMoveListing, type ListingStatus } from '@ismail/shared';
import type { Database } from '../../platform/db/database.js';
import { appendAudit } from '../../platform/audit/audit-log.js';
import { withTransaction } from '../../platform/db/transaction.js';
import type { NotificationService } from '../notifications/service.js';
import type { WalletOperations } from '../wallet/operations.js';
import { tariffAt } from '../wallet/rates.js';
import { servicesNotifier } from '../services/notify.js';
import { checkListing } from './listing-checks.js';
import { ListingPublication, listingTariff, type Actor } from './listing-publish.js';
import { createListing, editListing } from './listing-save.js';
import type { ListingInput, ListingPatch, OwnerListing } from './listing-schemas.js';
import { ownerListing } from './listing-view.js';

export class RealEstateListings {
  readonly publication: ListingPublication;

  constructor(
    readonly db: Database,
    ops: WalletOperations,
    notifications: NotificationService,
    publicUrl: string,
    readonly now: () => Date = () => new Date(),
  ) {
    this.publication = new ListingPublication(db, ops, servicesNotifier(notifications, publicUrl), now);
  }

  async plans(): Promise<
    { code: string; labelFr: string; labelEn: string; periodDays: number; tariffUnits: number; priceCredits: number }[]
  > {
    const tariff = await tariffAt(this.db.pool, listingTariff, this.now());
    const { rows } = await this.db.pool.query<{
      code: string;
      label_fr: string;
      label_en: string;
      period_days: number;
      tariff_units: number;
    }>(
      'SELECT code, label_fr, label_en, period_days, tariff_units FROM real_estate_listing_plans WHERE active ORDER BY sort, code',
    );
    return rows.map((r) => ({
      code: r.code,
      labelFr: r.label_fr,
      labelEn: r.label_en,
      periodDays: r.period_days,
      tariffUnits: r.tariff_units,
      priceCredits: r.tariff_units * tariff.minCredits,
    }));
  }

  create(ownerId: string, input: ListingInput): Promise<OwnerListing> {
    return createListing(this.db, ownerId, input);
  }

  /** An edit; a published listing whose text, price, area or phone changed is checked again (held when suspicious). */
  async edit(actor: Actor, ownerId: string, listingId: string, patch: ListingPatch): Promise<OwnerListing> {
    const { listing, recheck } = await editListing(this.db, ownerId, listingId, patch);
    if (!recheck || listing.status !== 'published') return listing;
    return this.recheck(actor, ownerId, listingId);
  }

  /** Runs the automatic checks on a published listing again (after an edit or a new photo). */
  async recheck(actor: Actor, ownerId: string, listingId: string): Promise<OwnerListing> {
    const outcome = await checkListing(this.db.pool, listingId);
    if (!outcome.clean) await this.publication.hold(actor, listingId, outcome, ['published']);
    return ownerListing(this.db.pool, ownerId, listingId);
  }

  /** The owner marks the listing let or sold, or takes it back to draft (withdrawn from search). */
  async setStatus(
    actor: Actor,
    ownerId: string,
    listingId: string,
    status: 'rented' | 'sold' | 'draft',
  ): Promise<OwnerListing> {
    await withTransaction(this.db.pool, async (client) => {
      const { rows } = await client.query<{ status: ListingStatus }>(
        'SELECT status FROM real_estate_listings WHERE id = $1 AND owner_id = $2 FOR UPDATE',
        [listingId, ownerId],
      );
      const from = rows[0]?.status;
      if (from === undefined) throw new AppError('NOT_FOUND', 'Cette annonce n’existe pas.');
      if (from === status) return;
      if (!canMoveListing(from, status))
        throw new AppError('CONFLICT', `Une annonce ${statusFr[from]} ne peut pas devenir ${statusFr[status]}.`);
      await client.query('UPDATE real_estate_listings SET status = $2, updated_at = now() WHERE id = $1', [
        listingId,
        status,
      ]);
      await appendAudit(client, {
        actor,
        action: 'real_estate.listing_status',
        subject: { type: 'real_estate_listing', id: listingId },
        place: 'cloud',
        detail: { from, to: status },
      });
    });
    return ownerListing(this.db.pool, ownerId, listingId);
  }

  /** "Still available": the owner confirms a published listing; the next ping waits its full delay. */
  async stillAvailable(ownerId: string, listingId: string): Promise<OwnerListing> {
    const listing = await ownerListing(this.db.pool, ownerId, listingId);
    if (listing.status !== 'published')
      throw new AppError('CONFLICT', 'Seule une annonce publiée peut être confirmée disponible.');
    await this.db.pool.query(
      'UPDATE real_estate_listings SET availability_confirmed_at = $2, updated_at = now() WHERE id = $1',
      [listingId, this.now()],
    );
    return ownerListing(this.db.pool, ownerId, listingId);
  }
}

export const statusFr: Readonly<Record<ListingStatus, string>> = {
  draft: 'en brouillon',
  pending_review: 'en attente de revue',
  published: 'publiée',
  expired: 'expirée',
  rented: 'louée',
  sold: 'vendue',
  suspended: 'suspendue',
};
