/**
 * A provider's Services data through the portal's typed API client (its bearer token and refresh): my profile, hours,
 * offers and portfolio; the requests sent to me, my quotes and the thread with each client; my appointments. Read
 * queries are read again whenever shown (clients write from elsewhere). Photos are never kept beyond a few minutes.
 */
import { queryOptions } from '@tanstack/react-query';
import { api } from '../../api/client.js';
import { servicesError } from './problem.js';
import type {
  DayException,
  MyProfile,
  OfferEdit,
  OfferInput,
  ProfileInput,
  QuoteInput,
  WeeklyInterval,
} from './types.js';

/** openapi-fetch's answer as its data, or the cloud's refusal (its code and French reason) thrown. */
export function must<T>(answer: { data?: T; error?: unknown; response: Response }): T {
  if (!answer.response.ok || answer.data === undefined) throw servicesError(answer.error, answer.response.status);
  return answer.data;
}

/** For the routes that answer with no body worth reading: only whether they took it. */
export function done(answer: { error?: unknown; response: Response }): void {
  if (!answer.response.ok) throw servicesError(answer.error, answer.response.status);
}

export const categoriesQuery = queryOptions({
  queryKey: ['services', 'categories'],
  staleTime: 60 * 60_000,
  queryFn: async () => must(await api.GET('/v1/services/categories')).categories,
});

/** My provider profile, or null while I am not a provider yet (the cloud answers 404). */
export const myProfileQuery = queryOptions({
  queryKey: ['provider', 'profile'],
  staleTime: 0,
  queryFn: async (): Promise<MyProfile | null> => {
    const answer = await api.GET('/v1/services/me/profile');
    return answer.response.status === 404 ? null : must(answer);
  },
});

export const saveProfile = async (input: ProfileInput) =>
  must(await api.PUT('/v1/services/me/profile', { body: input }));

export const saveAvailability = async (weekly: WeeklyInterval[], exceptions: DayException[]) =>
  done(await api.PUT('/v1/services/me/availability', { body: { weekly, exceptions } }));

export const addOffer = async (input: OfferInput) => must(await api.POST('/v1/services/me/offers', { body: input }));

export const editOffer = async (offerId: string, edit: OfferEdit) =>
  must(await api.PATCH('/v1/services/me/offers/{offerId}', { params: { path: { offerId } }, body: edit }));

export const deactivateOffer = async (offerId: string) =>
  done(await api.DELETE('/v1/services/me/offers/{offerId}', { params: { path: { offerId } } }));

/** The photo formats and size the cloud takes: checked here first to spare a slow upload over 3G. */
export const photoTypes = ['image/jpeg', 'image/png', 'image/webp'] as const;
export const photoMaxBytes = 8 * 1_048_576;

export const uploadPortfolioPhoto = async (file: File) =>
  must(
    await api.POST('/v1/services/photos', {
      params: { query: { kind: 'portfolio' } },
      body: file as never,
      bodySerializer: (body: unknown) => body as Blob,
      headers: { 'content-type': file.type },
    }),
  );

export const deletePhoto = async (photoId: string) =>
  done(await api.DELETE('/v1/services/photos/{photoId}', { params: { path: { photoId } } }));

const dataUrlOf = (blob: Blob): Promise<string> =>
  new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(typeof reader.result === 'string' ? reader.result : '');
    reader.onerror = () => reject(reader.error ?? new Error('unreadable'));
    reader.readAsDataURL(blob);
  });

/** A Services photo as a data: address (the photos need the bearer token, and the portal's policy allows no blob:). */
export const photoQuery = (photoId: string, size: 'small' | 'large') =>
  queryOptions({
    queryKey: ['services', 'photo', photoId, size],
    staleTime: Infinity,
    gcTime: 5 * 60_000,
    queryFn: async () => {
      const answer = await api.GET('/v1/services/photos/{photoId}', {
        params: { path: { photoId }, query: { size } },
        parseAs: 'blob',
      });
      return dataUrlOf(must(answer as { data?: Blob; error?: unknown; response: Response }));
    },
  });

export const inboxQuery = queryOptions({
  queryKey: ['provider', 'inbox'],
  staleTime: 0,
  queryFn: async () => must(await api.GET('/v1/services/inbox')).requests,
});

export const requestQuery = (requestId: string) =>
  queryOptions({
    queryKey: ['provider', 'request', requestId],
    staleTime: 0,
    queryFn: async () => must(await api.GET('/v1/services/requests/{requestId}', { params: { path: { requestId } } })),
  });

export const sendQuote = async (requestId: string, input: QuoteInput) =>
  must(await api.POST('/v1/services/requests/{requestId}/quotes', { params: { path: { requestId } }, body: input }));

export const threadQuery = (requestId: string, providerId: string) =>
  queryOptions({
    queryKey: ['services', 'thread', requestId, providerId],
    staleTime: 0,
    // New messages also come over the notifications WebSocket; an open thread is read again every 20 s regardless.
    refetchInterval: 20_000,
    queryFn: async () =>
      must(
        await api.GET('/v1/services/requests/{requestId}/threads/{providerId}/messages', {
          params: { path: { requestId, providerId } },
        }),
      ),
  });

export const sendMessage = async (requestId: string, providerId: string, body: string) =>
  must(
    await api.POST('/v1/services/requests/{requestId}/threads/{providerId}/messages', {
      params: { path: { requestId, providerId } },
      body: { body },
    }),
  );

export const markRead = async (requestId: string, providerId: string) =>
  done(
    await api.POST('/v1/services/requests/{requestId}/threads/{providerId}/read', {
      params: { path: { requestId, providerId } },
    }),
  );

export const myAppointmentsQuery = queryOptions({
  queryKey: ['provider', 'appointments'],
  staleTime: 0,
  queryFn: async () =>
    must(await api.GET('/v1/services/appointments', { params: { query: { role: 'provider' } } })).appointments,
});
