/**
 * The Services shapes the client's screens read, taken from the generated API types (the cloud's TypeBox schemas
 * give both sides one definition). Money in whole FCFA.
 */
import type { paths } from '../../api/cloud-api.js';

type Json<T> = T extends { content: { 'application/json': infer B } } ? B : never;
type Answer<P extends keyof paths, M extends keyof paths[P], S extends string> = paths[P][M] extends {
  responses: Record<S, infer R>;
}
  ? Json<R>
  : never;

export type Category = Answer<'/v1/services/categories', 'get', '200'>['categories'][number];
export type SearchAnswer = Answer<'/v1/services/providers', 'get', '200'>;
export type ProviderCard = SearchAnswer['providers'][number];
export type ProviderProfile = Answer<'/v1/services/providers/{providerId}', 'get', '200'>;
export type Offer = ProviderProfile['offers'][number];
export type Review = ProviderProfile['reviews'][number];
export type Slot = Answer<'/v1/services/providers/{providerId}/slots', 'get', '200'>['slots'][number];
export type ServiceRequest = Answer<'/v1/services/requests', 'get', '200'>['requests'][number];
export type RequestDetail = Answer<'/v1/services/requests/{requestId}', 'get', '200'>;
export type Quote = RequestDetail['quotes'][number];
export type QuoteLine = Quote['lines'][number];
export type Appointment = Answer<'/v1/services/appointments/{appointmentId}', 'get', '200'>;
export type AppointmentStatus = Appointment['status'];
export type Dispute = NonNullable<Appointment['dispute']>;
export type Message = Answer<
  '/v1/services/requests/{requestId}/threads/{providerId}/messages',
  'get',
  '200'
>['messages'][number];
