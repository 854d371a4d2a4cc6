/**
 * An admin's real estate review: the listings the automatic checks held and the open reports, and the decisions on
 * each (the cloud asks for a session opened with the authenticator code).
 */
import { queryOptions } from '@tanstack/react-query';
import { api } from '../../api/client.js';
import { must } from './data.js';

export const reviewQuery = queryOptions({
  queryKey: ['admin', 'real-estate', 'review'],
  staleTime: 0,
  queryFn: async () => must(await api.GET('/v1/admin/real-estate/review')),
});

export const decideListing = async (listingId: string, decision: 'publish' | 'suspend', note: string) =>
  must(
    await api.POST('/v1/admin/real-estate/listings/{listingId}/decision', {
      params: { path: { listingId } },
      body: { decision, note },
    }),
  );

/** Upheld reports suspend the listing; dismissed ones leave it as it is. */
export const decideReport = async (reportId: string, suspend: boolean) =>
  must(
    await api.POST('/v1/admin/real-estate/reports/{reportId}/decision', {
      params: { path: { reportId } },
      body: suspend ? { decision: 'upheld', suspendListing: true } : { decision: 'dismissed' },
    }),
  );

/** A published listing as every signed-in person reads it (the original a held duplicate repeats). */
export const publishedListingQuery = (listingId: string) =>
  queryOptions({
    queryKey: ['admin', 'real-estate', 'listing', listingId],
    staleTime: 60_000,
    queryFn: async () =>
      must(await api.GET('/v1/real-estate/listings/{listingId}', { params: { path: { listingId } } })),
  });
