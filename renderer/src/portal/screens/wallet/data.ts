/**
 * The wallet screens' server data beyond the balance (../../wallet.ts, on the first screen): pages of history with
 * filters, a top-up's status, who I am (a sales rep sees withdrawals), my withdrawal requests; and the money writes,
 * each sent with its intent's idempotency key (../../api/intent.ts).
 */
import { infiniteQueryOptions, queryOptions } from '@tanstack/react-query';
import { api, apiError } from '../../api/client.js';
import { idempotencyHeaders } from '../../api/intent.js';
import type { HistorySearch, TopUpProvider } from '../../routes/wallet.js';
import { historyPageSize } from '../../wallet.js';
import { kindsOf } from './kinds.js';

export const historyPagesQuery = (search: HistorySearch) =>
  infiniteQueryOptions({
    queryKey: ['wallet', 'history', 'pages', search],
    initialPageParam: undefined as number | undefined,
    queryFn: async ({ pageParam }) => {
      const { data, error, response } = await api.GET('/v1/wallet/history', {
        params: {
          query: {
            limit: historyPageSize,
            ...(pageParam === undefined ? {} : { beforeSeq: pageParam }),
            ...(search.kind === undefined ? {} : { kinds: kindsOf(search.kind).join(',') }),
            ...(search.from === undefined ? {} : { from: search.from }),
            ...(search.to === undefined ? {} : { to: search.to }),
          },
        },
      });
      if (data === undefined) throw apiError(error, response.status);
      return data;
    },
    getNextPageParam: (last) => last.nextBeforeSeq ?? undefined,
  });

/** The signed-in account as the wallet needs it: its profile (withdrawals are a sales rep's) and ISMAIL ID. */
/** GET /v1/me declares no success schema (identity's): what the wallet reads of it. */
interface Me {
  readonly profile: string;
  readonly ismailId: string | null;
}

export const meQuery = queryOptions({
  queryKey: ['me'],
  queryFn: async (): Promise<Me> => {
    const { data, error, response } = await api.GET('/v1/me');
    if (data === undefined) throw apiError(error, response.status);
    return data;
  },
});

export const topUpQuery = (paymentId: string) =>
  queryOptions({
    queryKey: ['wallet', 'top-up', paymentId],
    queryFn: async () => {
      const { data, error, response } = await api.GET('/v1/wallet/top-ups/{paymentId}', {
        params: { path: { paymentId } },
      });
      if (data === undefined) throw apiError(error, response.status);
      return data;
    },
    // Asked again while the provider has not answered; a settled top-up never changes.
    refetchInterval: (query) => (query.state.data?.status === 'pending' ? 2_000 : false),
    staleTime: 0,
  });

export const withdrawalsQuery = queryOptions({
  queryKey: ['wallet', 'withdrawals'],
  queryFn: async () => {
    const { data, error, response } = await api.GET('/v1/wallet/withdrawals', { params: { query: { limit: 20 } } });
    if (data === undefined) throw apiError(error, response.status);
    return data;
  },
  // A refusal (not a sales rep) is an answer, not a 3G drop: no retries.
  retry: (count, error) => (error as { status?: number }).status === undefined && count < 2,
});

export async function startTopUp(
  intentId: string,
  body: { provider: TopUpProvider; amountXof: number; payerMsisdn?: string },
) {
  const { data, error, response } = await api.POST('/v1/wallet/top-ups/mobile-money', {
    params: { header: idempotencyHeaders(intentId) },
    body,
  });
  if (data === undefined) throw apiError(error, response.status);
  return data;
}

export async function findRecipient(ismailId: string) {
  const { data, error, response } = await api.GET('/v1/wallet/recipients/{ismailId}', {
    params: { path: { ismailId } },
  });
  if (data === undefined) throw apiError(error, response.status);
  return data;
}

export async function sendTransfer(intentId: string, body: { toIsmailId: string; amountCentiCredits: number }) {
  const { data, error, response } = await api.POST('/v1/wallet/transfers/by-ismail-id', {
    params: { header: idempotencyHeaders(intentId) },
    body,
  });
  if (data === undefined) throw apiError(error, response.status);
  return data;
}

export async function requestWithdrawal(
  intentId: string,
  body: { amountCentiCredits: number; destinationMsisdn: string },
) {
  const { data, error, response } = await api.POST('/v1/wallet/withdrawals', {
    params: { header: idempotencyHeaders(intentId) },
    body,
  });
  if (data === undefined) throw apiError(error, response.status);
  return data;
}

/** The top-up a payer left for Wave's or Orange's page, kept on this device to follow it on their return. */
const pendingKey = 'ismail.portal.wallet.pendingTopUp';

export function rememberTopUp(paymentId: string): void {
  localStorage.setItem(pendingKey, paymentId);
}

export function rememberedTopUp(): string | null {
  return localStorage.getItem(pendingKey);
}

export function forgetTopUp(): void {
  localStorage.removeItem(pendingKey);
}
