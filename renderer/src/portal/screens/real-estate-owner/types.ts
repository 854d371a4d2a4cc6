/**
 * The real estate shapes an owner's, an agent's and an admin's screens read and send (issue 25), taken from the
 * generated API types (the cloud's TypeBox schemas give both). Money in whole FCFA, dates YYYY-MM-DD, instants
 * ISO 8601.
 */
import type { paths } from '../../api/cloud-api.js';

type Json<T> = T extends { content: { 'application/json': infer B } } ? B : never;
type Answer<P extends keyof paths, M extends keyof paths[P], S extends string> = paths[P][M] extends {
  responses: Record<S, infer R>;
}
  ? Json<R>
  : never;
type Body<P extends keyof paths, M extends keyof paths[P]> = paths[P][M] extends { requestBody?: infer R }
  ? Json<NonNullable<R>>
  : never;

export type Plan = Answer<'/v1/real-estate/plans', 'get', '200'>['plans'][number];
export type OwnerListing = Answer<'/v1/real-estate/my-listings/{listingId}', 'get', '200'>;
export type ListingStatus = OwnerListing['status'];
export type ListingFields = Body<'/v1/real-estate/listings', 'post'>;
export type ListingKind = ListingFields['kind'];
export type ListingDeal = ListingFields['deal'];
export type ListingEdit = Body<'/v1/real-estate/listings/{listingId}', 'patch'>;
export type Dashboard = Answer<'/v1/real-estate/dashboard', 'get', '200'>;
export type DashboardListing = Dashboard['listings'][number];
export type DailyFigures = Answer<'/v1/real-estate/my-listings/{listingId}/daily', 'get', '200'>['days'][number];
export type Slot = Answer<'/v1/real-estate/listings/{listingId}/slots', 'get', '200'>['slots'][number];
export type Visit = Answer<'/v1/real-estate/visits', 'get', '200'>['visits'][number];
export type VisitStatus = Visit['status'];
export type Lease = Answer<'/v1/real-estate/leases', 'get', '200'>['leases'][number];
export type RentDue = Lease['dues'][number];
export type LeaseInput = Body<'/v1/real-estate/leases', 'post'>;
export type Review = Answer<'/v1/admin/real-estate/review', 'get', '200'>;
export type ReviewReport = Review['reports'][number];
export type PublicListing = Answer<'/v1/real-estate/listings/{listingId}', 'get', '200'>;
