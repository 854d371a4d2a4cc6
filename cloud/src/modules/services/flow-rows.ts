/** The rows of requests, quotes, appointments and disputes, and their API shapes (api.md of issue 24). */
import type { QuoteLine } from '@ismail/shared';

export interface ServiceRequest {
  readonly id: string;
  readonly clientId: string;
  readonly category: string;
  readonly description: string;
  readonly commune: string;
  readonly addressHint: string;
  readonly wishedFrom: string;
  readonly wishedTo: string;
  readonly photoIds: string[];
  readonly status: 'open' | 'booked' | 'closed';
  readonly direct: boolean;
  readonly createdAt: string;
  readonly appointmentId: string | null;
}

export interface RequestRow {
  id: string;
  client_id: string;
  category: string;
  description: string;
  commune: string;
  address_hint: string;
  wished_from: Date;
  wished_to: Date;
  photo_ids: string[];
  status: ServiceRequest['status'];
  direct: boolean;
  created_at: Date;
  appointment_id: string | null;
}

export const requestColumns = `r.id, r.client_id, r.category, r.description, r.commune, r.address_hint, r.wished_from,
  r.wished_to, r.photo_ids, r.status, r.direct, r.created_at,
  (SELECT a.id FROM service_appointments a WHERE a.request_id = r.id ORDER BY a.created_at DESC LIMIT 1) AS appointment_id`;

export const toRequest = (r: RequestRow): ServiceRequest => ({
  id: r.id,
  clientId: r.client_id,
  category: r.category,
  description: r.description,
  commune: r.commune,
  addressHint: r.address_hint,
  wishedFrom: new Date(r.wished_from).toISOString(),
  wishedTo: new Date(r.wished_to).toISOString(),
  photoIds: r.photo_ids,
  status: r.status,
  direct: r.direct,
  createdAt: new Date(r.created_at).toISOString(),
  appointmentId: r.appointment_id,
});

export interface Quote {
  readonly id: string;
  readonly requestId: string;
  readonly providerId: string;
  readonly providerName: string;
  readonly version: number;
  readonly lines: QuoteLine[];
  readonly totalXof: number;
  readonly taxXof: number;
  readonly startsAt: string;
  readonly durationMinutes: number;
  readonly note: string;
  readonly validUntil: string;
  readonly status: 'sent' | 'superseded' | 'accepted' | 'withdrawn' | 'lost';
  readonly createdAt: string;
}

export interface QuoteRow {
  id: string;
  request_id: string;
  provider_id: string;
  provider_name: string;
  version: number;
  lines: QuoteLine[];
  total_xof: string;
  tax_xof: string;
  starts_at: Date;
  duration_minutes: number;
  note: string;
  valid_until: Date;
  status: Quote['status'];
  created_at: Date;
}

export const quoteColumns = `q.id, q.request_id, q.provider_id, p.display_name AS provider_name, q.version, q.lines,
  q.total_xof, q.tax_xof, q.starts_at, q.duration_minutes, q.note, q.valid_until, q.status, q.created_at`;

export const toQuote = (r: QuoteRow): Quote => ({
  id: r.id,
  requestId: r.request_id,
  providerId: r.provider_id,
  providerName: r.provider_name,
  version: r.version,
  lines: r.lines,
  totalXof: Number(r.total_xof),
  taxXof: Number(r.tax_xof),
  startsAt: new Date(r.starts_at).toISOString(),
  durationMinutes: r.duration_minutes,
  note: r.note,
  validUntil: new Date(r.valid_until).toISOString(),
  status: r.status,
  createdAt: new Date(r.created_at).toISOString(),
});

export type AppointmentStatus = 'booked' | 'done' | 'disputed' | 'completed' | 'cancelled' | 'no_show';

export interface Dispute {
  readonly id: string;
  readonly appointmentId: string;
  readonly openedBy: string;
  readonly reason: string;
  readonly evidencePhotoIds: string[];
  readonly status: 'open' | 'decided';
  readonly answerDueAt: string;
  readonly answer: string | null;
  readonly outcome: 'release' | 'refund' | null;
  readonly refundBp: number | null;
  readonly decisionNote: string | null;
  readonly decidedAt: string | null;
}

export interface DisputeRow {
  id: string;
  appointment_id: string;
  opened_by: string;
  reason: string;
  evidence_photo_ids: string[];
  status: Dispute['status'];
  answer_due_at: Date;
  answer: string | null;
  outcome: Dispute['outcome'];
  refund_bp: number | null;
  decision_note: string | null;
  decided_at: Date | null;
}

export const toDispute = (r: DisputeRow): Dispute => ({
  id: r.id,
  appointmentId: r.appointment_id,
  openedBy: r.opened_by,
  reason: r.reason,
  evidencePhotoIds: r.evidence_photo_ids,
  status: r.status,
  answerDueAt: new Date(r.answer_due_at).toISOString(),
  answer: r.answer,
  outcome: r.outcome,
  refundBp: r.refund_bp,
  decisionNote: r.decision_note,
  decidedAt: r.decided_at === null ? null : new Date(r.decided_at).toISOString(),
});

export interface Appointment {
  readonly id: string;
  readonly requestId: string;
  readonly quoteId: string | null;
  readonly offerId: string | null;
  readonly clientId: string;
  readonly clientName: string;
  readonly providerId: string;
  readonly providerName: string;
  readonly title: string;
  readonly lines: QuoteLine[];
  readonly startsAt: string;
  readonly endsAt: string;
  readonly status: AppointmentStatus;
  readonly amountXof: number;
  readonly autoReleaseDays: number;
  readonly doneAt: string | null;
  readonly releaseAfter: string | null;
  readonly completedAt: string | null;
  readonly releasedBy: 'client' | 'auto' | 'dispute' | 'cancellation' | null;
  readonly capturedXof: number | null;
  readonly refundedXof: number | null;
  readonly cancelledBy: 'client' | 'provider' | null;
  readonly noShow: 'client' | 'provider' | null;
  readonly invoiceId: string | null;
  readonly dispute: Dispute | null;
  readonly review: { id: string; stars: number } | null;
  readonly canReviewUntil: string | null;
}

/** What the money side of an appointment needs, besides the API shape. */
export interface AppointmentMoney {
  readonly holdId: string;
  readonly amountCentiCredits: number;
}
