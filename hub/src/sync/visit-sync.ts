/**
 * The agency's property visits at the hub, replicated from the cloud's `real_estate_visits` shape (see shape-sync):
 * which property, which visitor (ISMAIL ID), when and in what state, known with the cloud unreachable, so a property's
 * door lock can open for a confirmed visitor in the visit's window (iot/door-desk).
 */
import type { HubDatabase } from '../store/open.js';
import type { CredentialStore } from './credentials.js';
import { ShapeSync, type ShapeReplica } from './shape-sync.js';

const visitsReplica: ShapeReplica<'real_estate_visits'> = {
  shape: 'real_estate_visits',
  clear: (db) => db.prepare('DELETE FROM real_estate_visits').run(),
  upsert: (db, row) => {
    db.prepare(
      `INSERT INTO real_estate_visits (id, property_id, visitor_ismail_id, starts_at, ends_at, status)
       VALUES (@id, @property_id, @visitor_ismail_id, @starts_at, @ends_at, @status)
       ON CONFLICT (id) DO UPDATE SET property_id = excluded.property_id, visitor_ismail_id = excluded.visitor_ismail_id,
         starts_at = excluded.starts_at, ends_at = excluded.ends_at, status = excluded.status`,
    ).run({
      id: row.id,
      property_id: row.property_id,
      visitor_ismail_id: row.visitor_ismail_id,
      starts_at: row.starts_at,
      ends_at: row.ends_at,
      status: row.status,
    });
  },
  remove: (db, id) => db.prepare('DELETE FROM real_estate_visits WHERE id = ?').run(id),
};

export interface VisitAtDoor {
  readonly visitId: string;
  readonly startsAt: string;
  readonly endsAt: string;
}

/** A visitor may be let in this long before the visit starts (waiting at the door); never after it ends. */
export const visitEarlyMs = 15 * 60_000;

export class VisitSync {
  private readonly sync: ShapeSync<'real_estate_visits'>;

  constructor(
    private readonly db: HubDatabase,
    credentials: CredentialStore,
    retryBaseMs = 1_000,
  ) {
    this.sync = new ShapeSync(db, credentials, visitsReplica, retryBaseMs);
  }

  start(): void {
    this.sync.start();
  }

  stop(): void {
    this.sync.stop();
  }

  /** The visitor's confirmed visits of a property, soonest first (bounded: a visitor books few). */
  confirmedVisits(propertyId: string, visitorIsmailId: string): VisitAtDoor[] {
    return this.db
      .prepare<[string, string], { id: string; starts_at: string; ends_at: string }>(
        `SELECT id, starts_at, ends_at FROM real_estate_visits
         WHERE property_id = ? AND visitor_ismail_id = ? AND status = 'confirmed' ORDER BY starts_at LIMIT 100`,
      )
      .all(propertyId, visitorIsmailId)
      .map((v) => ({ visitId: v.id, startsAt: v.starts_at, endsAt: v.ends_at }));
  }

  /** The confirmed visit whose window holds `at`: from 15 minutes before its start up to, not including, its end. */
  visitOpenAt(propertyId: string, visitorIsmailId: string, at: Date): VisitAtDoor | undefined {
    const now = at.getTime();
    return this.confirmedVisits(propertyId, visitorIsmailId).find(
      (v) => Date.parse(v.startsAt) - visitEarlyMs <= now && now < Date.parse(v.endsAt),
    );
  }

  state(): { visits: number; syncedAt: string | null; lastError: string | null } {
    return {
      visits: this.db.prepare<[], { n: number }>('SELECT count(*) AS n FROM real_estate_visits').get()?.n ?? 0,
      syncedAt: this.sync.syncedAt(),
      lastError: this.sync.lastError,
    };
  }
}
