/**
 * The establishment's bookable inventory at the counter, replicated from the cloud's
 * `booking_units` and `booking_reservations` shapes (see shape-sync): which units exist and
 * who holds which nights, known with the cloud unreachable.
 */
import type { HubDatabase } from '../store/open.js';
import type { CredentialStore } from './credentials.js';
import { ShapeSync, type ShapeReplica } from './shape-sync.js';

const unitsReplica: ShapeReplica<'booking_units'> = {
  shape: 'booking_units',
  clear: (db) => db.prepare('DELETE FROM booking_units').run(),
  upsert: (db, row) => {
    db.prepare(
      `INSERT INTO booking_units (id, kind, type_name, name, place, capacity, base_price_xof, tax_group, active) VALUES (@id, @kind, @type_name, @name, @place, @capacity, @base_price_xof, @tax_group, @active)
       ON CONFLICT (id) DO UPDATE SET kind = excluded.kind, type_name = excluded.type_name, name = excluded.name, place = excluded.place, capacity = excluded.capacity, base_price_xof = excluded.base_price_xof, tax_group = excluded.tax_group, active = excluded.active`,
    ).run({
      id: row.id,
      kind: row.kind,
      type_name: row.type_name,
      name: row.name,
      place: row.place,
      capacity: Number(row.capacity),
      base_price_xof: Number(row.base_price_xof),
      tax_group: row.tax_group,
      active: row.active === 't' ? 1 : 0,
    });
  },
  remove: (db, id) => db.prepare('DELETE FROM booking_units WHERE id = ?').run(id),
};

const reservationsReplica: ShapeReplica<'booking_reservations'> = {
  shape: 'booking_reservations',
  clear: (db) => db.prepare('DELETE FROM booking_reservations').run(),
  upsert: (db, row) => {
    db.prepare(
      `INSERT INTO booking_reservations (id, unit_id, guest_ismail_id, check_in, check_out, guests, status) VALUES (@id, @unit_id, @guest_ismail_id, @check_in, @check_out, @guests, @status)
       ON CONFLICT (id) DO UPDATE SET unit_id = excluded.unit_id, guest_ismail_id = excluded.guest_ismail_id, check_in = excluded.check_in, check_out = excluded.check_out, guests = excluded.guests, status = excluded.status`,
    ).run({
      id: row.id,
      unit_id: row.unit_id,
      guest_ismail_id: row.guest_ismail_id,
      // Days as the schema has them (YYYY-MM-DD): compared as text by staysOn.
      check_in: row.check_in,
      check_out: row.check_out,
      guests: Number(row.guests),
      status: row.status,
    });
  },
  remove: (db, id) => db.prepare('DELETE FROM booking_reservations WHERE id = ?').run(id),
};

export interface StayAtCounter {
  readonly reservationId: string;
  readonly unitId: string;
  readonly unitName: string;
  readonly guestIsmailId: string | null;
  readonly checkIn: string;
  readonly checkOut: string;
  readonly guests: number;
  readonly status: string;
}

export class BookingSync {
  private readonly unitsSync: ShapeSync<'booking_units'>;
  private readonly reservationsSync: ShapeSync<'booking_reservations'>;

  constructor(
    private readonly db: HubDatabase,
    credentials: CredentialStore,
    retryBaseMs = 1_000,
  ) {
    this.unitsSync = new ShapeSync(db, credentials, unitsReplica, retryBaseMs);
    this.reservationsSync = new ShapeSync(db, credentials, reservationsReplica, retryBaseMs);
  }

  start(): void {
    this.unitsSync.start();
    this.reservationsSync.start();
  }

  stop(): void {
    this.unitsSync.stop();
    this.reservationsSync.stop();
  }

  units(): { id: string; name: string; typeName: string; place: string; active: boolean }[] {
    return this.db
      .prepare<[], { id: string; name: string; type_name: string; place: string; active: number }>(
        'SELECT id, name, type_name, place, active FROM booking_units ORDER BY name LIMIT 1000',
      )
      .all()
      .map((u) => ({ id: u.id, name: u.name, typeName: u.type_name, place: u.place, active: u.active === 1 }));
  }

  /** Confirmed stays that include `day` (YYYY-MM-DD): check-in day up to, not including, check-out day. */
  staysOn(day: string): StayAtCounter[] {
    return this.db
      .prepare<
        [string, string],
        {
          id: string;
          unit_id: string;
          name: string | null;
          guest_ismail_id: string | null;
          check_in: string;
          check_out: string;
          guests: number;
          status: string;
        }
      >(
        `SELECT r.id, r.unit_id, u.name, r.guest_ismail_id, r.check_in, r.check_out, r.guests, r.status FROM booking_reservations r LEFT JOIN booking_units u ON u.id = r.unit_id
         WHERE r.status = 'confirmed' AND r.check_in <= ? AND r.check_out > ? ORDER BY u.name LIMIT 500`,
      )
      .all(day, day)
      .map((r) => ({
        reservationId: r.id,
        unitId: r.unit_id,
        unitName: r.name ?? '',
        guestIsmailId: r.guest_ismail_id,
        checkIn: r.check_in,
        checkOut: r.check_out,
        guests: r.guests,
        status: r.status,
      }));
  }

  state(): { units: number; reservations: number; syncedAt: string | null; lastError: string | null } {
    const count = (table: 'booking_units' | 'booking_reservations'): number =>
      this.db.prepare<[], { n: number }>(`SELECT count(*) AS n FROM ${table}`).get()?.n ?? 0;
    return {
      units: count('booking_units'),
      reservations: count('booking_reservations'),
      syncedAt: this.reservationsSync.syncedAt(),
      lastError: this.unitsSync.lastError ?? this.reservationsSync.lastError,
    };
  }
}
