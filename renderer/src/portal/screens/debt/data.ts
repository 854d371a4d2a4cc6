/**
 * The debtor's server data (issue 26), through the portal's one typed client (bearer token, refresh; types generated
 * from the cloud's OpenAPI document). A refusal keeps the cloud's French message.
 */
import { queryOptions } from '@tanstack/react-query';
import { api, apiError, type ApiError } from '../../api/client.js';
import type { OptOutChannel } from './types.js';

/** The cloud's refusal with its French message kept (Refusal.tsx shows it). */
function refusal(error: unknown, status: number): ApiError {
  const failure = apiError(error, status);
  const message = (error as { error?: { message?: unknown } } | undefined)?.error?.message;
  return typeof message === 'string' && message !== '' ? Object.assign(failure, { detail: message }) : failure;
}

/** openapi-fetch's answer as its data, or the refusal thrown. */
function must<T>(answer: { data?: T; error?: unknown; response: Response }): T {
  if (!answer.response.ok || answer.data === undefined) throw refusal(answer.error, answer.response.status);
  return answer.data;
}

const onFile = (fileId: string) => ({ params: { path: { fileId } } });

export const myDebtsQuery = queryOptions({
  queryKey: ['debt', 'files', 'debtor'],
  staleTime: 0,
  queryFn: async () => must(await api.GET('/v1/debt-files', { params: { query: { role: 'debtor' } } })),
});

export const debtFileQuery = (fileId: string) =>
  queryOptions({
    queryKey: ['debt', 'file', fileId],
    staleTime: 0,
    queryFn: async () => must(await api.GET('/v1/debt-files/{fileId}', onFile(fileId))),
  });

export const paymentsQuery = (fileId: string) =>
  queryOptions({
    queryKey: ['debt', 'payments', fileId],
    staleTime: 0,
    queryFn: async () => must(await api.GET('/v1/debt-files/{fileId}/payments', onFile(fileId))),
  });

export const remindersQuery = (fileId: string) =>
  queryOptions({
    queryKey: ['debt', 'reminders', fileId],
    staleTime: 0,
    queryFn: async () => must(await api.GET('/v1/debt-files/{fileId}/reminders', onFile(fileId))),
  });

export const lifecycleQuery = (fileId: string) =>
  queryOptions({
    queryKey: ['debt', 'lifecycle', fileId],
    staleTime: 0,
    queryFn: async () => must(await api.GET('/v1/debt-files/{fileId}/lifecycle', onFile(fileId))),
  });

/** A payment from the wallet; the key is the attempt's (one per attempt, kept until answered for good). */
export const payFile = async (fileId: string, amountXof: number, idempotencyKey: string) =>
  must(await api.POST('/v1/debt-files/{fileId}/pay', { ...onFile(fileId), body: { amountXof, idempotencyKey } }));

export const promiseToPay = async (fileId: string, amountXof: number, promisedOn: string) =>
  must(await api.POST('/v1/debt-files/{fileId}/promises', { ...onFile(fileId), body: { amountXof, promisedOn } }));

export const disputeFile = async (fileId: string, reason: string) =>
  must(await api.POST('/v1/debt-files/{fileId}/disputes', { ...onFile(fileId), body: { reason } }));

export const contactPreferencesQuery = queryOptions({
  queryKey: ['debt', 'contact-preferences'],
  queryFn: async () => must(await api.GET('/v1/debt-collection/contact-preferences')),
});

export const saveContactPreferences = async (optedOut: readonly OptOutChannel[]) =>
  must(await api.PUT('/v1/debt-collection/contact-preferences', { body: { optedOut: [...optedOut] } }));

/** A formal notice letter's bytes (they need the bearer token, so they come through the client). */
export async function letterBytes(fileId: string, taskId: string): Promise<Blob> {
  const answer = await api.GET('/v1/debt-files/{fileId}/letters/{taskId}', {
    params: { path: { fileId, taskId } },
    parseAs: 'blob',
  });
  return must(answer as { data?: Blob; error?: unknown; response: Response });
}
