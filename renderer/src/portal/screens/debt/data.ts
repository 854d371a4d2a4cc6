/**
 * The debtor's server data (issue 26), through the portal's one client (bearer token, refresh). The paths and shapes
 * are the contract's (API.md); the client is used untyped here because the debt routes were being written while these
 * screens were, and the generated types did not have them yet. A refusal keeps the cloud's French message.
 */
import { queryOptions } from '@tanstack/react-query';
import { api, apiError, type ApiError } from '../../api/client.js';
import type {
  DebtEvent,
  DebtFile,
  DebtPayment,
  DebtPromise,
  DebtDispute,
  Lifecycle,
  OptOutChannel,
  Reminder,
} from './types.js';

interface Answer {
  data?: unknown;
  error?: unknown;
  response: Response;
}
interface LooseClient {
  GET(path: string, init?: { parseAs?: 'blob' }): Promise<Answer>;
  POST(path: string, init: { body: unknown; headers?: Record<string, string> }): Promise<Answer>;
  PUT(path: string, init: { body: unknown }): Promise<Answer>;
}
const loose = api as unknown as LooseClient;

/** The cloud's refusal with its French message kept (Refusal.tsx shows it). */
function refusal(error: unknown, status: number): ApiError {
  const failure = apiError(error, status);
  const message = (error as { error?: { message?: unknown } } | undefined)?.error?.message;
  return typeof message === 'string' && message !== '' ? Object.assign(failure, { detail: message }) : failure;
}

function must<T>(answer: Answer): T {
  if (!answer.response.ok || answer.data === undefined) throw refusal(answer.error, answer.response.status);
  return answer.data as T;
}

const filePath = (fileId: string): string => `/v1/debt-files/${encodeURIComponent(fileId)}`;

export const myDebtsQuery = queryOptions({
  queryKey: ['debt', 'files', 'debtor'],
  staleTime: 0,
  queryFn: async () => must<{ files: DebtFile[] }>(await loose.GET('/v1/debt-files?role=debtor')),
});

export const debtFileQuery = (fileId: string) =>
  queryOptions({
    queryKey: ['debt', 'file', fileId],
    staleTime: 0,
    queryFn: async () => must<{ file: DebtFile; events: DebtEvent[] }>(await loose.GET(filePath(fileId))),
  });

export const paymentsQuery = (fileId: string) =>
  queryOptions({
    queryKey: ['debt', 'payments', fileId],
    staleTime: 0,
    queryFn: async () => must<{ payments: DebtPayment[] }>(await loose.GET(`${filePath(fileId)}/payments`)),
  });

export const remindersQuery = (fileId: string) =>
  queryOptions({
    queryKey: ['debt', 'reminders', fileId],
    staleTime: 0,
    queryFn: async () => must<{ reminders: Reminder[] }>(await loose.GET(`${filePath(fileId)}/reminders`)),
  });

export const lifecycleQuery = (fileId: string) =>
  queryOptions({
    queryKey: ['debt', 'lifecycle', fileId],
    staleTime: 0,
    queryFn: async () => must<Lifecycle>(await loose.GET(`${filePath(fileId)}/lifecycle`)),
  });

/** A payment from the wallet; the key is the intent's (one per attempt), sent in the body as the contract says. */
export const payFile = async (fileId: string, amountXof: number, idempotencyKey: string) =>
  must<{ payment: DebtPayment; file: DebtFile }>(
    await loose.POST(`${filePath(fileId)}/pay`, {
      body: { amountXof, idempotencyKey },
      headers: { 'idempotency-key': idempotencyKey },
    }),
  );

export const promiseToPay = async (fileId: string, amountXof: number, promisedOn: string) =>
  must<{ promise: DebtPromise }>(await loose.POST(`${filePath(fileId)}/promises`, { body: { amountXof, promisedOn } }));

export const disputeFile = async (fileId: string, reason: string) =>
  must<{ dispute: DebtDispute }>(await loose.POST(`${filePath(fileId)}/disputes`, { body: { reason } }));

export const contactPreferencesQuery = queryOptions({
  queryKey: ['debt', 'contact-preferences'],
  queryFn: async () => must<{ optedOut: OptOutChannel[] }>(await loose.GET('/v1/debt-collection/contact-preferences')),
});

export const saveContactPreferences = async (optedOut: readonly OptOutChannel[]) =>
  must<{ optedOut: OptOutChannel[] }>(
    await loose.PUT('/v1/debt-collection/contact-preferences', { body: { optedOut } }),
  );

/** A formal notice letter's bytes (they need the bearer token, so they come through the client). */
export async function letterBytes(fileId: string, taskId: string): Promise<Blob> {
  return must<Blob>(await loose.GET(`${filePath(fileId)}/letters/${encodeURIComponent(taskId)}`, { parseAs: 'blob' }));
}
