/**
 * The real estate shapes the candidate's and tenant's screens read, written from the module's API contract (issue 25)
 * while its cloud routes are being built; money in whole FCFA, positions in micro-degrees.
 */
export type Deal = 'rent' | 'sale';
export type Kind = 'apartment' | 'house' | 'villa' | 'studio' | 'land' | 'office' | 'shop';
export const kinds: readonly Kind[] = ['apartment', 'house', 'villa', 'studio', 'land', 'office', 'shop'];
export type Sort = 'newest' | 'price_asc' | 'price_desc' | 'area_desc';
export const sorts: readonly Sort[] = ['newest', 'price_asc', 'price_desc', 'area_desc'];

export interface ListingCard {
  readonly id: string;
  readonly title: string;
  readonly deal: Deal;
  readonly kind: Kind;
  readonly priceXof: number;
  readonly chargesXof: number;
  readonly areaM2: number;
  readonly rooms: number | null;
  readonly bedrooms: number | null;
  readonly furnished: boolean;
  readonly commune: string;
  readonly neighbourhood: string | null;
  readonly latE6: number;
  readonly lngE6: number;
  readonly photoId: string | null;
  readonly publishedAt: string | null;
}

export interface ListingDetail extends ListingCard {
  readonly description: string;
  readonly bathrooms: number | null;
  readonly videoUrl: string | null;
  readonly depositMonths: number;
  readonly advanceMonths: number;
  readonly photos: readonly { readonly id: string }[];
  readonly agentName: string;
  readonly exactPosition: boolean;
  readonly expiresAt: string | null;
}

export interface SearchPage {
  readonly listings: readonly ListingCard[];
  readonly nextCursor: string | null;
}

/** The search's fields as the cloud's query takes them (and a saved search keeps them). */
export interface ListingFilters {
  readonly deal?: Deal;
  readonly kind?: Kind;
  readonly commune?: string;
  readonly minPriceXof?: number;
  readonly maxPriceXof?: number;
  readonly minAreaM2?: number;
  readonly minRooms?: number;
  readonly furnished?: boolean;
  readonly bbox?: string;
  readonly sort?: Sort;
}

export interface SavedSearch {
  readonly id: string;
  readonly name: string;
  readonly filters: ListingFilters;
  readonly alerts: boolean;
  readonly createdAt: string;
}

export interface Slot {
  readonly id: string;
  readonly startsAt: string;
  readonly endsAt: string;
  readonly free: boolean;
}

export type VisitStatus = 'requested' | 'confirmed' | 'declined' | 'cancelled' | 'done' | 'no_show';
export interface Visit {
  readonly id: string;
  readonly listingId: string;
  readonly listingTitle: string;
  readonly commune: string;
  readonly status: VisitStatus;
  readonly startsAt: string;
  readonly endsAt: string;
  readonly visitorId: string;
  readonly visitorName: string;
  readonly visitorNoShows: number;
  readonly agentId: string;
  readonly agentName: string;
  readonly message: string | null;
  readonly confirmedAt: string | null;
  readonly createdAt: string;
}

export interface RentDue {
  readonly id: string;
  readonly period: string;
  readonly dueOn: string;
  readonly amountXof: number;
  readonly paidXof: number;
  readonly status: string;
  readonly late: boolean;
  readonly collectionFileId: string | null;
}

export interface LeaseDocument {
  readonly id: string;
  readonly kind: string;
  readonly fileName: string;
  readonly createdAt: string;
  readonly sha256: string;
}

export interface Lease {
  readonly id: string;
  readonly listingId: string;
  readonly title: string;
  readonly commune: string;
  readonly landlordId: string;
  readonly landlordName: string;
  readonly tenantId: string;
  readonly tenantName: string;
  readonly rentXof: number;
  readonly chargesXof: number;
  readonly depositXof: number;
  readonly advanceXof: number;
  readonly startsOn: string;
  readonly durationMonths: number;
  readonly revisionOn: string | null;
  readonly paymentDay: number;
  readonly graceDays: number;
  readonly status: string;
  readonly documentId: string | null;
  readonly documentSha256: string | null;
  readonly signatures: readonly {
    readonly party: 'landlord' | 'tenant';
    readonly typedName: string;
    readonly signedAt: string;
  }[];
  readonly depositReturnedXof: number | null;
  readonly depositReturnedAt: string | null;
  readonly dues: readonly RentDue[];
  readonly documents: readonly LeaseDocument[];
}
