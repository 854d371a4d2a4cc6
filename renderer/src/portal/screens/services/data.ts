/**
 * Services' server data for the client's screens (and the appointment screens both sides share): queries and the
 * writes. Every call goes through the portal's one client (bearer token, refresh); the paths are written out whole
 * since the generated API types did not carry the services routes when these screens were written (types.ts).
 */
import { queryOptions } from '@tanstack/react-query';
import { api, apiError, ApiError } from '../../api/client.js';
import type {
  Appointment,
  Category,
  Dispute,
  Message,
  ProviderCard,
  ProviderProfile,
  RequestDetail,
  ServiceRequest,
  Slot,
} from './types.js';

type Query = Record<string, string | number | undefined>;
interface Init {
  readonly query?: Query;
  readonly body?: unknown;
  readonly headers?: Record<string, string>;
}
interface Answer {
  readonly data?: unknown;
  readonly error?: unknown;
  readonly response: Response;
}
/** The same client, without the path typing (see the file's comment). */
const untyped = api as unknown as Record<'GET' | 'POST', (path: string, init: object) => Promise<Answer>>;

/** The cloud's refusal with its French message kept (Refusal.tsx shows it). */
function refusal(error: unknown, status: number): ApiError {
  const failure = apiError(error, status);
  const message = (error as { error?: { message?: unknown } } | undefined)?.error?.message;
  return typeof message === 'string' && message !== '' ? Object.assign(failure, { detail: message }) : failure;
}

async function call<T>(method: 'GET' | 'POST', path: string, init: Init = {}): Promise<T> {
  const query = Object.fromEntries(Object.entries(init.query ?? {}).filter(([, v]) => v !== undefined && v !== ''));
  const { data, error, response } = await untyped[method](path, {
    params: { query },
    // Fastify refuses an empty JSON body: an action without fields sends {}.
    ...(method === 'POST' ? { body: init.body ?? {} } : {}),
    ...(init.headers === undefined ? {} : { headers: init.headers }),
  });
  if (!response.ok || data === undefined) throw refusal(error, response.status);
  return data as T;
}

export const servicesGet = <T>(path: string, query?: Query): Promise<T> =>
  call<T>('GET', path, query === undefined ? {} : { query });
export const servicesPost = <T>(path: string, body?: unknown, headers?: Record<string, string>): Promise<T> =>
  call<T>('POST', path, { body, ...(headers === undefined ? {} : { headers }) });

const id = encodeURIComponent;

export const categoriesQuery = queryOptions({
  queryKey: ['services', 'categories'],
  staleTime: 3_600_000,
  queryFn: () => servicesGet<{ categories: Category[] }>('/v1/services/categories'),
});

export interface ProviderSearch {
  readonly category?: string | undefined;
  readonly q?: string | undefined;
  readonly commune?: string | undefined;
  readonly minRating?: number | undefined;
}

export const searchPage = (search: ProviderSearch, cursor: string | undefined) =>
  servicesGet<{ providers: ProviderCard[]; next: string | null }>('/v1/services/providers', {
    ...search,
    cursor,
    limit: 20,
  });

export const providerQuery = (providerId: string) =>
  queryOptions({
    queryKey: ['services', 'provider', providerId],
    queryFn: () => servicesGet<ProviderProfile>(`/v1/services/providers/${id(providerId)}`),
  });

export const slotsQuery = (providerId: string, offerId: string, from: string) =>
  queryOptions({
    queryKey: ['services', 'slots', providerId, offerId, from],
    staleTime: 0,
    queryFn: () =>
      servicesGet<{ timeZone: string; slots: Slot[] }>(`/v1/services/providers/${id(providerId)}/slots`, {
        from,
        days: 14,
        offerId,
      }),
  });

/** The caller's provider profile, or null when it is not a provider (404). */
export const myProviderQuery = queryOptions({
  queryKey: ['services', 'me', 'profile'],
  queryFn: async (): Promise<{ id: string; displayName: string } | null> => {
    try {
      return await servicesGet<{ id: string; displayName: string }>('/v1/services/me/profile');
    } catch (error) {
      if (error instanceof ApiError && (error.status === 404 || error.status === 403)) return null;
      throw error;
    }
  },
});

export const requestsQuery = queryOptions({
  queryKey: ['services', 'requests'],
  staleTime: 0,
  queryFn: () => servicesGet<{ requests: ServiceRequest[] }>('/v1/services/requests'),
});

export const requestQuery = (requestId: string) =>
  queryOptions({
    queryKey: ['services', 'request', requestId],
    staleTime: 0,
    queryFn: () => servicesGet<RequestDetail>(`/v1/services/requests/${id(requestId)}`),
  });

export const messagesQuery = (requestId: string, providerId: string) =>
  queryOptions({
    queryKey: ['services', 'messages', requestId, providerId],
    staleTime: 0,
    // Refreshed every 10 s while shown: simple, and enough for a conversation about a repair.
    refetchInterval: 10_000,
    queryFn: () =>
      servicesGet<{ messages: Message[]; masked: boolean }>(
        `/v1/services/requests/${id(requestId)}/threads/${id(providerId)}/messages`,
      ),
  });

export const appointmentsQuery = (role: 'client' | 'provider') =>
  queryOptions({
    queryKey: ['services', 'appointments', role],
    staleTime: 0,
    queryFn: () => servicesGet<{ appointments: Appointment[] }>('/v1/services/appointments', { role }),
  });

export const appointmentQuery = (appointmentId: string) =>
  queryOptions({
    queryKey: ['services', 'appointment', appointmentId],
    staleTime: 0,
    queryFn: () => servicesGet<Appointment>(`/v1/services/appointments/${id(appointmentId)}`),
  });

export type AppointmentAction = 'done' | 'confirm' | 'cancel';
export const appointmentAction = (appointmentId: string, action: AppointmentAction) =>
  servicesPost<Appointment>(`/v1/services/appointments/${id(appointmentId)}/${action}`);
export const openDispute = (appointmentId: string, reason: string, photoIds: string[]) =>
  servicesPost<Dispute>(`/v1/services/appointments/${id(appointmentId)}/dispute`, { reason, photoIds });
export const answerDispute = (disputeId: string, answer: string) =>
  servicesPost<unknown>(`/v1/services/disputes/${id(disputeId)}/answer`, { answer });
export const leaveReview = (appointmentId: string, stars: number, body: string) =>
  servicesPost<unknown>(`/v1/services/appointments/${id(appointmentId)}/review`, { stars, body });
export const answerReview = (reviewId: string, answer: string) =>
  servicesPost<unknown>(`/v1/services/reviews/${id(reviewId)}/answer`, { answer });

/** The photo formats and size the cloud takes (≤ 8 MB): checked here first to spare a slow upload. */
export const photoTypes = ['image/jpeg', 'image/png', 'image/webp'] as const;
export const photoMaxBytes = 8 * 1_048_576;

/** Sends a photo as raw bytes; the cloud keeps WebP variants without EXIF and answers its id. */
export async function uploadPhoto(kind: 'request', file: File): Promise<string> {
  const { data, error, response } = await untyped.POST('/v1/services/photos', {
    params: { query: { kind } },
    body: file,
    bodySerializer: (body: unknown) => body as Blob,
    headers: { 'content-type': file.type },
  });
  if (!response.ok || data === undefined) throw refusal(error, response.status);
  return (data as { id: string }).id;
}

/** Where a photo is served (same origin: the portal's policy allows its images). */
export const photoUrl = (photoId: string, size: 'small' | 'large'): string =>
  `/v1/services/photos/${id(photoId)}?size=${size}`;

/** The communes of Abidjan a client picks from (the cloud's shared/src/services/places.ts knows their centres). */
export const abidjanCommunes = [
  'Abobo',
  'Adjamé',
  'Anyama',
  'Attécoubé',
  'Bingerville',
  'Cocody',
  'Koumassi',
  'Marcory',
  'Plateau',
  'Port-Bouët',
  'Songon',
  'Treichville',
  'Yopougon',
] as const;
