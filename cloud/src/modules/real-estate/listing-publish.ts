/**
 * Publishing a listing (issue 25 items 2–3). Submitting runs the automatic checks: a suspicious listing is held for
 * review (never published by itself); a clean one is charged its plan's period (tariff `real_estate_listing` ×
 * plan units, through `consume`), plus, on its first publication only, the module's fixed fee per listing, then
 * published. Renewing adds a period after the current end when the listing still runs (from now when it expired).
 *
 * Money first, rows after: each ledger operation is idempotent (a renewal's consume key is derived from the request's
 * Idempotency-Key; a publication's from the listing's state, so racing submissions share one charge; the fee's from
 * the listing), and the period row, unique per listing and key, is written in the same transaction as the status
 * change. A retried request therefore charges once and adds one period, even after a crash between the two. Funds are
 * checked before charging, so a listing short of credits stays as it was.
 */
import { createHash, randomUUID } from 'node:crypto';
import type pg from 'pg';
import { AppError, renewedUntil, xofToCentiCredits } from '@ismail/shared';
import type { Database } from '../../platform/db/database.js';
import { appendAudit } from '../../platform/audit/audit-log.js';
import { withTransaction } from '../../platform/db/transaction.js';
import type { WalletOperations, WriteContext } from '../wallet/operations.js';
import { creditRateAt, moduleRateAt, tariffAt } from '../wallet/rates.js';
import { clip, type ServicesNotifier } from '../services/notify.js';
import { checkListing, type CheckOutcome } from './listing-checks.js';
import type { OwnerListing } from './listing-schemas.js';
import { listingNotFound, ownerListing, ownerListingById } from './listing-view.js';

const dayMs = 86_400_000;
export const listingTariff = 'real_estate_listing';
/** The owner's page of a listing in the portal (renderer routes/real-estate-owner.ts). */
export const myListingPath = (id: string): string => `/immobilier/gestion/annonces/${id}`;

export interface Plan {
  readonly code: string;
  readonly periodDays: number;
  readonly tariffUnits: number;
}

export interface Actor {
  readonly accountId: string;
  readonly label: string;
}

interface ListingState {
  owner_id: string;
  status: string;
  title: string;
  expires_at: Date | null;
  paid_until: Date | null;
  periods: number;
}

/** A ledger key from the request's key: bounded, and distinct per listing and purpose. */
const derivedKey = (purpose: string, listingId: string, key: string): string =>
  `re-${purpose}:${createHash('sha256').update(`${listingId}\n${key}`).digest('hex').slice(0, 48)}`;

export class ListingPublication {
  constructor(
    private readonly db: Database,
    private readonly ops: WalletOperations,
    readonly notifier: ServicesNotifier,
    private readonly now: () => Date,
  ) {}

  async plan(code: string): Promise<Plan> {
    const { rows } = await this.db.pool.query<{ code: string; period_days: number; tariff_units: number }>(
      'SELECT code, period_days, tariff_units FROM real_estate_listing_plans WHERE code = $1 AND active',
      [code],
    );
    const row = rows[0];
    if (row === undefined) throw new AppError('VALIDATION_FAILED', 'Cette formule de publication n’existe pas.');
    return { code: row.code, periodDays: row.period_days, tariffUnits: row.tariff_units };
  }

  private async state(q: Pick<pg.PoolClient, 'query'>, listingId: string, lock = false): Promise<ListingState> {
    const { rows } = await q.query<ListingState>(
      `SELECT l.owner_id, l.status, p.title, l.expires_at,
         (SELECT max(ends_at) FROM real_estate_listing_periods WHERE listing_id = l.id) AS paid_until,
         (SELECT count(*)::int FROM real_estate_listing_periods WHERE listing_id = l.id) AS periods
       FROM real_estate_listings l JOIN real_estate_properties p ON p.id = l.property_id WHERE l.id = $1
       ${lock ? 'FOR UPDATE OF l' : ''}`,
      [listingId],
    );
    const row = rows[0];
    if (row === undefined) throw listingNotFound();
    return row;
  }

  private async replayed(ownerId: string, listingId: string, key: string): Promise<OwnerListing | undefined> {
    const { rows } = await this.db.pool.query(
      'SELECT 1 FROM real_estate_listing_periods WHERE listing_id = $1 AND idempotency_key = $2',
      [listingId, key],
    );
    return rows.length === 0 ? undefined : ownerListing(this.db.pool, ownerId, listingId);
  }

  /** Submit a draft: held when suspicious, else charged and published. */
  async submit(actor: Actor, ownerId: string, listingId: string, key: string): Promise<OwnerListing> {
    const replay = await this.replayed(ownerId, listingId, key);
    if (replay !== undefined) return replay;
    const listing = await ownerListing(this.db.pool, ownerId, listingId);
    // A retried submission of a listing held or already published answers where it stands.
    if (listing.status === 'pending_review' || listing.status === 'published') return listing;
    if (listing.status !== 'draft') throw new AppError('CONFLICT', 'Seule une annonce en brouillon peut être soumise.');
    const outcome = await checkListing(this.db.pool, listingId);
    if (!outcome.clean) {
      await this.hold(actor, listingId, outcome, ['draft']);
      return ownerListing(this.db.pool, ownerId, listingId);
    }
    await this.charge(actor, listingId, await this.plan(listing.planCode), key, 'submit');
    return ownerListing(this.db.pool, ownerId, listingId);
  }

  /** Renew a published or expired listing by a plan's period: from the current end while it runs. */
  async renew(actor: Actor, ownerId: string, listingId: string, planCode: string, key: string): Promise<OwnerListing> {
    const replay = await this.replayed(ownerId, listingId, key);
    if (replay !== undefined) return replay;
    const listing = await ownerListing(this.db.pool, ownerId, listingId);
    if (listing.status !== 'published' && listing.status !== 'expired')
      throw new AppError('CONFLICT', 'Seule une annonce publiée ou expirée peut être renouvelée.');
    await this.charge(actor, listingId, await this.plan(planCode), key, 'renew');
    return ownerListing(this.db.pool, ownerId, listingId);
  }

  /** Holds a listing for review with the checks' note (from one of `from`); notifies its owner once per hold. */
  async hold(
    actor: Actor,
    listingId: string,
    outcome: Exclude<CheckOutcome, { clean: true }>,
    from: readonly string[],
  ): Promise<void> {
    await withTransaction(this.db.pool, async (client) => {
      const state = await this.state(client, listingId, true);
      if (!from.includes(state.status)) return;
      await client.query(
        `UPDATE real_estate_listings SET status = 'pending_review', moderation_note = $2, duplicate_of = $3,
           duplicate_reason = $4, updated_at = now() WHERE id = $1`,
        [listingId, outcome.note, outcome.duplicateOf, outcome.duplicateReason],
      );
      await appendAudit(client, {
        actor,
        action: 'real_estate.listing_held',
        subject: { type: 'real_estate_listing', id: listingId },
        place: 'cloud',
        detail: { note: outcome.note, duplicateOf: outcome.duplicateOf, reason: outcome.duplicateReason },
      });
      await this.notifier.send(
        client,
        {
          key: `re-held:${listingId}:${randomUUID()}`,
          type: 'real_estate.listing_held',
          recipientId: state.owner_id,
          data: {
            title: clip(state.title, 120),
            reason: clip(outcome.note, 500),
            link: `${this.notifier.publicUrl}${myListingPath(listingId)}`,
          },
        },
        client,
      );
    });
  }

  /**
   * An admin publishes a held listing: within a period already paid it goes back on line until that period's end;
   * otherwise its first period is charged to the owner now (key per listing and number of periods).
   */
  async publishHeld(actor: Actor, listingId: string): Promise<OwnerListing> {
    const state = await this.state(this.db.pool, listingId);
    if (state.status !== 'pending_review') throw new AppError('CONFLICT', 'Cette annonce n’attend pas de revue.');
    const listing = await ownerListingById(this.db.pool, listingId);
    await this.charge(actor, listingId, await this.plan(listing.planCode), `review-${String(state.periods)}`, 'review');
    return ownerListingById(this.db.pool, listingId);
  }

  /** What a period of `plan` costs, in centi-credits, and the fee when it is the listing's first publication. */
  private async price(ownerId: string, plan: Plan, first: boolean): Promise<{ period: number; fee: number }> {
    const at = this.now();
    const tariff = await tariffAt(this.db.pool, listingTariff, at);
    const period = plan.tariffUnits * tariff.minCredits * 100;
    if (!first) return { period, fee: 0 };
    const { rows } = await this.db.pool.query<{ country: string }>('SELECT country FROM accounts WHERE id = $1', [
      ownerId,
    ]);
    const country = rows[0]?.country ?? 'CI';
    const rate = await moduleRateAt(this.db.pool, 'real_estate', at);
    return { period, fee: xofToCentiCredits(rate.perListingXof, await creditRateAt(this.db.pool, country, at)) };
  }

  private async charge(
    actor: Actor,
    listingId: string,
    plan: Plan,
    key: string,
    mode: 'submit' | 'renew' | 'review',
  ): Promise<void> {
    const now = this.now();
    const before = await this.state(this.db.pool, listingId);
    const running = before.paid_until !== null && new Date(before.paid_until).getTime() > now.getTime();
    // Back on line within a period already paid (withdrawn, or held after an edit): nothing to charge.
    const free = mode !== 'renew' && running;
    const first = before.periods === 0;
    const ctx = (purpose: string, k: string): WriteContext => ({
      actor,
      scope: before.owner_id,
      idempotencyKey: derivedKey(purpose, listingId, k),
    });
    let operationId: string | null = null;
    let charged = 0;
    if (!free) {
      const cost = await this.price(before.owner_id, plan, first);
      await this.enoughCredits(before.owner_id, cost.period + cost.fee);
      // A renewal is charged per request (two keys, two periods). Publishing from draft or review is charged once per
      // state of the listing, whatever the key: two submissions racing with different keys share one charge.
      const chargeKey = mode === 'renew' ? key : `publish:${String(before.periods)}:${plan.code}`;
      const consumed = await this.ops.consume(ctx('listing', chargeKey), {
        accountId: before.owner_id,
        tariffCode: listingTariff,
        units: plan.tariffUnits,
      });
      operationId = consumed.result.operationId;
      charged = cost.period;
      if (first)
        await this.ops.listingFee(ctx('listing-fee', 'first'), { accountId: before.owner_id, module: 'real_estate' });
    }
    await withTransaction(this.db.pool, async (client) => {
      const state = await this.state(client, listingId, true);
      const allowed = mode === 'renew' ? ['published', 'expired'] : mode === 'submit' ? ['draft'] : ['pending_review'];
      // The loser of two racing publications finds it published, by the same charge: nothing more to do.
      if (mode !== 'renew' && state.status === 'published') return;
      if (!allowed.includes(state.status))
        throw new AppError('CONFLICT', 'Cette annonce a changé entre-temps : rechargez la page.');
      const currentEnd = state.expires_at === null ? null : new Date(state.expires_at);
      const paidUntil = state.paid_until === null ? null : new Date(state.paid_until);
      let endsAt: Date;
      if (free && paidUntil !== null) endsAt = paidUntil;
      else {
        const startsAt = mode === 'renew' && currentEnd !== null && currentEnd > now ? currentEnd : now;
        endsAt =
          mode === 'renew'
            ? renewedUntil(currentEnd, plan.periodDays, now)
            : new Date(now.getTime() + plan.periodDays * dayMs);
        const inserted = await client.query(
          `INSERT INTO real_estate_listing_periods (id, listing_id, plan_code, starts_at, ends_at, charged_centi,
             ledger_operation_id, idempotency_key, created_by)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (listing_id, idempotency_key) DO NOTHING`,
          [randomUUID(), listingId, plan.code, startsAt, endsAt, charged, operationId, key, actor.accountId],
        );
        if (inserted.rowCount === 0) return;
      }
      await client.query(
        `UPDATE real_estate_listings SET status = 'published', plan_code = $2, expires_at = $3,
           published_at = CASE WHEN status = 'published' THEN published_at ELSE $4 END,
           moderation_note = NULL,
           reminded_d7_at = NULL, reminded_d1_at = NULL, updated_at = now()
         WHERE id = $1`,
        [listingId, plan.code, endsAt, now],
      );
      await appendAudit(client, {
        actor,
        action: mode === 'renew' ? 'real_estate.listing_renewed' : 'real_estate.listing_published',
        subject: { type: 'real_estate_listing', id: listingId },
        place: 'cloud',
        detail: { planCode: plan.code, expiresAt: endsAt.toISOString(), chargedCenti: charged, operationId },
      });
      if (mode !== 'renew')
        await this.notifier.send(
          client,
          {
            key: `re-published:${listingId}:${key}`,
            type: 'real_estate.listing_published',
            recipientId: state.owner_id,
            data: { title: clip(state.title, 120), link: `${this.notifier.publicUrl}${myListingPath(listingId)}` },
          },
          client,
        );
    });
  }

  private async enoughCredits(ownerId: string, centi: number): Promise<void> {
    const { rows } = await this.db.pool.query<{ available: string }>(
      "SELECT credits_posted - debits_posted - debits_pending AS available FROM ledger_accounts WHERE code = 'wallet:' || $1",
      [ownerId],
    );
    if (Number(rows[0]?.available ?? 0) < centi)
      throw new AppError(
        'INSUFFICIENT_FUNDS',
        `Crédits insuffisants : cette publication coûte ${String(centi / 100)} crédits. Rechargez votre portefeuille.`,
      );
  }
}
