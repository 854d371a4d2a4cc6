/**
 * Real estate's server data for the candidate's and tenant's screens, through the portal's one typed client (bearer
 * token, refresh). A refusal keeps the cloud's French reason.
 */
import { queryOptions } from '@tanstack/react-query';
import { api, apiError, type ApiError } from '../../api/client.js';
import type { RealEstateSearchParams } from '../../routes/real-estate.js';
import type { ListingFilters } from './types.js';

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
/** A write whose answer has no body (204). */
function done(answer: { error?: unknown; response: Response }): void {
  if (!answer.response.ok) throw refusal(answer.error, answer.response.status);
}

export const searchPage = async (search: RealEstateSearchParams, cursor: string | undefined) =>
  must(
    await api.GET('/v1/real-estate/search', {
      params: { query: { ...search, ...(cursor === undefined ? {} : { cursor }) } },
    }),
  );

export const listingQuery = (listingId: string) =>
  queryOptions({
    queryKey: ['real-estate', 'listing', listingId],
    queryFn: async () =>
      must(await api.GET('/v1/real-estate/listings/{listingId}', { params: { path: { listingId } } })),
  });

export const revealContact = async (listingId: string) =>
  must(await api.POST('/v1/real-estate/listings/{listingId}/contact', { params: { path: { listingId } } }));

export const reportListing = async (
  listingId: string,
  body: { reason: 'visit_fee' | 'bait' | 'not_available' | 'wrong_info' | 'duplicate' | 'other'; detail?: string },
) => must(await api.POST('/v1/real-estate/listings/{listingId}/reports', { params: { path: { listingId } }, body }));

export const slotsQuery = (listingId: string) =>
  queryOptions({
    queryKey: ['real-estate', 'slots', listingId],
    staleTime: 0,
    queryFn: async () =>
      must(await api.GET('/v1/real-estate/listings/{listingId}/slots', { params: { path: { listingId } } })),
  });

export const requestVisit = async (
  body: { slotId: string; message?: string },
  headers: { 'idempotency-key': string },
) => must(await api.POST('/v1/real-estate/visits', { body, params: { header: headers } }));

export const visitsQuery = queryOptions({
  queryKey: ['real-estate', 'visits', 'visitor'],
  staleTime: 0,
  queryFn: async () => must(await api.GET('/v1/real-estate/visits', { params: { query: { role: 'visitor' } } })),
});

export const cancelVisit = async (visitId: string) =>
  must(await api.POST('/v1/real-estate/visits/{visitId}/cancel', { params: { path: { visitId } } }));

export const savedSearchesQuery = queryOptions({
  queryKey: ['real-estate', 'saved-searches'],
  queryFn: async () => must(await api.GET('/v1/real-estate/saved-searches')),
});

export const saveSearch = async (body: { name: string; filters: ListingFilters; alerts: boolean }) =>
  must(await api.POST('/v1/real-estate/saved-searches', { body }));

export const deleteSavedSearch = async (searchId: string) =>
  done(await api.DELETE('/v1/real-estate/saved-searches/{searchId}', { params: { path: { searchId } } }));

export const leasesQuery = (role: 'tenant' | 'landlord') =>
  queryOptions({
    queryKey: ['real-estate', 'leases', role],
    staleTime: 0,
    queryFn: async () => must(await api.GET('/v1/real-estate/leases', { params: { query: { role } } })),
  });

export const leaseQuery = (leaseId: string) =>
  queryOptions({
    queryKey: ['real-estate', 'lease', leaseId],
    staleTime: 0,
    queryFn: async () => must(await api.GET('/v1/real-estate/leases/{leaseId}', { params: { path: { leaseId } } })),
  });

export const signLease = async (
  leaseId: string,
  body: { typedName: string; signaturePngBase64: string; documentSha256: string },
) => must(await api.POST('/v1/real-estate/leases/{leaseId}/sign', { params: { path: { leaseId } }, body }));

export const payDue = async (dueId: string, headers: { 'idempotency-key': string }) =>
  must(await api.POST('/v1/real-estate/rent-dues/{dueId}/pay', { params: { path: { dueId }, header: headers } }));

/** A lease's document (the lease PDF, a rent receipt): the bytes need the bearer token, so come through the client. */
export async function documentBytes(documentId: string): Promise<Blob> {
  const answer = await api.GET('/v1/real-estate/documents/{documentId}', {
    params: { path: { documentId } },
    parseAs: 'blob',
  });
  return must(answer as { data?: Blob; error?: unknown; response: Response });
}

const dataUrlOf = (blob: Blob): Promise<string> =>
  new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(typeof reader.result === 'string' ? reader.result : '');
    reader.onerror = () => reject(reader.error ?? new Error('unreadable'));
    reader.readAsDataURL(blob);
  });

/** A listing photo as a data: address (photos need the bearer token, and the portal's policy allows no blob: image). */
export const photoQuery = (photoId: string, size: 'small' | 'large') =>
  queryOptions({
    queryKey: ['real-estate', 'photo', photoId, size],
    staleTime: Infinity,
    gcTime: 5 * 60_000,
    queryFn: async () => {
      const answer = await api.GET('/v1/real-estate/photos/{photoId}/{size}', {
        params: { path: { photoId, size } },
        parseAs: 'blob',
      });
      return dataUrlOf(must(answer as { data?: Blob; error?: unknown; response: Response }));
    },
  });

/** The SHA-256 of bytes in hexadecimal, as the cloud keeps a document's hash. */
export async function sha256Hex(blob: Blob): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', await blob.arrayBuffer());
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** The communes of Abidjan a candidate picks from (shared/src/services/places.ts knows their centres). */
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

/** The signed-in account's id (GET /v1/me declares no success schema): which party of a lease this person is. */
export const meIdQuery = queryOptions({
  queryKey: ['real-estate', 'me'],
  staleTime: Infinity,
  queryFn: async () => {
    const answer = await api.GET('/v1/me');
    if (!answer.response.ok) throw refusal(answer.error, answer.response.status);
    return (answer.data as unknown as { id: string }).id;
  },
});
