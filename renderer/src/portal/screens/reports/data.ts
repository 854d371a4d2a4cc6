/** The reports' data (issue 27): what the caller may run, a preview, an export job, scheduled sendings. */
import { queryOptions } from '@tanstack/react-query';
import { cloud, idempotent } from '../exports/loose.js';
import type { NewSchedule, ReportFormat, ReportKindView, ReportPreview, Schedule } from './types.js';

export const kindsQuery = queryOptions({
  queryKey: ['reports', 'kinds'],
  staleTime: 5 * 60_000,
  queryFn: () => cloud.get<{ kinds: ReportKindView[] }>('/v1/reports'),
});

export const previewQuery = (kind: string, from: string, to: string, module: string) =>
  queryOptions({
    queryKey: ['reports', 'preview', kind, from, to, module],
    staleTime: 0,
    queryFn: () =>
      cloud.get<ReportPreview>('/v1/reports/{kind}', {
        params: { path: { kind }, query: { from, to, ...(module ? { module } : {}) } },
      }),
  });

export const startExport = (kind: string, body: { from: string; to: string; module?: string; format: ReportFormat }) =>
  cloud.post<{ jobId: string }>('/v1/reports/{kind}/exports', {
    params: { path: { kind } },
    body,
    headers: idempotent(),
  });

export const schedulesQuery = queryOptions({
  queryKey: ['reports', 'schedules'],
  staleTime: 0,
  queryFn: () => cloud.get<{ schedules: Schedule[] }>('/v1/reports/schedules'),
});

export const createSchedule = (body: NewSchedule) =>
  cloud.post<Schedule>('/v1/reports/schedules', { body, headers: idempotent() });

export const deleteSchedule = (scheduleId: string) =>
  cloud.delete('/v1/reports/schedules/{scheduleId}', { params: { path: { scheduleId } } });
