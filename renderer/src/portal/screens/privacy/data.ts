/**
 * The personal-data routes (API-issue-27.md, "Personal data") through the portal's API client: the export job, the
 * person's rectification and erasure requests; for admins the register of processing activities, requests to decide
 * and retention periods. Requests carry an Idempotency-Key made once per form (a 3G retry files one request).
 */
import { queryOptions } from '@tanstack/react-query';
import { api } from '../../api/client.js';
import { must } from '../support/problem.js';
import type { Activity, PrivacyRequest, RequestKind, RequestStatus, Retention } from './types.js';

/** The answer typed by the generated cloud-api.d.ts, or the refusal thrown; `satisfies` then holds it to types.ts. */
const ok = <T>(answer: { data?: T; error?: unknown; response: Response }): T => must<T>(answer);

/** One key per screen: a 3G retry of « Préparer mon fichier » follows the same job instead of starting a second. */
export const startExport = async (idempotencyKey: string) =>
  ok(await api.POST('/v1/privacy/exports', { headers: { 'Idempotency-Key': idempotencyKey } })) satisfies {
    jobId: string;
  };

export const myRequestsQuery = queryOptions({
  queryKey: ['privacy', 'requests'],
  staleTime: 0,
  queryFn: async () => ok(await api.GET('/v1/privacy/requests')) satisfies { requests: PrivacyRequest[] },
});

export const fileRequest = async (kind: RequestKind, details: string, idempotencyKey: string) =>
  ok(
    await api.POST('/v1/privacy/requests', {
      body: { kind, details },
      headers: { 'Idempotency-Key': idempotencyKey },
    }),
  ) satisfies PrivacyRequest;

export const registryQuery = queryOptions({
  queryKey: ['privacy', 'admin', 'registry'],
  staleTime: 5 * 60_000,
  queryFn: async () => ok(await api.GET('/v1/privacy/registry')) satisfies { activities: Activity[] },
});

/** The register as CSV (the ARTCI declaration), fetched with the token and offered as a file to save. */
export async function downloadRegistryCsv(): Promise<void> {
  const answer = await api.GET('/v1/privacy/registry.csv', { parseAs: 'blob' });
  const blob = must<Blob>(answer);
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = 'registre-des-traitements.csv';
  document.body.append(link);
  link.click();
  link.remove();
  // Long enough for the browser to start saving it.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

export const adminRequestsQuery = (status: RequestStatus | '') =>
  queryOptions({
    queryKey: ['privacy', 'admin', 'requests', status],
    staleTime: 0,
    queryFn: async () =>
      ok(
        await api.GET('/v1/admin/privacy/requests', { params: { query: status === '' ? {} : { status } } }),
      ) satisfies { requests: PrivacyRequest[] },
  });

export const decideRequest = async (requestId: string, decision: 'done' | 'refused', note: string) =>
  ok(
    await api.POST('/v1/admin/privacy/requests/{requestId}/decision', {
      params: { path: { requestId } },
      body: { decision, note },
    }),
  );

export const retentionQuery = queryOptions({
  queryKey: ['privacy', 'admin', 'retention'],
  staleTime: 0,
  queryFn: async () => ok(await api.GET('/v1/admin/privacy/retention')) satisfies Retention,
});

export const saveRetention = async (periods: { kycYears: number; notificationContentDays: number }) =>
  ok(await api.PUT('/v1/admin/privacy/retention', { body: periods })) satisfies Retention;

export const newIdempotencyKey = (): string => globalThis.crypto.randomUUID();
