/**
 * Services' server data for the client's screens (and the appointment screens both sides share): queries and the
 * writes, through the portal's one typed client (bearer token, refresh). A refusal keeps the cloud's French reason.
 */
import { queryOptions } from '@tanstack/react-query';
import type { ApiError } from '../../api/client.js';
import { api, apiError } from '../../api/client.js';
import type { paths } from '../../api/cloud-api.js';

/** The cloud's refusal with its French message kept (Refusal.tsx shows it). */
function refusal(error: unknown, status: number): ApiError {
  const failure = apiError(error, status);
  const message = (error as { error?: { message?: unknown } } | undefined)?.error?.message;
  return typeof message === 'string' && message !== '' ? Object.assign(failure, { detail: message }) : failure;
}

/** openapi-fetch's answer as its data, or the refusal thrown. */
function must<T>(answer: { data?: T; error?: unknown; response: Response }): T {
  if (!answer.response.ok || answer.data === undefined) throw refusal(answer.error, answer.response.status);
  return answer.data;
}

export const categoriesQuery = queryOptions({
  queryKey: ['services', 'categories'],
  staleTime: 3_600_000,
  queryFn: async () => must(await api.GET('/v1/services/categories')),
});

export interface ProviderSearch {
  readonly category?: string | undefined;
  readonly q?: string | undefined;
  readonly commune?: string | undefined;
  readonly minRating?: number | undefined;
}

export const searchPage = async (search: ProviderSearch, cursor: string | undefined) =>
  must(
    await api.GET('/v1/services/providers', {
      params: {
        query: {
          ...(search.category === undefined ? {} : { category: search.category }),
          ...(search.q === undefined ? {} : { q: search.q }),
          ...(search.commune === undefined ? {} : { commune: search.commune }),
          ...(search.minRating === undefined ? {} : { minRating: search.minRating }),
          ...(cursor === undefined ? {} : { cursor }),
          limit: 20,
        },
      },
    }),
  );

export const providerQuery = (providerId: string) =>
  queryOptions({
    queryKey: ['services', 'provider', providerId],
    queryFn: async () =>
      must(await api.GET('/v1/services/providers/{providerId}', { params: { path: { providerId } } })),
  });

export const slotsQuery = (providerId: string, offerId: string, from: string) =>
  queryOptions({
    queryKey: ['services', 'slots', providerId, offerId, from],
    staleTime: 0,
    queryFn: async () =>
      must(
        await api.GET('/v1/services/providers/{providerId}/slots', {
          params: { path: { providerId }, query: { from, days: 14, offerId } },
        }),
      ),
  });

/** The caller's provider profile, or null when it is not a provider (404) or may not be one (403). */
export const myProviderQuery = queryOptions({
  queryKey: ['services', 'me', 'profile'],
  queryFn: async (): Promise<{ id: string; displayName: string } | null> => {
    const answer = await api.GET('/v1/services/me/profile');
    if (answer.response.status === 404 || answer.response.status === 403) return null;
    return must(answer);
  },
});

export const requestsQuery = queryOptions({
  queryKey: ['services', 'requests'],
  staleTime: 0,
  queryFn: async () => must(await api.GET('/v1/services/requests')),
});

export const requestQuery = (requestId: string) =>
  queryOptions({
    queryKey: ['services', 'request', requestId],
    staleTime: 0,
    queryFn: async () => must(await api.GET('/v1/services/requests/{requestId}', { params: { path: { requestId } } })),
  });

export const messagesQuery = (requestId: string, providerId: string) =>
  queryOptions({
    queryKey: ['services', 'messages', requestId, providerId],
    staleTime: 0,
    // Read again every 10 s while shown: simple, and enough for a conversation about a repair.
    refetchInterval: 10_000,
    queryFn: async () =>
      must(
        await api.GET('/v1/services/requests/{requestId}/threads/{providerId}/messages', {
          params: { path: { requestId, providerId } },
        }),
      ),
  });

export const markThreadRead = async (requestId: string, providerId: string) =>
  must(
    await api.POST('/v1/services/requests/{requestId}/threads/{providerId}/read', {
      params: { path: { requestId, providerId } },
    }),
  );

export const sendMessage = async (requestId: string, providerId: string, body: { body?: string; photoId?: string }) =>
  must(
    await api.POST('/v1/services/requests/{requestId}/threads/{providerId}/messages', {
      params: { path: { requestId, providerId } },
      body,
    }),
  );

export const appointmentsQuery = (role: 'client' | 'provider') =>
  queryOptions({
    queryKey: ['services', 'appointments', role],
    staleTime: 0,
    queryFn: async () => must(await api.GET('/v1/services/appointments', { params: { query: { role } } })),
  });

export const appointmentQuery = (appointmentId: string) =>
  queryOptions({
    queryKey: ['services', 'appointment', appointmentId],
    staleTime: 0,
    queryFn: async () =>
      must(await api.GET('/v1/services/appointments/{appointmentId}', { params: { path: { appointmentId } } })),
  });

type RequestInput = paths['/v1/services/requests']['post']['requestBody']['content']['application/json'];

export const sendRequest = async (body: RequestInput, headers: { 'idempotency-key': string }) =>
  must(await api.POST('/v1/services/requests', { body, params: { header: headers } }));

export const acceptQuote = async (quoteId: string, version: number, headers: { 'idempotency-key': string }) =>
  must(
    await api.POST('/v1/services/quotes/{quoteId}/accept', {
      params: { path: { quoteId }, header: headers },
      body: { version },
    }),
  );

export const bookOffer = async (offerId: string, startsAt: string, headers: { 'idempotency-key': string }) =>
  must(await api.POST('/v1/services/appointments', { params: { header: headers }, body: { offerId, startsAt } }));

export type AppointmentAction = 'done' | 'confirm' | 'cancel';
export async function appointmentAction(appointmentId: string, action: AppointmentAction) {
  const params = { params: { path: { appointmentId } } };
  if (action === 'done') return must(await api.POST('/v1/services/appointments/{appointmentId}/done', params));
  if (action === 'confirm') return must(await api.POST('/v1/services/appointments/{appointmentId}/confirm', params));
  return must(await api.POST('/v1/services/appointments/{appointmentId}/cancel', params));
}
export const openDispute = async (appointmentId: string, reason: string, photoIds: string[]) =>
  must(
    await api.POST('/v1/services/appointments/{appointmentId}/dispute', {
      params: { path: { appointmentId } },
      body: { reason, photoIds },
    }),
  );
export const answerDispute = async (disputeId: string, answer: string) =>
  must(
    await api.POST('/v1/services/disputes/{disputeId}/answer', { params: { path: { disputeId } }, body: { answer } }),
  );
export const leaveReview = async (appointmentId: string, stars: number, body: string) =>
  must(
    await api.POST('/v1/services/appointments/{appointmentId}/review', {
      params: { path: { appointmentId } },
      body: { stars, body },
    }),
  );
export const answerReview = async (reviewId: string, answer: string) =>
  must(await api.POST('/v1/services/reviews/{reviewId}/answer', { params: { path: { reviewId } }, body: { answer } }));

/** The photo formats and size the cloud takes (≤ 8 MB): checked here first to spare a slow upload. */
export const photoTypes = ['image/jpeg', 'image/png', 'image/webp'] as const;
export const photoMaxBytes = 8 * 1_048_576;

/** Sends a photo as raw bytes; the cloud keeps WebP variants without EXIF and answers its id. */
export async function uploadPhoto(kind: 'request', file: File): Promise<string> {
  const answer = await api.POST('/v1/services/photos', {
    params: { query: { kind } },
    body: file as never,
    bodySerializer: (body: unknown) => body as Blob,
    headers: { 'content-type': file.type },
  });
  return must(answer).id;
}

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
