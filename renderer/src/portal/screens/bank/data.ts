/** Bank reconciliation's data (issue 27): saved CSV mappings, statements, their lines and the actions on a line. */
import { queryOptions } from '@tanstack/react-query';
import { cloud, fetchFile, idempotent } from '../exports/loose.js';
import type { BankMapping, Line, LineEvent, SplitPart, StatementSummary, TargetType } from './types.js';

export const mappingsQuery = queryOptions({
  queryKey: ['bank', 'mappings'],
  staleTime: 60_000,
  queryFn: () => cloud.get<{ mappings: BankMapping[] }>('/v1/bank/mappings'),
});

export const saveMapping = (mapping: BankMapping) =>
  cloud.put<BankMapping>('/v1/bank/mappings/{bankName}', {
    params: { path: { bankName: mapping.bankName } },
    body: mapping,
  });

export const statementsQuery = queryOptions({
  queryKey: ['bank', 'statements'],
  staleTime: 0,
  queryFn: () => cloud.get<{ statements: StatementSummary[] }>('/v1/bank/statements'),
});

export const statementQuery = (statementId: string) =>
  queryOptions({
    queryKey: ['bank', 'statement', statementId],
    staleTime: 0,
    queryFn: () =>
      cloud.get<{ statement: StatementSummary; lines: Line[] }>('/v1/bank/statements/{statementId}', {
        params: { path: { statementId } },
      }),
  });

export const historyQuery = (lineId: string) =>
  queryOptions({
    queryKey: ['bank', 'line', lineId, 'history'],
    staleTime: 0,
    queryFn: () =>
      cloud.get<{ events: LineEvent[] }>('/v1/bank/lines/{lineId}/history', { params: { path: { lineId } } }),
  });

export const importStatement = (body: {
  format: 'camt053' | 'csv';
  bankName?: string;
  fileName: string;
  content: string;
}) => cloud.post<{ statement: StatementSummary }>('/v1/bank/statements', { body, headers: idempotent() });

const line = (lineId: string) => ({ params: { path: { lineId } } });

export const acceptLine = (lineId: string, target: { targetType: TargetType; targetId: string }) =>
  cloud.post<Line>('/v1/bank/lines/{lineId}/accept', { ...line(lineId), body: target });

export const splitLine = (lineId: string, parts: SplitPart[]) =>
  cloud.post<Line>('/v1/bank/lines/{lineId}/split', { ...line(lineId), body: { parts } });

export const disputeLine = (lineId: string, reason: string) =>
  cloud.post<Line>('/v1/bank/lines/{lineId}/dispute', { ...line(lineId), body: { reason } });

export const reopenLine = (lineId: string) => cloud.post<Line>('/v1/bank/lines/{lineId}/reopen', line(lineId));

export const reportFile = (statementId: string, format: 'csv' | 'xlsx' | 'pdf') =>
  fetchFile(`/v1/bank/statements/${encodeURIComponent(statementId)}/report`, { format });
