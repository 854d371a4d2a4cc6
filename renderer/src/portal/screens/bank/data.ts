/**
 * Bank reconciliation's data (issue 27): saved CSV mappings, statements, their lines and the actions on a line; typed
 * by the generated cloud-api.d.ts and checked (`satisfies`) against the contract's shapes the screens use (types.ts).
 */
import { queryOptions } from '@tanstack/react-query';
import { api } from '../../api/client.js';
import { fetchFile, must } from '../exports/loose.js';
import type { BankMapping, Line, LineEvent, SplitPart, StatementSummary, TargetType } from './types.js';

export const mappingsQuery = queryOptions({
  queryKey: ['bank', 'mappings'],
  staleTime: 60_000,
  queryFn: async () => must(await api.GET('/v1/bank/mappings')) satisfies { mappings: BankMapping[] },
});

export const saveMapping = async (mapping: BankMapping) =>
  must(
    await api.PUT('/v1/bank/mappings/{bankName}', { params: { path: { bankName: mapping.bankName } }, body: mapping }),
  );

export const statementsQuery = queryOptions({
  queryKey: ['bank', 'statements'],
  staleTime: 0,
  queryFn: async () => must(await api.GET('/v1/bank/statements')) satisfies { statements: StatementSummary[] },
});

export const statementQuery = (statementId: string) =>
  queryOptions({
    queryKey: ['bank', 'statement', statementId],
    staleTime: 0,
    queryFn: async () =>
      must(await api.GET('/v1/bank/statements/{statementId}', { params: { path: { statementId } } })) satisfies {
        statement: StatementSummary;
        lines: Line[];
      },
  });

export const historyQuery = (lineId: string) =>
  queryOptions({
    queryKey: ['bank', 'line', lineId, 'history'],
    staleTime: 0,
    queryFn: async () =>
      must(await api.GET('/v1/bank/lines/{lineId}/history', { params: { path: { lineId } } })) satisfies {
        events: LineEvent[];
      },
  });

/** Idempotent on the file's content (the same file twice answers the first statement): no key needed. */
export const importStatement = async (body: {
  format: 'camt053' | 'csv';
  bankName?: string;
  fileName: string;
  content: string;
}) => must(await api.POST('/v1/bank/statements', { body })) satisfies { statement: StatementSummary };

const line = (lineId: string) => ({ params: { path: { lineId } } });

export const acceptLine = async (lineId: string, target: { targetType: TargetType; targetId: string }) =>
  must(await api.POST('/v1/bank/lines/{lineId}/accept', { ...line(lineId), body: target })) satisfies Line;

export const splitLine = async (lineId: string, parts: SplitPart[]) =>
  must(await api.POST('/v1/bank/lines/{lineId}/split', { ...line(lineId), body: { parts } })) satisfies Line;

export const disputeLine = async (lineId: string, reason: string) =>
  must(await api.POST('/v1/bank/lines/{lineId}/dispute', { ...line(lineId), body: { reason } })) satisfies Line;

export const reopenLine = async (lineId: string) =>
  must(await api.POST('/v1/bank/lines/{lineId}/reopen', line(lineId))) satisfies Line;

export const reportFile = (statementId: string, format: 'csv' | 'xlsx') =>
  fetchFile(`/v1/bank/statements/${encodeURIComponent(statementId)}/report`, { format });
