/**
 * Real estate's server data for the candidate's and tenant's screens, through the portal's one client (bearer token,
 * refresh). The module's routes are written from the API contract (issue 25); the calls go through the client untyped
 * (`loose`) and are read as the contract's shapes (types.ts). A refusal keeps the cloud's French reason.
 */
import { queryOptions } from '@tanstack/react-query';
import { api, apiError, type ApiError } from '../../api/client.js';
import type { Lease, ListingDetail, ListingFilters, SavedSearch, SearchPage, Slot, Visit } from './types.js';

interface Answer {
  readonly data?: unknown;
  readonly error?: unknown;
  readonly response: Response;
}
interface Init {
  readonly params?: { readonly query?: object; readonly header?: Record<string, string> };
  readonly body?: unknown;
  readonly parseAs?: 'blob';
}
/** The typed client seen through paths it does not know yet (the same middleware: token, refresh, sign-out on 401). */
const loose = api as unknown as Record<'GET' | 'POST' | 'DELETE', (path: string, init?: Init) => Promise<Answer>>;

/** The cloud's refusal with its French message kept (Refusal.tsx shows it). */
function refusal(error: unknown, status: number): ApiError {
  const failure = apiError(error, status);
  const message = (error as { error?: { message?: unknown } } | undefined)?.error?.message;
  return typeof message === 'string' && message !== '' ? Object.assign(failure, { detail: message }) : failure;
}

async function must<T>(call: Promise<Answer>): Promise<T> {
  const answer = await call;
  if (!answer.response.ok) throw refusal(answer.error, answer.response.status);
  return answer.data as T;
}

const base = '/v1/real-estate';
const id = (value: string): string => encodeURIComponent(value);

/** The filters as query parameters: booleans and numbers as the cloud's querystring reads them. */
const query = (filters: ListingFilters, cursor?: string): Record<string, string | number> =>
  Object.fromEntries(
    Object.entries({ ...filters, ...(cursor === undefined ? {} : { cursor }) })
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => [k, typeof v === 'boolean' ? String(v) : v]),
  );

export const searchPage = (filters: ListingFilters, cursor: string | undefined): Promise<SearchPage> =>
  must(loose.GET(`${base}/search`, { params: { query: query(filters, cursor) } }));

export const listingQuery = (listingId: string) =>
  queryOptions({
    queryKey: ['real-estate', 'listing', listingId],
    queryFn: () => must<ListingDetail>(loose.GET(`${base}/listings/${id(listingId)}`)),
  });

export const revealContact = (listingId: string): Promise<{ phone: string }> =>
  must(loose.POST(`${base}/listings/${id(listingId)}/contact`));

export const reportListing = (listingId: string, body: { reason: string; detail?: string }): Promise<{ id: string }> =>
  must(loose.POST(`${base}/listings/${id(listingId)}/reports`, { body }));

export const slotsQuery = (listingId: string) =>
  queryOptions({
    queryKey: ['real-estate', 'slots', listingId],
    staleTime: 0,
    queryFn: () => must<{ slots: Slot[] }>(loose.GET(`${base}/listings/${id(listingId)}/slots`)),
  });

export const requestVisit = (body: { slotId: string; message?: string }, headers: { 'idempotency-key': string }) =>
  must<Visit>(loose.POST(`${base}/visits`, { body, params: { header: headers } }));

export const visitsQuery = queryOptions({
  queryKey: ['real-estate', 'visits', 'visitor'],
  staleTime: 0,
  queryFn: () => must<{ visits: Visit[] }>(loose.GET(`${base}/visits`, { params: { query: { role: 'visitor' } } })),
});

export const cancelVisit = (visitId: string) => must<Visit>(loose.POST(`${base}/visits/${id(visitId)}/cancel`));

export const savedSearchesQuery = queryOptions({
  queryKey: ['real-estate', 'saved-searches'],
  queryFn: () => must<{ searches: SavedSearch[] }>(loose.GET(`${base}/saved-searches`)),
});

export const saveSearch = (body: { name: string; filters: ListingFilters; alerts: boolean }) =>
  must<SavedSearch>(loose.POST(`${base}/saved-searches`, { body }));

export const deleteSavedSearch = (searchId: string) =>
  must<unknown>(loose.DELETE(`${base}/saved-searches/${id(searchId)}`));

export const leasesQuery = (role: 'tenant' | 'landlord') =>
  queryOptions({
    queryKey: ['real-estate', 'leases', role],
    staleTime: 0,
    queryFn: () => must<{ leases: Lease[] }>(loose.GET(`${base}/leases`, { params: { query: { role } } })),
  });

export const leaseQuery = (leaseId: string) =>
  queryOptions({
    queryKey: ['real-estate', 'lease', leaseId],
    staleTime: 0,
    queryFn: () => must<Lease>(loose.GET(`${base}/leases/${id(leaseId)}`)),
  });

export const signLease = (
  leaseId: string,
  body: { typedName: string; signaturePngBase64: string; documentSha256: string },
): Promise<Lease> => must(loose.POST(`${base}/leases/${id(leaseId)}/sign`, { body }));

export const payDue = (dueId: string, headers: { 'idempotency-key': string }) =>
  must<{ lease: Lease }>(loose.POST(`${base}/rent-dues/${id(dueId)}/pay`, { params: { header: headers } }));

/** A lease's document (the lease PDF, a receipt): the bytes need the bearer token, so they come through the client. */
export const documentBytes = (documentId: string): Promise<Blob> =>
  must(loose.GET(`${base}/documents/${id(documentId)}`, { parseAs: 'blob' }));

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
    queryFn: async () =>
      dataUrlOf(await must<Blob>(loose.GET(`${base}/photos/${id(photoId)}/${size}`, { parseAs: 'blob' }))),
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
  queryFn: async () => (await must<{ id: string }>(loose.GET('/v1/me'))).id,
});
