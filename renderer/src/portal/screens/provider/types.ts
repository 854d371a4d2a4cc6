/**
 * The Services shapes a provider's and an admin's screens read, as the contract of issue 24 states them (the cloud's
 * routes are written at the same time: these follow /tmp/prompts/api.md field by field). Money in whole FCFA.
 */

export interface Category {
  readonly code: string;
  readonly labelFr: string;
  readonly labelEn: string;
}

export interface Position {
  readonly latE6: number;
  readonly lngE6: number;
}

export interface Offer {
  readonly id: string;
  readonly category: string;
  readonly title: string;
  readonly pricing: 'fixed' | 'quote';
  readonly priceXof: number | null;
  readonly durationMinutes: number;
  /** Deactivated offers may be listed to their owner (the public profile shows active ones only). */
  readonly active?: boolean;
}

export interface WeeklyInterval {
  /** 0 is Monday. */
  readonly weekday: number;
  readonly startMinute: number;
  readonly endMinute: number;
}

export interface DayException {
  readonly day: string;
  readonly hours: { readonly startMinute: number; readonly endMinute: number } | null;
}

export interface MyProfile {
  readonly id: string;
  readonly displayName: string;
  readonly headline: string;
  readonly description: string;
  readonly categories: readonly string[];
  readonly communes: readonly string[];
  readonly city: string;
  readonly position: Position | null;
  readonly priceMinXof: number | null;
  readonly priceMaxXof: number | null;
  readonly bufferBeforeMinutes: number;
  readonly bufferAfterMinutes: number;
  readonly minNoticeMinutes: number;
  readonly horizonDays: number;
  readonly slotStepMinutes: number;
  readonly autoReleaseDays: number;
  readonly active: boolean;
  readonly timeZone: string;
  readonly weekly: readonly WeeklyInterval[];
  readonly exceptions: readonly DayException[];
  readonly offers: readonly Offer[];
  readonly photos: readonly { readonly id: string; readonly caption: string | null }[];
}

export type ProfileInput = Omit<MyProfile, 'id' | 'weekly' | 'exceptions' | 'offers' | 'photos' | 'position'> & {
  readonly position?: Position;
};

export interface OfferInput {
  readonly category: string;
  readonly title: string;
  readonly pricing: 'fixed' | 'quote';
  readonly priceXof?: number;
  readonly durationMinutes: number;
}

export interface ServiceRequest {
  readonly id: string;
  readonly clientId: string;
  readonly clientName?: string;
  readonly category: string;
  readonly description: string;
  readonly commune: string;
  readonly addressHint: string | null;
  readonly wishedFrom: string;
  readonly wishedTo: string;
  readonly photoIds: readonly string[];
  readonly status: 'open' | 'booked' | 'closed';
  readonly createdAt: string;
  readonly appointmentId: string | null;
}

export interface QuoteLine {
  readonly label: string;
  readonly quantityMilli: number;
  readonly unitPriceXof: number;
  readonly taxGroup: string;
}

export interface Quote {
  readonly id: string;
  readonly providerId: string;
  readonly version: number;
  readonly lines: readonly QuoteLine[];
  readonly totalXof: number;
  readonly taxXof: number;
  readonly startsAt: string;
  readonly durationMinutes: number;
  readonly note: string | null;
  readonly validUntil: string;
  readonly status: 'sent' | 'superseded' | 'accepted' | 'withdrawn' | 'lost';
  readonly createdAt: string;
}

export type RequestDetail = ServiceRequest & { readonly quotes: readonly Quote[] };

export interface QuoteInput {
  readonly lines: readonly QuoteLine[];
  readonly startsAt: string;
  readonly durationMinutes: number;
  readonly validDays: number;
  readonly note?: string;
}

export interface Message {
  readonly id: string;
  readonly mine: boolean;
  readonly body: string | null;
  readonly photoId: string | null;
  readonly createdAt: string;
  readonly readAt: string | null;
}

export interface Dispute {
  readonly id: string;
  readonly appointmentId: string;
  readonly openedBy: string;
  readonly reason: string;
  readonly evidencePhotoIds: readonly string[];
  readonly status: 'open' | 'decided';
  readonly answerDueAt: string;
  readonly answer: string | null;
  readonly outcome: 'release' | 'refund' | null;
  readonly refundBp: number | null;
  readonly decisionNote: string | null;
  readonly decidedAt: string | null;
}

export interface Appointment {
  readonly id: string;
  readonly requestId: string | null;
  readonly clientId: string;
  readonly clientName: string;
  readonly providerId: string;
  readonly providerName: string;
  readonly title: string;
  readonly startsAt: string;
  readonly endsAt: string;
  readonly status: 'booked' | 'done' | 'disputed' | 'completed' | 'cancelled' | 'no_show';
  readonly amountXof: number;
  readonly releaseAfter: string | null;
  readonly dispute: Dispute | null;
}

/** An admin's view of a dispute: the dispute and its appointment (title, parties, amount). */
export type AdminDispute = Dispute & { readonly appointment: Appointment };

export interface ReviewReport {
  readonly id: string;
  readonly reviewId: string;
  readonly reason: string;
  readonly createdAt: string;
  readonly review: { readonly stars: number; readonly body: string; readonly providerName?: string };
}
