/**
 * The personal-data routes (API-issue-27.md, "Personal data") through the portal's API client: the export job, the
 * person's rectification and erasure requests; for admins the register of processing activities, requests to decide
 * and retention periods. Requests carry an Idempotency-Key made once per form (a 3G retry files one request).
 */
import { queryOptions } from '@tanstack/react-query';
import { api } from '../../api/client.js';
import { must } from '../support/problem.js';
import type { Activity, PrivacyRequest, RequestKind, Retention } from './types.js';

type Answer = { data?: unknown; error?: unknown; response: Response };
interface Init {
  params?: { path?: Record<string, string>; query?: Record<string, string> };
  body?: unknown;
  headers?: Record<string, string>;
  parseAs?: 'blob';
}
/** The client without its generated path types (routes written alongside); the token middleware is the same. */
const loose = api as unknown as {
  GET(path: string, init?: Init): Promise<Answer>;
  POST(path: string, init?: Init): Promise<Answer>;
  PUT(path: string, init?: Init): Promise<Answer>;
};

/** One key per screen: a 3G retry of « Préparer mon fichier » follows the same job instead of starting a second. */
export const startExport = async (idempotencyKey: string) =>
  must<{ jobId: string }>(await loose.POST('/v1/privacy/exports', { headers: { 'Idempotency-Key': idempotencyKey } }));

export const myRequestsQuery = queryOptions({
  queryKey: ['privacy', 'requests'],
  staleTime: 0,
  queryFn: async () => must<{ requests: PrivacyRequest[] }>(await loose.GET('/v1/privacy/requests')),
});

export const fileRequest = async (kind: RequestKind, details: string, idempotencyKey: string) =>
  must<PrivacyRequest>(
    await loose.POST('/v1/privacy/requests', {
      body: { kind, details },
      headers: { 'Idempotency-Key': idempotencyKey },
    }),
  );

export const registryQuery = queryOptions({
  queryKey: ['privacy', 'admin', 'registry'],
  staleTime: 5 * 60_000,
  queryFn: async () => must<{ activities: Activity[] }>(await loose.GET('/v1/privacy/registry')),
});

/** The register as CSV (the ARTCI declaration), fetched with the token and offered as a file to save. */
export async function downloadRegistryCsv(): Promise<void> {
  const answer = await loose.GET('/v1/privacy/registry', { params: { query: { format: 'csv' } }, parseAs: 'blob' });
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

export const adminRequestsQuery = (status: string) =>
  queryOptions({
    queryKey: ['privacy', 'admin', 'requests', status],
    staleTime: 0,
    queryFn: async () =>
      must<{ requests: PrivacyRequest[] }>(
        await loose.GET('/v1/admin/privacy/requests', { params: { query: status ? { status } : {} } }),
      ),
  });

export const decideRequest = async (requestId: string, decision: 'done' | 'refused', note: string) =>
  must<unknown>(
    await loose.POST('/v1/admin/privacy/requests/{requestId}/decision', {
      params: { path: { requestId } },
      body: { decision, note },
    }),
  );

export const retentionQuery = queryOptions({
  queryKey: ['privacy', 'admin', 'retention'],
  staleTime: 0,
  queryFn: async () => must<Retention>(await loose.GET('/v1/admin/privacy/retention')),
});

export const saveRetention = async (retention: Retention) =>
  must<Retention>(await loose.PUT('/v1/admin/privacy/retention', { body: retention }));

export const newIdempotencyKey = (): string => globalThis.crypto.randomUUID();
