/**
 * An admin's Services data: the disputes (open or decided, each with its appointment's title, parties and amount)
 * and their decision, the reported reviews and theirs. The decisions need a session opened with the authenticator
 * code (the cloud checks; the screens sit behind AdminGate and offer to sign in again when the code is too old).
 */
import { queryOptions } from '@tanstack/react-query';
import { api } from '../../api/client.js';
import { done, must } from './data.js';
import type { Decision } from './types.js';

export const adminDisputesQuery = (status: 'open' | 'decided') =>
  queryOptions({
    queryKey: ['admin', 'services', 'disputes', status],
    staleTime: 0,
    queryFn: async () => must(await api.GET('/v1/admin/services/disputes', { params: { query: { status } } })).disputes,
  });

export const decideDispute = async (disputeId: string, decision: Decision) =>
  done(
    await api.POST('/v1/admin/services/disputes/{disputeId}/decision', {
      params: { path: { disputeId } },
      body: decision,
    }),
  );

export const reviewReportsQuery = queryOptions({
  queryKey: ['admin', 'services', 'review-reports'],
  staleTime: 0,
  queryFn: async () => must(await api.GET('/v1/admin/services/review-reports')).reports,
});

export const decideReport = async (reportId: string, hide: boolean) =>
  done(
    await api.POST('/v1/admin/services/review-reports/{reportId}/decision', {
      params: { path: { reportId } },
      body: { hide },
    }),
  );
