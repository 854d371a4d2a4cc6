/** Booking's public shapes (a bookable unit, a reservation) and the table rows they are read from. */
import type { CancellationRule } from '@ismail/shared';

export interface BookingUnit {
  readonly id: string;
  readonly partnerId: string;
  readonly kind: 'room' | 'event_seat' | 'transport_seat';
  readonly typeName: string;
  readonly name: string;
  readonly place: string;
  readonly capacity: number;
  readonly basePriceXof: number;
  readonly taxGroup: string;
}

export interface Reservation {
  readonly id: string;
  readonly clientId: string;
  readonly partnerId: string;
  readonly unitId: string;
  readonly checkIn: string;
  readonly checkOut: string;
  readonly guests: number;
  readonly status: 'held' | 'confirmed' | 'cancelled' | 'expired';
  readonly amountXof: number;
  readonly amountCentiCredits: number;
  readonly holdExpiresAt: string;
  readonly invoiceId: string | null;
  readonly creditNoteId: string | null;
  readonly refundCentiCredits: number | null;
}

export interface UnitRow {
  id: string;
  partner_id: string;
  kind: BookingUnit['kind'];
  type_name: string;
  name: string;
  place: string;
  capacity: number;
  base_price_xof: number;
  tax_group: string;
}

export interface ReservationRow {
  id: string;
  client_id: string;
  partner_id: string;
  unit_id: string;
  check_in: string;
  check_out: string;
  guests: number;
  status: Reservation['status'];
  amount_xof: number;
  amount_centi: string;
  hold_id: string;
  hold_expires_at: Date;
  cancellation: CancellationRule[];
  invoice_id: string | null;
  credit_note_id: string | null;
  refund_centi: string | null;
}

export const toUnit = (r: UnitRow): BookingUnit => ({
  id: r.id,
  partnerId: r.partner_id,
  kind: r.kind,
  typeName: r.type_name,
  name: r.name,
  place: r.place,
  capacity: r.capacity,
  basePriceXof: r.base_price_xof,
  taxGroup: r.tax_group,
});

export const toReservation = (r: ReservationRow): Reservation => ({
  id: r.id,
  clientId: r.client_id,
  partnerId: r.partner_id,
  unitId: r.unit_id,
  checkIn: r.check_in,
  checkOut: r.check_out,
  guests: r.guests,
  status: r.status,
  amountXof: r.amount_xof,
  amountCentiCredits: Number(r.amount_centi),
  holdExpiresAt: r.hold_expires_at.toISOString(),
  invoiceId: r.invoice_id,
  creditNoteId: r.credit_note_id,
  refundCentiCredits: r.refund_centi === null ? null : Number(r.refund_centi),
});

/** Dates come back from PostgreSQL as text (no time zone games with `date`). */
export const reservationColumns = `id, client_id, partner_id, unit_id, check_in::text AS check_in, check_out::text AS check_out, guests, status, amount_xof, amount_centi, hold_id,
  hold_expires_at, cancellation, invoice_id, credit_note_id, refund_centi`;
