/**
 * An admin's Services data: the disputes (open or decided, each with its appointment) and their decision, the
 * reported reviews and theirs. The decisions need a session opened with the authenticator code (the cloud checks;
 * the screens sit behind AdminGate and offer to sign in again when the code is too old).
 */
import { queryOptions } from '@tanstack/react-query';
import { servicesClient as client, servicesMust as must } from './data.js';
import type { AdminDispute, ReviewReport } from './types.js';

export const adminDisputesQuery = (status: 'open' | 'decided') =>
  queryOptions({
    queryKey: ['admin', 'services', 'disputes', status],
    staleTime: 0,
    queryFn: async () =>
      (
        await must<{ disputes: AdminDispute[] }>(
          client.GET('/v1/admin/services/disputes', { params: { query: { status } } }),
        )
      ).disputes,
  });

export type Decision = { outcome: 'release'; note: string } | { outcome: 'refund'; refundBp: number; note: string };

export const decideDispute = (disputeId: string, decision: Decision) =>
  must<unknown>(
    client.POST(`/v1/admin/services/disputes/${encodeURIComponent(disputeId)}/decision`, { body: decision }),
  );

export const reviewReportsQuery = queryOptions({
  queryKey: ['admin', 'services', 'review-reports'],
  staleTime: 0,
  queryFn: async () =>
    (await must<{ reports: ReviewReport[] }>(client.GET('/v1/admin/services/review-reports'))).reports,
});

export const decideReport = (reportId: string, hide: boolean) =>
  must<unknown>(
    client.POST(`/v1/admin/services/review-reports/${encodeURIComponent(reportId)}/decision`, { body: { hide } }),
  );
