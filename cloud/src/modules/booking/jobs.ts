/**
 * Booking's periodic work: holds nobody confirmed in time are voided with their nights
 * returned, and guests arriving tomorrow get a reminder. Each step is safe to repeat: expiry
 * is keyed on the hold, a reminder on the reservation (an event key notifies once).
 */
import type { Database } from '../../platform/db/database.js';
import type { NotificationService } from '../notifications/service.js';
import type { BookingService } from './booking.js';
import type { PeriodicJob } from '../../platform/jobs/scheduler.js';

/** Reminders sent per run: bounded work. */
const remindersPerRun = 200;

export async function remindArrivals(
  db: Database,
  notifications: NotificationService,
  now: Date = new Date(),
): Promise<number> {
  const tomorrow = new Date(now.getTime() + 86_400_000).toISOString().slice(0, 10);
  const { rows } = await db.pool.query<{
    id: string;
    client_id: string;
    first_name: string | null;
    display_name: string;
    type_name: string;
    name: string;
    place: string;
    check_in: string;
  }>(
    `SELECT r.id, r.client_id, a.first_name, a.display_name, u.type_name, u.name, u.place, r.check_in::text AS check_in
     FROM booking_reservations r JOIN accounts a ON a.id = r.client_id JOIN booking_units u ON u.id = r.unit_id
     WHERE r.status = 'confirmed' AND r.reminded_at IS NULL AND r.check_in <= $1::date AND r.check_in >= $2::date
     ORDER BY r.check_in LIMIT $3`,
    [tomorrow, now.toISOString().slice(0, 10), remindersPerRun],
  );
  for (const r of rows) {
    await notifications.emit({
      key: `booking-reminder:${r.id}`,
      type: 'booking.reminder',
      recipientId: r.client_id,
      data: {
        firstName: r.first_name ?? r.display_name,
        unitName: `${r.type_name} ${r.name}`.slice(0, 200),
        place: r.place,
        checkIn: r.check_in,
      },
    });
    await db.pool.query('UPDATE booking_reservations SET reminded_at = now() WHERE id = $1', [r.id]);
  }
  return rows.length;
}

/** Booking's periodic jobs: stays nobody confirmed in time are voided, tomorrow's guests reminded. */
export function bookingJobs(db: Database, booking: BookingService, notifications: NotificationService): PeriodicJob[] {
  return [
    { name: 'booking.expire-holds', everyMs: 30_000, timeoutMs: 60_000, run: () => booking.expireHolds() },
    {
      name: 'booking.remind-arrivals',
      everyMs: 30_000,
      timeoutMs: 60_000,
      run: () => remindArrivals(db, notifications),
    },
  ];
}
