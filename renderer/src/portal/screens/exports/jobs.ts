/**
 * Export jobs (issue 27): the caller's jobs and one job read again every 2 s while it runs; its file fetched with the
 * signed link, and a fresh link asked for when the one held has expired (links last minutes, a job's page may stay
 * open longer).
 */
import { queryOptions } from '@tanstack/react-query';
import { api } from '../../api/client.js';
import { CloudRefusal, fetchFile, must } from './loose.js';

export type ExportJobStatus = 'queued' | 'running' | 'done' | 'failed';

/** GET /v1/export-jobs/:jobId, as the contract (platform/documents/types.ts) states it. */
export interface ExportJobView {
  readonly id: string;
  readonly kind: string;
  readonly label: string;
  readonly status: ExportJobStatus;
  readonly doneRows: number;
  readonly totalRows: number | null;
  readonly etaSeconds: number | null;
  readonly createdAt: string;
  readonly finishedAt: string | null;
  readonly error: string | null;
  readonly downloadUrl: string | null;
}

export const pollMs = 2_000;
export const isRunning = (job: ExportJobView | undefined): boolean =>
  job === undefined || job.status === 'queued' || job.status === 'running';

export const jobKey = (jobId: string) => ['export-jobs', 'job', jobId] as const;

export const jobQuery = (jobId: string) =>
  queryOptions({
    queryKey: jobKey(jobId),
    staleTime: 0,
    queryFn: async () =>
      must(await api.GET('/v1/export-jobs/{jobId}', { params: { path: { jobId } } })) satisfies ExportJobView,
    // Read again while it runs; stops once done or failed, and when the screen goes (the query is unobserved).
    refetchInterval: (query) => (isRunning(query.state.data) ? pollMs : false),
  });

export const jobsQuery = queryOptions({
  queryKey: ['export-jobs', 'mine'],
  staleTime: 0,
  queryFn: async () => must(await api.GET('/v1/export-jobs')) satisfies { jobs: ExportJobView[] },
});

/** The document a signed link opens: `/v1/documents/<id>/content?link=<token>`. */
export function parseLink(url: string): { documentId: string; link: string } | null {
  const parsed = new URL(url, 'https://portal.invalid');
  const match = /^\/v1\/documents\/([^/]+)\/content$/.exec(parsed.pathname);
  const link = parsed.searchParams.get('link');
  return match?.[1] === undefined || link === null ? null : { documentId: decodeURIComponent(match[1]), link };
}

/** The job's file as a data: address; an expired link (410) is traded once for a fresh one. */
export async function fetchJobFile(downloadUrl: string): Promise<{ url: string; fileName: string | null }> {
  const signed = parseLink(downloadUrl);
  if (signed === null) throw new CloudRefusal('LINK_INVALID', 400, null);
  const path = '/v1/documents/{documentId}/content';
  const params = { path: { documentId: signed.documentId } };
  const get = (link: string) =>
    fetchFile(path.replace('{documentId}', encodeURIComponent(signed.documentId)), { link });
  try {
    return await get(signed.link);
  } catch (error) {
    if (!(error instanceof CloudRefusal) || error.status !== 410) throw error;
    const fresh = must(await api.POST('/v1/documents/{documentId}/links', { params }));
    const again = parseLink(fresh.url);
    if (again === null) throw error;
    return get(again.link);
  }
}
