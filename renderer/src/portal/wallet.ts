/** The wallet's server data for the screens: balance and history, read through the typed client. */
import { queryOptions } from '@tanstack/react-query';
import { api, apiError } from './api/client.js';

export const balanceQuery = queryOptions({
  queryKey: ['wallet', 'balance'],
  queryFn: async () => {
    const { data, error, response } = await api.GET('/v1/wallet');
    if (data === undefined) throw apiError(error, response.status);
    return data;
  },
});

/** The newest movements first; one page is what a phone screen needs. */
export const historyPageSize = 50;

export const historyQuery = queryOptions({
  queryKey: ['wallet', 'history'],
  queryFn: async () => {
    const { data, error, response } = await api.GET('/v1/wallet/history', {
      params: { query: { limit: historyPageSize } },
    });
    if (data === undefined) throw apiError(error, response.status);
    return data;
  },
});
