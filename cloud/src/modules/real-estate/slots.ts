/**
 * Visit slots (issue 25 item 4): the times a listing's agent offers for visits. The owner, its staff or the agent
 * offers them, in the future only, at most four hours each and sixty days ahead. Candidates read the future ones
 * with whether each is still free: no requested or confirmed visit of that agent overlaps it, whatever the listing
 * (one agent, one place at a time). The list is a guide; the visit request is settled by the database.
 */
import { randomUUID } from 'node:crypto';
import { AppError } from '@ismail/shared';
import type { Database } from '../../platform/db/database.js';
import { withTransaction } from '../../platform/db/transaction.js';
import { appendAudit } from '../../platform/audit/audit-log.js';
import type { VisitCaller } from './visit-read.js';
import type { Slot, SlotsInput } from './visit-schemas.js';

const hourMs = 3_600_000;
const dayMs = 86_400_000;
export const slotMaxMs = 4 * hourMs;
export const slotHorizonDays = 60;

/** Listings whose visits may still be arranged: being written, under review, or on the market. */
const openStatuses = ['draft', 'pending_review', 'published'];

interface ListingSide {
  id: string;
  owner_id: string;
  agent_id: string;
  status: string;
  expires_at: Date | null;
}

async function listingOf(db: Database, listingId: string): Promise<ListingSide | undefined> {
  const { rows } = await db.pool.query<ListingSide>(
    'SELECT id, owner_id, agent_id, status, expires_at FROM real_estate_listings WHERE id = $1',
    [listingId],
  );
  return rows[0];
}

const isSide = (l: { owner_id: string; agent_id: string }, caller: VisitCaller): boolean =>
  l.owner_id === caller.ownerId || l.agent_id === caller.principalId;

/** Why a slot cannot be offered, in French, or null. */
export function slotRefusal(startsAt: Date, endsAt: Date, now: Date): string | null {
  if (Number.isNaN(startsAt.getTime()) || Number.isNaN(endsAt.getTime())) return 'Une heure n’est pas une date.';
  if (startsAt.getTime() <= now.getTime()) return 'Un créneau doit commencer dans le futur.';
  if (endsAt.getTime() <= startsAt.getTime()) return 'Un créneau doit finir après son début.';
  if (endsAt.getTime() - startsAt.getTime() > slotMaxMs) return 'Un créneau dure au plus 4 heures.';
  if (startsAt.getTime() > now.getTime() + slotHorizonDays * dayMs)
    return `Un créneau se propose au plus ${String(slotHorizonDays)} jours à l’avance.`;
  return null;
}

export class VisitSlots {
  constructor(
    private readonly db: Database,
    private readonly now: () => Date,
  ) {}

  /** Offers slots on a listing (all or none); a slot already offered at that start is kept as it was. */
  async offer(caller: VisitCaller, listingId: string, input: SlotsInput): Promise<Slot[]> {
    const listing = await listingOf(this.db, listingId);
    if (listing === undefined || !isSide(listing, caller))
      throw new AppError('NOT_FOUND', 'Cette annonce n’existe pas.');
    if (!openStatuses.includes(listing.status))
      throw new AppError('CONFLICT', 'Cette annonce n’est plus proposée : on n’y ajoute plus de créneaux.');
    const now = this.now();
    const slots = input.slots.map((s) => ({ startsAt: new Date(s.startsAt), endsAt: new Date(s.endsAt) }));
    for (const s of slots) {
      const refusal = slotRefusal(s.startsAt, s.endsAt, now);
      if (refusal !== null) throw new AppError('VALIDATION_FAILED', refusal);
    }
    const starts = slots.map((s) => s.startsAt.toISOString());
    if (new Set(starts).size !== starts.length)
      throw new AppError('VALIDATION_FAILED', 'Deux créneaux commencent à la même heure.');
    await withTransaction(this.db.pool, async (client) => {
      for (const s of slots)
        await client.query(
          `INSERT INTO real_estate_visit_slots (id, listing_id, agent_id, starts_at, ends_at) VALUES ($1, $2, $3, $4, $5)
           ON CONFLICT (listing_id, starts_at) DO NOTHING`,
          [randomUUID(), listingId, listing.agent_id, s.startsAt, s.endsAt],
        );
      await appendAudit(client, {
        actor: { accountId: caller.principalId, label: `account:${caller.principalId}` },
        action: 'real_estate.slots_offered',
        subject: { type: 'real_estate_listing', id: listingId },
        place: 'cloud',
        detail: { count: slots.length, first: starts[0], agentId: listing.agent_id },
      });
    });
    const { rows } = await this.db.pool.query<SlotRow>(
      `${slotSelect} WHERE s.listing_id = $1 AND s.starts_at = ANY($2::timestamptz[]) ORDER BY s.starts_at`,
      [listingId, starts],
    );
    return rows.map(slotView);
  }

  /** Withdraws a slot nobody holds; a requested or confirmed visit on it must be declined or cancelled first. */
  async remove(caller: VisitCaller, slotId: string): Promise<void> {
    const { rows } = await this.db.pool.query<{ listing_id: string; owner_id: string; agent_id: string }>(
      `SELECT s.listing_id, l.owner_id, l.agent_id FROM real_estate_visit_slots s
       JOIN real_estate_listings l ON l.id = s.listing_id WHERE s.id = $1`,
      [slotId],
    );
    const slot = rows[0];
    if (slot === undefined || !isSide(slot, caller)) throw new AppError('NOT_FOUND', 'Ce créneau n’existe pas.');
    await withTransaction(this.db.pool, async (client) => {
      const live = await client.query(
        "SELECT 1 FROM real_estate_visits WHERE slot_id = $1 AND status IN ('requested', 'confirmed') FOR UPDATE",
        [slotId],
      );
      if ((live.rowCount ?? 0) > 0)
        throw new AppError('CONFLICT', 'Une visite est prévue sur ce créneau : refusez-la ou annulez-la d’abord.');
      // Past visits keep their times; they only lose the link to a slot that no longer exists.
      await client.query('UPDATE real_estate_visits SET slot_id = NULL WHERE slot_id = $1', [slotId]);
      await client.query('DELETE FROM real_estate_visit_slots WHERE id = $1', [slotId]);
      await appendAudit(client, {
        actor: { accountId: caller.principalId, label: `account:${caller.principalId}` },
        action: 'real_estate.slot_removed',
        subject: { type: 'real_estate_listing', id: slot.listing_id },
        place: 'cloud',
        detail: { slotId },
      });
    });
  }

  /** The future slots of a listing anyone may visit (published and running), or the listing's own side. */
  async list(caller: VisitCaller, listingId: string): Promise<Slot[]> {
    const listing = await listingOf(this.db, listingId);
    const now = this.now();
    const onMarket =
      listing?.status === 'published' && listing.expires_at !== null && listing.expires_at.getTime() > now.getTime();
    if (listing === undefined || !(onMarket || isSide(listing, caller)))
      throw new AppError('NOT_FOUND', 'Cette annonce n’existe pas.');
    const { rows } = await this.db.pool.query<SlotRow>(
      `${slotSelect} WHERE s.listing_id = $1 AND s.starts_at > $2 ORDER BY s.starts_at LIMIT 500`,
      [listingId, now],
    );
    return rows.map(slotView);
  }
}

interface SlotRow {
  id: string;
  starts_at: Date;
  ends_at: Date;
  free: boolean;
}

const slotSelect = `SELECT s.id, s.starts_at, s.ends_at, NOT EXISTS (
    SELECT 1 FROM real_estate_visits v WHERE v.agent_id = s.agent_id AND v.status IN ('requested', 'confirmed')
      AND v.during && tstzrange(s.starts_at, s.ends_at)) AS free
  FROM real_estate_visit_slots s`;

const slotView = (r: SlotRow): Slot => ({
  id: r.id,
  startsAt: new Date(r.starts_at).toISOString(),
  endsAt: new Date(r.ends_at).toISOString(),
  free: r.free,
});
