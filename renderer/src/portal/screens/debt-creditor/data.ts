/**
 * The creditor's debt collection data through the portal's API client (its bearer token and refresh), on the routes
 * of API.md, typed by the generated cloud-api.d.ts; each answer is also checked (`satisfies`) against the contract's
 * shapes the screens use (types.ts), so a route that drifts from API.md fails the build. Reads are read again
 * whenever shown: debtors pay and the engine reminds from elsewhere.
 */
import { queryOptions } from '@tanstack/react-query';
import { api } from '../../api/client.js';
import { debtError } from './problem.js';
import type {
  Dashboard,
  DebtStatus,
  DebtEvent,
  DebtFile,
  DebtPayment,
  ImportAnswer,
  Instalment,
  Lifecycle,
  NewFile,
  Reminder,
  Scenario,
  ScenarioStep,
  Suggestion,
} from './types.js';

/** openapi-fetch's answer as its data, or the cloud's refusal (its code and French reason) thrown. */
function must<T>(answer: { data?: T; error?: unknown; response: Response }): T {
  if (!answer.response.ok || answer.data === undefined) throw debtError(answer.error, answer.response.status);
  return answer.data;
}

const path = (fileId: string) => ({ path: { fileId } });

export const dashboardQuery = (from: string, to: string) =>
  queryOptions({
    queryKey: ['debt', 'creditor', 'dashboard', from, to],
    staleTime: 0,
    queryFn: async () =>
      must(await api.GET('/v1/debt-collection/dashboard', { params: { query: { from, to } } })) satisfies Dashboard,
  });

export const filesQuery = (status: string, q: string) =>
  queryOptions({
    queryKey: ['debt', 'creditor', 'files', status, q],
    staleTime: 0,
    queryFn: async () =>
      must(
        await api.GET('/v1/debt-files', {
          params: {
            query: { role: 'creditor', ...(status ? { status: status as DebtStatus } : {}), ...(q ? { q } : {}) },
          },
        }),
      ) satisfies { files: DebtFile[]; nextCursor: string | null },
  });

export const fileQuery = (fileId: string) =>
  queryOptions({
    queryKey: ['debt', 'creditor', 'file', fileId],
    staleTime: 0,
    queryFn: async () =>
      must(await api.GET('/v1/debt-files/{fileId}', { params: path(fileId) })) satisfies {
        file: DebtFile;
        events: DebtEvent[];
      },
  });

export const paymentsQuery = (fileId: string) =>
  queryOptions({
    queryKey: ['debt', 'creditor', 'file', fileId, 'payments'],
    staleTime: 0,
    queryFn: async () =>
      must(await api.GET('/v1/debt-files/{fileId}/payments', { params: path(fileId) }))
        .payments satisfies DebtPayment[],
  });

export const remindersQuery = (fileId: string) =>
  queryOptions({
    queryKey: ['debt', 'creditor', 'file', fileId, 'reminders'],
    staleTime: 0,
    queryFn: async () =>
      must(await api.GET('/v1/debt-files/{fileId}/reminders', { params: path(fileId) })).reminders satisfies Reminder[],
  });

export const lifecycleQuery = (fileId: string) =>
  queryOptions({
    queryKey: ['debt', 'creditor', 'file', fileId, 'lifecycle'],
    staleTime: 0,
    queryFn: async () =>
      must(await api.GET('/v1/debt-files/{fileId}/lifecycle', { params: path(fileId) })) satisfies Lifecycle,
  });

export const agentsQuery = queryOptions({
  queryKey: ['debt', 'creditor', 'agents'],
  staleTime: 5 * 60_000,
  queryFn: async () => must(await api.GET('/v1/debt-collection/agents')).agents,
});

export const scenariosQuery = queryOptions({
  queryKey: ['debt', 'creditor', 'scenarios'],
  staleTime: 0,
  queryFn: async () =>
    must(await api.GET('/v1/debt-collection/scenarios')) satisfies { scenarios: Scenario[]; builtIn: ScenarioStep[] },
});

export const tasksQuery = queryOptions({
  queryKey: ['debt', 'creditor', 'tasks'],
  staleTime: 0,
  queryFn: async () =>
    must(await api.GET('/v1/debt-collection/tasks', { params: { query: { status: 'open' } } })).tasks,
});

export const suggestionsQuery = queryOptions({
  queryKey: ['debt', 'creditor', 'suggestions'],
  staleTime: 0,
  queryFn: async () => must(await api.GET('/v1/debt-collection/suggestions')).suggestions satisfies Suggestion[],
});

export const createFile = async (body: NewFile) =>
  must(await api.POST('/v1/debt-files', { body })) satisfies { file: DebtFile; created: boolean };

export const patchFile = async (
  fileId: string,
  body: { assignedAgentId?: string | null; scenarioId?: string | null; status?: 'written_off' | 'legal' },
) => must(await api.PATCH('/v1/debt-files/{fileId}', { params: path(fileId), body }));

export const addNote = async (fileId: string, text: string) =>
  must(await api.POST('/v1/debt-files/{fileId}/notes', { params: path(fileId), body: { text } }));

export const recordPayment = async (
  fileId: string,
  body: { amountXof: number; method: 'cash' | 'mobile_money' | 'bank'; reference: string; paidOn: string },
) => must(await api.POST('/v1/debt-files/{fileId}/payments', { params: path(fileId), body }));

export const createPromise = async (fileId: string, body: { amountXof: number; promisedOn: string }) =>
  must(await api.POST('/v1/debt-files/{fileId}/promises', { params: path(fileId), body }));

export const createPlan = async (fileId: string, instalments: Instalment[]) =>
  must(await api.POST('/v1/debt-files/{fileId}/plans', { params: path(fileId), body: { instalments } }));

export const openDispute = async (fileId: string, reason: string) =>
  must(await api.POST('/v1/debt-files/{fileId}/disputes', { params: path(fileId), body: { reason } }));

export const resolveDispute = async (
  fileId: string,
  disputeId: string,
  body: { outcome: 'upheld' | 'rejected'; resolution: string },
) =>
  must(
    await api.POST('/v1/debt-files/{fileId}/disputes/{disputeId}/resolve', {
      params: { path: { fileId, disputeId } },
      body,
    }),
  );

export const saveScenario = async (scenario: {
  id: string | null;
  name: string;
  steps: ScenarioStep[];
  isDefault: boolean;
}) => {
  const body = { name: scenario.name, steps: scenario.steps, isDefault: scenario.isDefault };
  return must(
    scenario.id === null
      ? await api.POST('/v1/debt-collection/scenarios', { body })
      : await api.PUT('/v1/debt-collection/scenarios/{scenarioId}', {
          params: { path: { scenarioId: scenario.id } },
          body,
        }),
  );
};

export const runImport = async (body: { filename: string; contentBase64: string; dryRun: boolean }) =>
  must(await api.POST('/v1/debt-collection/imports', { body })) satisfies ImportAnswer;

export const taskDone = async (taskId: string, note: string) =>
  must(
    await api.POST('/v1/debt-collection/tasks/{taskId}/done', {
      params: { path: { taskId } },
      body: note ? { note } : {},
    }),
  );

export const confirmSuggestion = async (id: string, fileId: string) =>
  must(await api.POST('/v1/debt-collection/suggestions/{id}/confirm', { params: { path: { id } }, body: { fileId } }));

export const rejectSuggestion = async (id: string) =>
  must(await api.POST('/v1/debt-collection/suggestions/{id}/reject', { params: { path: { id } } }));

const dataUrlOf = (blob: Blob): Promise<string> =>
  new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(typeof reader.result === 'string' ? reader.result : '');
    reader.onerror = () => reject(reader.error ?? new Error('unreadable'));
    reader.readAsDataURL(blob);
  });

type Blobbed = (
  path: string,
  init: { params: { query?: Record<string, string> | undefined }; parseAs: 'blob' },
) => Promise<{ data?: Blob; error?: unknown; response: Response }>;

/**
 * A file the cloud makes on demand (journal export, formal notice) fetched with the bearer token and kept as a data:
 * address to save (the portal's policy allows no blob:). The address is the caller's (a journal or a letter), so
 * the client is seen here as taking any path; it still goes through the same middleware.
 */
export async function download(path: string, query?: Record<string, string>): Promise<string> {
  const get = (api.GET as unknown as Blobbed).bind(api);
  return dataUrlOf(must(await get(path, { params: { query }, parseAs: 'blob' })));
}

/** The chosen CSV/XLSX as base64 (the import route takes JSON). */
export async function base64Of(chosen: File): Promise<string> {
  const url = await dataUrlOf(chosen);
  return url.slice(url.indexOf(',') + 1);
}
