/**
 * The real estate shapes the candidate's and tenant's screens read, taken from the generated API types (the cloud's
 * TypeBox schemas give both sides one definition). Money in whole FCFA, positions in micro-degrees.
 */
import type { paths } from '../../api/cloud-api.js';

type Json<T> = T extends { content: { 'application/json': infer B } } ? B : never;
type Answer<P extends keyof paths, M extends keyof paths[P], S extends string> = paths[P][M] extends {
  responses: Record<S, infer R>;
}
  ? Json<R>
  : never;

export type Deal = 'rent' | 'sale';
export const kinds = ['apartment', 'house', 'villa', 'studio', 'land', 'office', 'shop'] as const;
export const sorts = ['newest', 'price_asc', 'price_desc', 'area_desc'] as const;

export type SearchPage = Answer<'/v1/real-estate/search', 'get', '200'>;
export type ListingCard = SearchPage['listings'][number];
export type ListingDetail = Answer<'/v1/real-estate/listings/{listingId}', 'get', '200'>;
export type SavedSearch = Answer<'/v1/real-estate/saved-searches', 'get', '200'>['searches'][number];
/** A saved search's filters: the search's fields without its order. */
export type ListingFilters = SavedSearch['filters'];
export type Slot = Answer<'/v1/real-estate/listings/{listingId}/slots', 'get', '200'>['slots'][number];
export type Visit = Answer<'/v1/real-estate/visits/{visitId}', 'get', '200'>;
export type VisitStatus = Visit['status'];
export type Lease = Answer<'/v1/real-estate/leases/{leaseId}', 'get', '200'>;
export type RentDue = Lease['dues'][number];
