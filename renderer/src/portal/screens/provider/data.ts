/**
 * A provider's Services data through the portal's one API client (its bearer token and refresh): my profile, hours,
 * offers and portfolio; the requests sent to me, my quotes and the thread with each client; my appointments. Read
 * queries are read again whenever shown (clients write from elsewhere). Never caches photos beyond the screen.
 */
import { queryOptions } from '@tanstack/react-query';
import { api } from '../../api/client.js';
import { servicesError } from './problem.js';
import type {
  Appointment,
  Category,
  DayException,
  Message,
  MyProfile,
  Offer,
  OfferInput,
  ProfileInput,
  QuoteInput,
  RequestDetail,
  ServiceRequest,
  WeeklyInterval,
} from './types.js';

interface Answer {
  readonly data?: unknown;
  readonly error?: unknown;
  readonly response: Response;
}
interface Init {
  readonly params?: { readonly query?: Record<string, string | number> };
  readonly body?: unknown;
  readonly headers?: Record<string, string>;
  readonly parseAs?: 'blob' | 'json';
  readonly bodySerializer?: (body: unknown) => unknown;
}
type Call = (path: string, init?: Init) => Promise<Answer>;

/**
 * The same client, called by path: the Services routes are not in the generated types until their engineers commit
 * them, and every answer below is typed by ./types.ts instead.
 */
const client = api as unknown as { GET: Call; POST: Call; PUT: Call; PATCH: Call; DELETE: Call };

async function must<T>(answer: Promise<Answer>): Promise<T> {
  const { data, error, response } = await answer;
  if (!response.ok || (data === undefined && response.status !== 204)) throw servicesError(error, response.status);
  return data as T;
}

const id = encodeURIComponent;

export const categoriesQuery = queryOptions({
  queryKey: ['services', 'categories'],
  staleTime: 60 * 60_000,
  queryFn: async () => (await must<{ categories: Category[] }>(client.GET('/v1/services/categories'))).categories,
});

/** My provider profile, or null while I am not a provider yet (the cloud answers 404). */
export const myProfileQuery = queryOptions({
  queryKey: ['provider', 'profile'],
  staleTime: 0,
  queryFn: async (): Promise<MyProfile | null> => {
    const answer = await client.GET('/v1/services/me/profile');
    if (answer.response.status === 404) return null;
    return must<MyProfile>(Promise.resolve(answer));
  },
});

export const saveProfile = (input: ProfileInput): Promise<MyProfile> =>
  must(client.PUT('/v1/services/me/profile', { body: input }));

export const saveAvailability = (weekly: readonly WeeklyInterval[], exceptions: readonly DayException[]) =>
  must<unknown>(client.PUT('/v1/services/me/availability', { body: { weekly, exceptions } }));

export const addOffer = (input: OfferInput): Promise<Offer> =>
  must(client.POST('/v1/services/me/offers', { body: { ...input, taxGroup: 'CI-TVA-18' } }));

export const editOffer = (offerId: string, input: OfferInput): Promise<Offer> =>
  must(client.PATCH(`/v1/services/me/offers/${id(offerId)}`, { body: input }));

export const deactivateOffer = (offerId: string) =>
  must<unknown>(client.DELETE(`/v1/services/me/offers/${id(offerId)}`));

/** The photo formats and size the cloud takes: checked here first to spare a slow upload over 3G. */
export const photoTypes = ['image/jpeg', 'image/png', 'image/webp'] as const;
export const photoMaxBytes = 8 * 1_048_576;

export const uploadPortfolioPhoto = (file: File): Promise<{ id: string }> =>
  must(
    client.POST('/v1/services/photos', {
      params: { query: { kind: 'portfolio' } },
      body: file,
      bodySerializer: (body: unknown) => body,
      headers: { 'content-type': file.type },
    }),
  );

export const deletePhoto = (photoId: string) => must<unknown>(client.DELETE(`/v1/services/photos/${id(photoId)}`));

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
    queryFn: async () =>
      dataUrlOf(
        await must<Blob>(
          client.GET(`/v1/services/photos/${id(photoId)}`, { params: { query: { size } }, parseAs: 'blob' }),
        ),
      ),
  });

export const inboxQuery = queryOptions({
  queryKey: ['provider', 'inbox'],
  staleTime: 0,
  queryFn: async () => (await must<{ requests: ServiceRequest[] }>(client.GET('/v1/services/inbox'))).requests,
});

export const requestQuery = (requestId: string) =>
  queryOptions({
    queryKey: ['provider', 'request', requestId],
    staleTime: 0,
    queryFn: () => must<RequestDetail>(client.GET(`/v1/services/requests/${id(requestId)}`)),
  });

export const sendQuote = (requestId: string, input: QuoteInput) =>
  must<unknown>(client.POST(`/v1/services/requests/${id(requestId)}/quotes`, { body: input }));

const threadPath = (requestId: string, providerId: string): string =>
  `/v1/services/requests/${id(requestId)}/threads/${id(providerId)}`;

export const threadQuery = (requestId: string, providerId: string) =>
  queryOptions({
    queryKey: ['services', 'thread', requestId, providerId],
    staleTime: 0,
    // No push handler here yet: a thread open on screen is read again every 20 s.
    refetchInterval: 20_000,
    queryFn: () =>
      must<{ messages: Message[]; masked: boolean }>(client.GET(`${threadPath(requestId, providerId)}/messages`)),
  });

export const sendMessage = (requestId: string, providerId: string, body: string) =>
  must<Message>(client.POST(`${threadPath(requestId, providerId)}/messages`, { body: { body } }));

export const markRead = (requestId: string, providerId: string) =>
  must<unknown>(client.POST(`${threadPath(requestId, providerId)}/read`));

export const myAppointmentsQuery = queryOptions({
  queryKey: ['provider', 'appointments'],
  staleTime: 0,
  queryFn: async () =>
    (
      await must<{ appointments: Appointment[] }>(
        client.GET('/v1/services/appointments', { params: { query: { role: 'provider' } } }),
      )
    ).appointments,
});

export { client as servicesClient, must as servicesMust };
