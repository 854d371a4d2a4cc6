/**
 * The reports' data (issue 27): what the caller may run, a preview, an export job, scheduled sendings; typed by the
 * generated cloud-api.d.ts and checked (`satisfies`) against the contract's shapes the screens use (types.ts).
 */
import { queryOptions } from '@tanstack/react-query';
import { api } from '../../api/client.js';
import type { paths } from '../../api/cloud-api.js';
import { done, idempotent, must } from '../exports/loose.js';
import type { NewSchedule, ReportFormat, ReportKindView, ReportPreview, Schedule } from './types.js';

type ReportKind = paths['/v1/reports/{kind}']['get']['parameters']['path']['kind'];
/** The kinds the screens hold came from GET /v1/reports (the cloud's own list). */
const asKind = (kind: string) => kind as ReportKind;

export const kindsQuery = queryOptions({
  queryKey: ['reports', 'kinds'],
  staleTime: 5 * 60_000,
  queryFn: async () => must(await api.GET('/v1/reports')) satisfies { kinds: ReportKindView[] },
});

export const previewQuery = (kind: string, from: string, to: string, module: string) =>
  queryOptions({
    queryKey: ['reports', 'preview', kind, from, to, module],
    staleTime: 0,
    queryFn: async () =>
      must(
        await api.GET('/v1/reports/{kind}', {
          params: { path: { kind: asKind(kind) }, query: { from, to, ...(module ? { module } : {}) } },
        }),
      ) satisfies ReportPreview,
  });

export const startExport = async (
  kind: string,
  body: { from: string; to: string; module?: string; format: ReportFormat },
) =>
  must(
    await api.POST('/v1/reports/{kind}/exports', {
      params: { path: { kind: asKind(kind) }, header: idempotent() },
      body,
    }),
  ) satisfies { jobId: string };

export const schedulesQuery = queryOptions({
  queryKey: ['reports', 'schedules'],
  staleTime: 0,
  queryFn: async () => must(await api.GET('/v1/reports/schedules')) satisfies { schedules: Schedule[] },
});

export const createSchedule = async (body: NewSchedule) =>
  must(await api.POST('/v1/reports/schedules', { body: { ...body, kind: asKind(body.kind) } })) satisfies Schedule;

export const deleteSchedule = async (scheduleId: string) =>
  done(await api.DELETE('/v1/reports/schedules/{scheduleId}', { params: { path: { scheduleId } } }));
