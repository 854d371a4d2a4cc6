/**
 * The services API's shapes as the contract of issue 24 states them (api.md). The cloud's routes were being written
 * while these screens were: the data functions read the answers through these types until the generated ones carry
 * them.
 */
export interface Category {
  readonly code: string;
  readonly labelFr: string;
  readonly labelEn: string;
}

export interface ProviderCard {
  readonly id: string;
  readonly displayName: string;
  readonly headline: string;
  readonly categories: readonly string[];
  readonly communes: readonly string[];
  readonly city: string;
  readonly distanceMetres: number | null;
  readonly priceMinXof: number | null;
  readonly priceMaxXof: number | null;
  readonly rating: { readonly average: number | null; readonly count: number };
  readonly kycVerified: boolean;
  readonly responseMinutes: number | null;
  readonly photoId: string | null;
  readonly hasFixedOffers: boolean;
}

export interface Offer {
  readonly id: string;
  readonly category: string;
  readonly title: string;
  readonly pricing: 'fixed' | 'quote';
  readonly priceXof: number | null;
  readonly durationMinutes: number;
}

export interface Review {
  readonly id: string;
  readonly stars: number;
  readonly body: string;
  readonly clientName: string;
  readonly createdAt: string;
  readonly answer: string | null;
  readonly answeredAt: string | null;
}

export interface ProviderProfile extends ProviderCard {
  readonly description: string;
  readonly offers: readonly Offer[];
  readonly photos: readonly { readonly id: string; readonly caption: string | null }[];
  readonly reviews: readonly Review[];
  readonly autoReleaseDays: number;
  readonly timeZone: string;
}

export interface Slot {
  readonly startsAt: string;
  readonly endsAt: string;
}

export interface ServiceRequest {
  readonly id: string;
  readonly clientId: string;
  readonly category: string;
  readonly description: string;
  readonly commune: string;
  readonly addressHint: string | null;
  readonly wishedFrom: string;
  readonly wishedTo: string;
  readonly photoIds: readonly string[];
  readonly status: 'open' | 'booked' | 'closed';
  readonly direct: boolean;
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
  readonly requestId: string;
  readonly providerId: string;
  readonly providerName: string;
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

export interface RequestDetail extends ServiceRequest {
  readonly quotes: readonly Quote[];
  readonly providers: readonly { readonly id: string; readonly displayName: string; readonly status: string }[];
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

export type AppointmentStatus = 'booked' | 'done' | 'disputed' | 'completed' | 'cancelled' | 'no_show';

export interface Appointment {
  readonly id: string;
  readonly requestId: string | null;
  readonly quoteId: string | null;
  readonly offerId: string | null;
  readonly clientId: string;
  readonly clientName: string;
  readonly providerId: string;
  readonly providerName: string;
  readonly title: string;
  readonly startsAt: string;
  readonly endsAt: string;
  readonly status: AppointmentStatus;
  readonly amountXof: number;
  readonly autoReleaseDays: number;
  readonly doneAt: string | null;
  readonly releaseAfter: string | null;
  readonly completedAt: string | null;
  readonly capturedXof: number | null;
  readonly refundedXof: number | null;
  readonly cancelledBy: string | null;
  readonly invoiceId: string | null;
  readonly dispute: Dispute | null;
  readonly review: { readonly id: string; readonly stars: number } | null;
  readonly canReviewUntil: string | null;
}

export interface Message {
  readonly id: string;
  readonly senderId: string;
  readonly mine: boolean;
  readonly body: string | null;
  readonly photoId: string | null;
  readonly createdAt: string;
  readonly readAt: string | null;
}
