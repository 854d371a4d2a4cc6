/** Reading appointments: one with its dispute and review, and a caller's list as client or as provider. */
import type pg from 'pg';
import { AppError, reviewWindowDays, type QuoteLine } from '@ismail/shared';
import {
  toDispute,
  type Appointment,
  type AppointmentMoney,
  type AppointmentStatus,
  type DisputeRow,
} from './flow-rows.js';

type Queryable = Pick<pg.Pool | pg.PoolClient, 'query'>;

interface AppointmentRow {
  id: string;
  request_id: string;
  quote_id: string | null;
  offer_id: string | null;
  client_id: string;
  client_name: string;
  provider_id: string;
  provider_name: string;
  title: string;
  lines: QuoteLine[];
  starts_at: Date;
  ends_at: Date;
  status: AppointmentStatus;
  amount_xof: string;
  amount_centi: string;
  hold_id: string;
  auto_release_days: number;
  done_at: Date | null;
  release_after: Date | null;
  completed_at: Date | null;
  released_by: Appointment['releasedBy'];
  captured_xof: string | null;
  refunded_xof: string | null;
  cancelled_by: Appointment['cancelledBy'];
  no_show: Appointment['noShow'];
  invoice_id: string | null;
  review_id: string | null;
  review_stars: number | null;
}

const columns = `a.id, a.request_id, a.quote_id, a.offer_id, a.client_id,
  coalesce(nullif(concat_ws(' ', c.first_name, left(c.last_name, 1) || '.'), ''), c.display_name) AS client_name,
  a.provider_id, p.display_name AS provider_name, a.title, a.lines, a.starts_at, a.ends_at, a.status, a.amount_xof,
  a.amount_centi, a.hold_id, a.auto_release_days, a.done_at, a.release_after, a.completed_at, a.released_by,
  a.captured_xof, a.refunded_xof, a.cancelled_by, a.no_show, a.invoice_id, r.id AS review_id, r.stars AS review_stars`;

const from = `service_appointments a JOIN accounts c ON c.id = a.client_id
  JOIN service_providers p ON p.account_id = a.provider_id LEFT JOIN service_reviews r ON r.appointment_id = a.id`;

const iso = (d: Date | null): string | null => (d === null ? null : new Date(d).toISOString());
const num = (v: string | null): number | null => (v === null ? null : Number(v));

function toAppointment(r: AppointmentRow, dispute: DisputeRow | undefined): Appointment & AppointmentMoney {
  const reviewUntil =
    r.status === 'completed' && r.completed_at !== null && r.review_id === null
      ? new Date(new Date(r.completed_at).getTime() + reviewWindowDays * 86_400_000).toISOString()
      : null;
  return {
    id: r.id,
    requestId: r.request_id,
    quoteId: r.quote_id,
    offerId: r.offer_id,
    clientId: r.client_id,
    clientName: r.client_name,
    providerId: r.provider_id,
    providerName: r.provider_name,
    title: r.title,
    lines: r.lines,
    startsAt: new Date(r.starts_at).toISOString(),
    endsAt: new Date(r.ends_at).toISOString(),
    status: r.status,
    amountXof: Number(r.amount_xof),
    autoReleaseDays: r.auto_release_days,
    doneAt: iso(r.done_at),
    releaseAfter: iso(r.release_after),
    completedAt: iso(r.completed_at),
    releasedBy: r.released_by,
    capturedXof: num(r.captured_xof),
    refundedXof: num(r.refunded_xof),
    cancelledBy: r.cancelled_by,
    noShow: r.no_show,
    invoiceId: r.invoice_id,
    dispute: dispute === undefined ? null : toDispute(dispute),
    review: r.review_id === null || r.review_stars === null ? null : { id: r.review_id, stars: r.review_stars },
    canReviewUntil: reviewUntil,
    holdId: r.hold_id,
    amountCentiCredits: Number(r.amount_centi),
  };
}

async function disputesOf(q: Queryable, ids: readonly string[]): Promise<Map<string, DisputeRow>> {
  if (ids.length === 0) return new Map();
  const { rows } = await q.query<DisputeRow>('SELECT * FROM service_disputes WHERE appointment_id = ANY($1::uuid[])', [
    ids,
  ]);
  return new Map(rows.map((d) => [d.appointment_id, d]));
}

/** The appointment as its client and provider read it: without the ledger's references. */
export function publicView(a: Appointment & AppointmentMoney): Appointment {
  const view: Record<string, unknown> = { ...a };
  delete view.holdId;
  delete view.amountCentiCredits;
  return view as unknown as Appointment;
}

/** An appointment, whoever asks (callers check who may see it). */
export async function appointmentById(q: Queryable, id: string): Promise<Appointment & AppointmentMoney> {
  const { rows } = await q.query<AppointmentRow>(`SELECT ${columns} FROM ${from} WHERE a.id = $1`, [id]);
  const row = rows[0];
  if (row === undefined) throw new AppError('NOT_FOUND', 'Ce rendez-vous n’existe pas.');
  return toAppointment(row, (await disputesOf(q, [id])).get(id));
}

/** An appointment its client or provider asks for; anyone else finds nothing. */
export async function appointmentFor(
  q: Queryable,
  id: string,
  accountId: string,
): Promise<Appointment & AppointmentMoney> {
  const appointment = await appointmentById(q, id);
  if (appointment.clientId !== accountId && appointment.providerId !== accountId)
    throw new AppError('NOT_FOUND', 'Ce rendez-vous n’existe pas.');
  return appointment;
}

export const appointmentPageMax = 50;

/** A caller's appointments as client or as provider, the latest start first; `before` pages on (start, id). */
export async function appointmentsOf(
  q: Queryable,
  accountId: string,
  role: 'client' | 'provider',
  before?: { startsAt: string; id: string },
): Promise<Appointment[]> {
  const who = role === 'client' ? 'a.client_id' : 'a.provider_id';
  const { rows } = await q.query<AppointmentRow>(
    `SELECT ${columns} FROM ${from} WHERE ${who} = $1
       AND ($2::timestamptz IS NULL OR (a.starts_at, a.id) < ($2::timestamptz, $3::uuid))
     ORDER BY a.starts_at DESC, a.id DESC LIMIT $4`,
    [accountId, before?.startsAt ?? null, before?.id ?? null, appointmentPageMax],
  );
  const disputes = await disputesOf(
    q,
    rows.map((r) => r.id),
  );
  return rows.map((r) => publicView(toAppointment(r, disputes.get(r.id))));
}
