/**
 * An owner's and an agent's real estate data through the portal's API client (its bearer token and refresh): plans,
 * my listings and their photos, the dashboard and daily figures, slots and visits, leases and rent. Read queries are
 * read again whenever shown (candidates and tenants write from elsewhere). Every write that moves money carries an
 * Idempotency-Key made once per attempt of the person (a retry of the same click reuses it).
 */
import { queryOptions } from '@tanstack/react-query';
import { api } from '../../api/client.js';
import { currentSession } from '../../session.js';
import { estateError } from './problem.js';
import type { LeaseInput, ListingEdit, ListingFields } from './types.js';

/** openapi-fetch's answer as its data, or the cloud's refusal (its code and French reason) thrown. */
export function must<T>(answer: { data?: T; error?: unknown; response: Response }): T {
  if (!answer.response.ok || answer.data === undefined) throw estateError(answer.error, answer.response.status);
  return answer.data;
}

/** For the routes that answer with no body worth reading: only whether they took it. */
export function done(answer: { error?: unknown; response: Response }): void {
  if (!answer.response.ok) throw estateError(answer.error, answer.response.status);
}

/** A binary answer (photo, PDF) as its Blob, or the refusal thrown. */
const blobOf = (answer: unknown): Blob => must(answer as { data?: Blob; error?: unknown; response: Response });

const idem = (key: string) => ({ 'idempotency-key': key });

export const plansQuery = queryOptions({
  queryKey: ['real-estate', 'plans'],
  staleTime: 60 * 60_000,
  queryFn: async () => must(await api.GET('/v1/real-estate/plans')).plans,
});

export const dashboardQuery = queryOptions({
  queryKey: ['real-estate', 'owner', 'dashboard'],
  staleTime: 0,
  queryFn: async () => must(await api.GET('/v1/real-estate/dashboard')),
});

export const dailyQuery = (listingId: string, days: number) =>
  queryOptions({
    queryKey: ['real-estate', 'owner', 'daily', listingId, days],
    staleTime: 60_000,
    queryFn: async () =>
      must(
        await api.GET('/v1/real-estate/my-listings/{listingId}/daily', {
          params: { path: { listingId }, query: { days } },
        }),
      ).days,
  });

export const myListingsQuery = queryOptions({
  queryKey: ['real-estate', 'owner', 'listings'],
  staleTime: 0,
  queryFn: async () => must(await api.GET('/v1/real-estate/my-listings')).listings,
});

export const myListingQuery = (listingId: string) =>
  queryOptions({
    queryKey: ['real-estate', 'owner', 'listing', listingId],
    staleTime: 0,
    queryFn: async () =>
      must(await api.GET('/v1/real-estate/my-listings/{listingId}', { params: { path: { listingId } } })),
  });

export const createListing = async (fields: ListingFields) =>
  must(await api.POST('/v1/real-estate/listings', { body: fields }));

export const editListing = async (listingId: string, edit: ListingEdit) =>
  must(await api.PATCH('/v1/real-estate/listings/{listingId}', { params: { path: { listingId } }, body: edit }));

export const submitListing = async (listingId: string, key: string) =>
  must(
    await api.POST('/v1/real-estate/listings/{listingId}/submit', {
      params: { path: { listingId }, header: idem(key) },
    }),
  );

export const renewListing = async (listingId: string, planCode: string, key: string) =>
  must(
    await api.POST('/v1/real-estate/listings/{listingId}/renew', {
      params: { path: { listingId }, header: idem(key) },
      body: { planCode },
    }),
  );

export const moveListing = async (listingId: string, status: 'rented' | 'sold' | 'draft') =>
  must(
    await api.POST('/v1/real-estate/listings/{listingId}/status', {
      params: { path: { listingId } },
      body: { status },
    }),
  );

export const stillAvailable = async (listingId: string) =>
  must(
    await api.POST('/v1/real-estate/listings/{listingId}/still-available', {
      params: { path: { listingId } },
    }),
  );

export const deleteListingPhoto = async (listingId: string, photoId: string) =>
  done(
    await api.DELETE('/v1/real-estate/listings/{listingId}/photos/{photoId}', {
      params: { path: { listingId, photoId } },
    }),
  );

/** The photo formats and size the cloud takes: checked here first to spare a slow upload over 3G. */
export const photoTypes = ['image/jpeg', 'image/png', 'image/webp'] as const;
export const photoMaxBytes = 8 * 1_048_576;

/**
 * One photo sent with its progress (fetch cannot tell how much of a body left; XMLHttpRequest can). The client's
 * middleware is not on this path, so the bearer token is set here from the session the last read refreshed.
 */
export function uploadListingPhoto(listingId: string, file: File, progress: (fraction: number) => void) {
  return new Promise<{ id: string; position: number }>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/v1/real-estate/listings/${encodeURIComponent(listingId)}/photos`);
    const session = currentSession();
    if (session !== null) xhr.setRequestHeader('authorization', `Bearer ${session.accessToken}`);
    xhr.setRequestHeader('content-type', file.type);
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) progress(event.loaded / event.total);
    };
    xhr.onload = () => {
      let body: unknown = null;
      try {
        body = JSON.parse(xhr.responseText) as unknown;
      } catch {
        body = null;
      }
      if (xhr.status >= 200 && xhr.status < 300) resolve(body as { id: string; position: number });
      else reject(estateError(body, xhr.status));
    };
    xhr.onerror = () => reject(new Error('network'));
    xhr.send(file);
  });
}

const dataUrlOf = (blob: Blob): Promise<string> =>
  new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(typeof reader.result === 'string' ? reader.result : '');
    reader.onerror = () => reject(reader.error ?? new Error('unreadable'));
    reader.readAsDataURL(blob);
  });

/** A listing photo as a data: address (photos need the bearer token; the portal's policy allows no blob:). */
export const photoQuery = (photoId: string, size: 'small' | 'large') =>
  queryOptions({
    queryKey: ['real-estate', 'photo', photoId, size],
    staleTime: Infinity,
    gcTime: 5 * 60_000,
    queryFn: async () =>
      dataUrlOf(
        blobOf(
          await api.GET('/v1/real-estate/photos/{photoId}/{size}', {
            params: { path: { photoId, size } },
            parseAs: 'blob',
          }),
        ),
      ),
  });

export const slotsQuery = (listingId: string) =>
  queryOptions({
    queryKey: ['real-estate', 'slots', listingId],
    staleTime: 0,
    queryFn: async () =>
      must(await api.GET('/v1/real-estate/listings/{listingId}/slots', { params: { path: { listingId } } })).slots,
  });

export const addSlots = async (listingId: string, slots: { startsAt: string; endsAt: string }[]) =>
  must(
    await api.POST('/v1/real-estate/listings/{listingId}/slots', {
      params: { path: { listingId } },
      body: { slots },
    }),
  );

export const deleteSlot = async (slotId: string) =>
  done(await api.DELETE('/v1/real-estate/slots/{slotId}', { params: { path: { slotId } } }));

export const agentVisitsQuery = queryOptions({
  queryKey: ['real-estate', 'visits', 'agent'],
  staleTime: 0,
  queryFn: async () => must(await api.GET('/v1/real-estate/visits', { params: { query: { role: 'agent' } } })).visits,
});

export type VisitAction = 'confirm' | 'decline' | 'done' | 'no-show';

export async function actOnVisit(visitId: string, action: VisitAction) {
  const init = { params: { path: { visitId } } };
  if (action === 'confirm') return must(await api.POST('/v1/real-estate/visits/{visitId}/confirm', init));
  if (action === 'decline') return must(await api.POST('/v1/real-estate/visits/{visitId}/decline', init));
  if (action === 'done') return must(await api.POST('/v1/real-estate/visits/{visitId}/done', init));
  return must(await api.POST('/v1/real-estate/visits/{visitId}/no-show', init));
}

export const landlordLeasesQuery = queryOptions({
  queryKey: ['real-estate', 'leases', 'landlord'],
  staleTime: 0,
  queryFn: async () =>
    must(await api.GET('/v1/real-estate/leases', { params: { query: { role: 'landlord' } } })).leases,
});

export const createLease = async (input: LeaseInput, key: string) =>
  must(await api.POST('/v1/real-estate/leases', { params: { header: idem(key) }, body: input }));

export const recordRent = async (dueId: string, amountXof: number, method: 'cash' | 'mobile_money', key: string) =>
  must(
    await api.POST('/v1/real-estate/rent-dues/{dueId}/record', {
      params: { path: { dueId }, header: idem(key) },
      body: { amountXof, method },
    }),
  );

export const returnDeposit = async (leaseId: string, amountXof: number, note: string) =>
  must(
    await api.POST('/v1/real-estate/leases/{leaseId}/deposit-return', {
      params: { path: { leaseId } },
      body: { amountXof, note },
    }),
  );

/** "12 500", "12500 F" or "12 500 FCFA" as 12500; anything else as NaN (the form says so). */
export function fcfaOf(text: string): number {
  const digits = text.replace(/[\s\u202f\u00a0.]/g, '').replace(/f(cfa)?$/i, '');
  return /^\d{1,12}$/.test(digits) ? Number(digits) : Number.NaN;
}

/** A lease's PDF (the lease or a receipt) as a data: address to save (the portal's policy allows no blob:). */
export const documentUrl = async (documentId: string): Promise<string> =>
  dataUrlOf(
    blobOf(
      await api.GET('/v1/real-estate/documents/{documentId}', {
        params: { path: { documentId } },
        parseAs: 'blob',
      }),
    ),
  );
