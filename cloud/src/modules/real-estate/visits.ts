/**
 * Visits (issue 25 item 4): a candidate asks for a slot; the visit holds the agent's time from the request on, and the
 * exclusion constraint `real_estate_visits_no_overlap` settles concurrent requests: of fifty candidates racing for
 * one slot, one inserts and the others get "Ce créneau vient d’être pris". The agent confirms (the visitor is told,
 * the listing counts a visit), declines (the time is free again), marks it done or the visitor absent (counted
 * against the visitor); either side cancels. Every step is audited and notified in its own transaction.
 */
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { AppError } from '@ismail/shared';
import type { Database } from '../../platform/db/database.js';
import { withTransaction } from '../../platform/db/transaction.js';
import { appendAudit } from '../../platform/audit/audit-log.js';
import { clip, localDateTime, type ServicesNotifier } from '../services/notify.js';
import { isAgentSide, isVisitor, visitFor, visitRowFor, type VisitCaller, type VisitRow } from './visit-read.js';
import type { Visit, VisitStatus } from './visit-schemas.js';

export const visitTakenMessage = 'Ce créneau vient d’être pris : choisissez-en un autre.';
/** The portal's visits page of the one told: the candidate's, or the listing side's. */
export const visitPath = (side: 'visitor' | 'agent'): string =>
  side === 'agent' ? '/immobilier/gestion/visites' : '/immobilier/visites';

const isCode = (error: unknown, code: string): boolean => (error as { code?: string }).code === code;

type Step = 'confirm' | 'decline' | 'done' | 'no_show' | 'cancel';
/** Per step: the states it moves from, the state it leads to, and whether only the listing's side takes it. */
const steps: Record<Step, { from: readonly VisitStatus[]; to: VisitStatus; agentOnly: boolean; started?: boolean }> = {
  confirm: { from: ['requested'], to: 'confirmed', agentOnly: true },
  decline: { from: ['requested'], to: 'declined', agentOnly: true },
  // Done and absent are said once the visit's time came, not before.
  done: { from: ['confirmed'], to: 'done', agentOnly: true, started: true },
  no_show: { from: ['confirmed'], to: 'no_show', agentOnly: true, started: true },
  cancel: { from: ['requested', 'confirmed'], to: 'cancelled', agentOnly: false },
};

export class RealEstateVisits {
  constructor(
    private readonly db: Database,
    private readonly notifier: ServicesNotifier,
    private readonly now: () => Date,
  ) {}

  /** Asks for a visit on a slot; a retry with the same key returns the same visit. */
  async request(
    caller: VisitCaller,
    input: { slotId: string; message?: string | undefined },
    idempotencyKey: string,
  ): Promise<Visit> {
    const replay = await this.byKey(caller, idempotencyKey);
    if (replay !== undefined) return replay;
    const { rows } = await this.db.pool.query<{
      listing_id: string;
      property_id: string;
      owner_id: string;
      listing_agent_id: string;
      agent_id: string;
      status: string;
      expires_at: Date | null;
      starts_at: Date;
      ends_at: Date;
    }>(
      `SELECT l.id AS listing_id, l.property_id, l.owner_id, l.agent_id AS listing_agent_id, s.agent_id, l.status,
         l.expires_at, s.starts_at, s.ends_at
       FROM real_estate_visit_slots s JOIN real_estate_listings l ON l.id = s.listing_id WHERE s.id = $1`,
      [input.slotId],
    );
    const slot = rows[0];
    const now = this.now();
    if (slot === undefined) throw new AppError('NOT_FOUND', 'Ce créneau n’existe pas.');
    if (slot.status !== 'published' || slot.expires_at === null || slot.expires_at.getTime() <= now.getTime())
      throw new AppError('NOT_FOUND', 'Cette annonce n’est pas (ou plus) publiée.');
    if (
      [slot.owner_id, slot.listing_agent_id, slot.agent_id].some(
        (id) => id === caller.ownerId || id === caller.principalId,
      )
    )
      throw new AppError('FORBIDDEN', 'Vous ne pouvez pas demander la visite de votre propre annonce.');
    if (new Date(slot.starts_at).getTime() <= now.getTime())
      throw new AppError('VALIDATION_FAILED', 'Ce créneau est passé : choisissez-en un autre.');
    const id = randomUUID();
    try {
      await withTransaction(this.db.pool, async (client) => {
        // The insert comes first: a racing request waits here on the constraint, not on the audit chain's lock.
        await client.query(
          `INSERT INTO real_estate_visits (id, listing_id, property_id, slot_id, visitor_id, agent_id, starts_at, ends_at,
             during, status, message, idempotency_key)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, tstzrange($7, $8), 'requested', $9, $10)`,
          [
            id,
            slot.listing_id,
            slot.property_id,
            input.slotId,
            caller.ownerId,
            slot.agent_id,
            slot.starts_at,
            slot.ends_at,
            input.message ?? '',
            idempotencyKey,
          ],
        );
        await appendAudit(client, {
          actor: { accountId: caller.principalId, label: `account:${caller.principalId}` },
          action: 'real_estate.visit_requested',
          subject: { type: 'real_estate_visit', id },
          place: 'cloud',
          detail: {
            listingId: slot.listing_id,
            slotId: input.slotId,
            startsAt: new Date(slot.starts_at).toISOString(),
          },
        });
        await this.tell(client, await visitRowFor(client, id, caller), 'real_estate.visit_requested', 'agent');
      });
    } catch (error) {
      if (isCode(error, '23P01')) throw new AppError('CONFLICT', visitTakenMessage);
      if (isCode(error, '23505')) {
        const again = await this.byKey(caller, idempotencyKey);
        if (again !== undefined) return again;
      }
      throw error;
    }
    return visitFor(this.db.pool, id, caller);
  }

  private async byKey(caller: VisitCaller, key: string): Promise<Visit | undefined> {
    const { rows } = await this.db.pool.query<{ id: string }>(
      'SELECT id FROM real_estate_visits WHERE visitor_id = $1 AND idempotency_key = $2',
      [caller.ownerId, key],
    );
    return rows[0] === undefined ? undefined : visitFor(this.db.pool, rows[0].id, caller);
  }

  /** Moves a visit one step; repeating a step already taken returns the visit as it is. */
  async step(caller: VisitCaller, visitId: string, step: Step): Promise<Visit> {
    const rule = steps[step];
    await withTransaction(this.db.pool, async (client) => {
      const row = await visitRowFor(client, visitId, caller, true);
      const agentSide = isAgentSide(row, caller);
      if (rule.agentOnly && !agentSide) throw new AppError('FORBIDDEN', 'Seul l’agent de l’annonce fait cela.');
      if (row.status === rule.to) return;
      if (!rule.from.includes(row.status))
        throw new AppError('CONFLICT', `Cette visite est ${statusFr[row.status]} : ce n’est plus possible.`);
      const now = this.now();
      if (rule.started === true && new Date(row.starts_at).getTime() > now.getTime())
        throw new AppError('CONFLICT', 'La visite n’a pas encore commencé.');
      // A request left unanswered until its time is over is declined or cancelled, not confirmed after the fact.
      if (rule.to === 'confirmed' && new Date(row.ends_at).getTime() <= now.getTime())
        throw new AppError('CONFLICT', 'L’heure de cette visite est passée : elle ne peut plus être confirmée.');
      // A visitor who is also on the listing's side cannot be; so the side that cancels is one or the other.
      const by = isVisitor(row, caller) && !agentSide ? 'visitor' : 'agent';
      await client.query(
        `UPDATE real_estate_visits SET status = $2, updated_at = $3,
           confirmed_at = CASE WHEN $2 = 'confirmed' THEN $3 ELSE confirmed_at END,
           cancelled_by = CASE WHEN $2 = 'cancelled' THEN $4 ELSE cancelled_by END
         WHERE id = $1`,
        [visitId, rule.to, now, by],
      );
      if (rule.to === 'confirmed')
        await client.query(
          `INSERT INTO real_estate_listing_daily (listing_id, day, visits) VALUES ($1, ($2::timestamptz AT TIME ZONE 'UTC')::date, 1)
           ON CONFLICT (listing_id, day) DO UPDATE SET visits = real_estate_listing_daily.visits + 1`,
          [row.listing_id, now],
        );
      await appendAudit(client, {
        actor: { accountId: caller.principalId, label: `account:${caller.principalId}` },
        action: `real_estate.visit_${rule.to}`,
        subject: { type: 'real_estate_visit', id: visitId },
        place: 'cloud',
        detail: { from: row.status, listingId: row.listing_id, by },
      });
      if (rule.to === 'confirmed') await this.tell(client, row, 'real_estate.visit_confirmed', 'visitor');
      if (rule.to === 'declined') await this.tell(client, row, 'real_estate.visit_cancelled', 'visitor');
      if (rule.to === 'cancelled')
        await this.tell(client, row, 'real_estate.visit_cancelled', by === 'visitor' ? 'agent' : 'visitor');
    });
    return visitFor(this.db.pool, visitId, caller);
  }

  private async tell(
    client: pg.PoolClient,
    row: VisitRow,
    type: 'real_estate.visit_requested' | 'real_estate.visit_confirmed' | 'real_estate.visit_cancelled',
    to: 'visitor' | 'agent',
  ): Promise<void> {
    const recipientId = to === 'visitor' ? row.visitor_id : row.agent_id;
    await this.notifier.send(
      client,
      {
        key: `${type}:${row.id}:${recipientId}`,
        type,
        recipientId,
        data: {
          otherName: clip(to === 'visitor' ? row.agent_name : row.visitor_name, 120),
          title: clip(row.listing_title, 120),
          startsAt: localDateTime(row.starts_at),
          link: `${this.notifier.publicUrl}${visitPath(to)}`,
        },
      },
      client,
    );
  }
}

const statusFr: Record<VisitStatus, string> = {
  requested: 'demandée',
  confirmed: 'confirmée',
  declined: 'refusée',
  cancelled: 'annulée',
  done: 'faite',
  no_show: 'manquée',
};
