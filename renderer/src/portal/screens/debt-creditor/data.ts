/**
 * The creditor's debt collection data through the portal's API client (its bearer token and refresh), on the routes
 * of API.md. The routes are written at the same time as these screens, so they are called by address through a
 * loosely typed view of the same client (same middleware) with the contract's shapes (types.ts). Reads are read again
 * whenever shown: debtors pay and the engine reminds from elsewhere.
 */
import { queryOptions } from '@tanstack/react-query';
import { api } from '../../api/client.js';
import { debtError } from './problem.js';
import type {
  Dashboard,
  DebtEvent,
  DebtFile,
  DebtPayment,
  DebtTask,
  ImportAnswer,
  Instalment,
  Lifecycle,
  NewFile,
  Reminder,
  Scenario,
  ScenarioStep,
  Suggestion,
} from './types.js';

interface Answer {
  data?: unknown;
  error?: unknown;
  response: Response;
}
interface Init {
  params?: { query?: Record<string, string | number | undefined> | undefined };
  body?: unknown;
  parseAs?: 'json' | 'blob';
}
type Call = (path: string, init?: Init) => Promise<Answer>;
const loose = api as unknown as { GET: Call; POST: Call; PUT: Call; PATCH: Call };

/** The answer's body as the contract's shape, or the cloud's refusal (its code and French reason) thrown. */
function must<T>(answer: Answer): T {
  if (!answer.response.ok || answer.data === undefined) throw debtError(answer.error, answer.response.status);
  return answer.data as T;
}

const enc = encodeURIComponent;
const file = (fileId: string) => `/v1/debt-files/${enc(fileId)}`;

export const dashboardQuery = (from: string, to: string) =>
  queryOptions({
    queryKey: ['debt', 'creditor', 'dashboard', from, to],
    staleTime: 0,
    queryFn: async () =>
      must<Dashboard>(await loose.GET('/v1/debt-collection/dashboard', { params: { query: { from, to } } })),
  });

export const filesQuery = (status: string, q: string) =>
  queryOptions({
    queryKey: ['debt', 'creditor', 'files', status, q],
    staleTime: 0,
    queryFn: async () =>
      must<{ files: DebtFile[]; nextCursor: string | null }>(
        await loose.GET('/v1/debt-files', {
          params: { query: { role: 'creditor', status: status || undefined, q: q || undefined } },
        }),
      ),
  });

export const fileQuery = (fileId: string) =>
  queryOptions({
    queryKey: ['debt', 'creditor', 'file', fileId],
    staleTime: 0,
    queryFn: async () => must<{ file: DebtFile; events: DebtEvent[] }>(await loose.GET(file(fileId))),
  });

export const paymentsQuery = (fileId: string) =>
  queryOptions({
    queryKey: ['debt', 'creditor', 'file', fileId, 'payments'],
    staleTime: 0,
    queryFn: async () => must<{ payments: DebtPayment[] }>(await loose.GET(`${file(fileId)}/payments`)).payments,
  });

export const remindersQuery = (fileId: string) =>
  queryOptions({
    queryKey: ['debt', 'creditor', 'file', fileId, 'reminders'],
    staleTime: 0,
    queryFn: async () => must<{ reminders: Reminder[] }>(await loose.GET(`${file(fileId)}/reminders`)).reminders,
  });

export const lifecycleQuery = (fileId: string) =>
  queryOptions({
    queryKey: ['debt', 'creditor', 'file', fileId, 'lifecycle'],
    staleTime: 0,
    queryFn: async () => must<Lifecycle>(await loose.GET(`${file(fileId)}/lifecycle`)),
  });

export const agentsQuery = queryOptions({
  queryKey: ['debt', 'creditor', 'agents'],
  staleTime: 5 * 60_000,
  queryFn: async () =>
    must<{ agents: { id: string; name: string }[] }>(await loose.GET('/v1/debt-collection/agents')).agents,
});

export const scenariosQuery = queryOptions({
  queryKey: ['debt', 'creditor', 'scenarios'],
  staleTime: 0,
  queryFn: async () =>
    must<{ scenarios: Scenario[]; builtIn: ScenarioStep[] }>(await loose.GET('/v1/debt-collection/scenarios')),
});

export const tasksQuery = queryOptions({
  queryKey: ['debt', 'creditor', 'tasks'],
  staleTime: 0,
  queryFn: async () =>
    must<{ tasks: DebtTask[] }>(await loose.GET('/v1/debt-collection/tasks', { params: { query: { status: 'open' } } }))
      .tasks,
});

export const suggestionsQuery = queryOptions({
  queryKey: ['debt', 'creditor', 'suggestions'],
  staleTime: 0,
  queryFn: async () =>
    must<{ suggestions: Suggestion[] }>(await loose.GET('/v1/debt-collection/suggestions')).suggestions,
});

export const createFile = async (body: NewFile) =>
  must<{ file: DebtFile; created: boolean }>(await loose.POST('/v1/debt-files', { body }));

export const patchFile = async (
  fileId: string,
  body: { assignedAgentId?: string | null; scenarioId?: string | null; status?: 'written_off' | 'legal' },
) => must<{ file: DebtFile }>(await loose.PATCH(file(fileId), { body }));

export const addNote = async (fileId: string, text: string) =>
  must<{ event: DebtEvent }>(await loose.POST(`${file(fileId)}/notes`, { body: { text } }));

export const recordPayment = async (
  fileId: string,
  body: { amountXof: number; method: 'cash' | 'mobile_money' | 'bank'; reference: string; paidOn: string },
) => must<{ payment: DebtPayment; file: DebtFile }>(await loose.POST(`${file(fileId)}/payments`, { body }));

export const createPromise = async (fileId: string, body: { amountXof: number; promisedOn: string }) =>
  must<unknown>(await loose.POST(`${file(fileId)}/promises`, { body }));

export const createPlan = async (fileId: string, instalments: Instalment[]) =>
  must<unknown>(await loose.POST(`${file(fileId)}/plans`, { body: { instalments } }));

export const openDispute = async (fileId: string, reason: string) =>
  must<unknown>(await loose.POST(`${file(fileId)}/disputes`, { body: { reason } }));

export const resolveDispute = async (
  fileId: string,
  disputeId: string,
  body: { outcome: 'upheld' | 'rejected'; resolution: string },
) => must<unknown>(await loose.POST(`${file(fileId)}/disputes/${enc(disputeId)}/resolve`, { body }));

export const saveScenario = async (scenario: {
  id: string | null;
  name: string;
  steps: ScenarioStep[];
  isDefault: boolean;
}) => {
  const body = { name: scenario.name, steps: scenario.steps, isDefault: scenario.isDefault };
  return must<{ scenario: Scenario }>(
    scenario.id === null
      ? await loose.POST('/v1/debt-collection/scenarios', { body })
      : await loose.PUT(`/v1/debt-collection/scenarios/${enc(scenario.id)}`, { body }),
  );
};

export const runImport = async (body: { filename: string; contentBase64: string; dryRun: boolean }) =>
  must<ImportAnswer>(await loose.POST('/v1/debt-collection/imports', { body }));

export const taskDone = async (taskId: string, note: string) =>
  must<unknown>(await loose.POST(`/v1/debt-collection/tasks/${enc(taskId)}/done`, { body: note ? { note } : {} }));

export const confirmSuggestion = async (id: string, fileId: string) =>
  must<unknown>(await loose.POST(`/v1/debt-collection/suggestions/${enc(id)}/confirm`, { body: { fileId } }));

export const rejectSuggestion = async (id: string) =>
  must<unknown>(await loose.POST(`/v1/debt-collection/suggestions/${enc(id)}/reject`));

const dataUrlOf = (blob: Blob): Promise<string> =>
  new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(typeof reader.result === 'string' ? reader.result : '');
    reader.onerror = () => reject(reader.error ?? new Error('unreadable'));
    reader.readAsDataURL(blob);
  });

/**
 * A file the cloud makes on demand (journal export, formal notice) fetched with the bearer token and kept as a data:
 * address to save (the portal's policy allows no blob:).
 */
export async function download(path: string, query?: Record<string, string>): Promise<string> {
  return dataUrlOf(must<Blob>(await loose.GET(path, { params: { query }, parseAs: 'blob' })));
}

/** The chosen CSV/XLSX as base64 (the import route takes JSON). */
export async function base64Of(chosen: File): Promise<string> {
  const url = await dataUrlOf(chosen);
  return url.slice(url.indexOf(',') + 1);
}
