/**
 * The Services shapes a provider's and an admin's screens read and send, taken from the generated API types (one
 * schema per shape: the cloud's TypeBox schemas give both). Money in whole FCFA.
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

export type Category = Answer<'/v1/services/categories', 'get', '200'>['categories'][number];
export type MyProfile = Answer<'/v1/services/me/profile', 'get', '200'>;
export type Position = NonNullable<MyProfile['position']>;
export type WeeklyInterval = MyProfile['weekly'][number];
export type DayException = MyProfile['exceptions'][number];
export type ProfileInput = Body<'/v1/services/me/profile', 'put'>;
export type Offer = Answer<'/v1/services/me/offers', 'post', '201'>;
export type OfferInput = Body<'/v1/services/me/offers', 'post'>;
export type OfferEdit = Body<'/v1/services/me/offers/{offerId}', 'patch'>;
export type InboxRequest = Answer<'/v1/services/inbox', 'get', '200'>['requests'][number];
export type RequestDetail = Answer<'/v1/services/requests/{requestId}', 'get', '200'>;
export type Quote = RequestDetail['quotes'][number];
export type QuoteInput = Body<'/v1/services/requests/{requestId}/quotes', 'post'>;
export type Thread = Answer<'/v1/services/requests/{requestId}/threads/{providerId}/messages', 'get', '200'>;
export type Appointment = Answer<'/v1/services/appointments', 'get', '200'>['appointments'][number];
export type AdminDispute = Answer<'/v1/admin/services/disputes', 'get', '200'>['disputes'][number];
export type Decision = Body<'/v1/admin/services/disputes/{disputeId}/decision', 'post'>;
export type ReviewReport = Answer<'/v1/admin/services/review-reports', 'get', '200'>['reports'][number];
