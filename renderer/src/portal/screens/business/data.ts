/**
 * The business area's server data, through the typed client: a partner's orders to fulfil (list by status, one
 * order) and the moves on them; a sales rep's partners, statement months, a month's statement, its rate simulation
 * and its CSV download (fetched with the session's token, then saved as a file).
 */
import { queryOptions } from '@tanstack/react-query';
import { api, apiError } from '../../api/client.js';

export const orderStatuses = ['pending', 'confirmed', 'shipped', 'delivered', 'cancelled'] as const;
export type OrderStatus = (typeof orderStatuses)[number];

export const fulfilmentListQuery = (status: OrderStatus | undefined) =>
  queryOptions({
    queryKey: ['business', 'orders', status ?? 'all'],
    staleTime: 0,
    queryFn: async () => {
      const { data, error, response } = await api.GET('/v1/shop/fulfilment/orders', {
        params: { query: { ...(status === undefined ? {} : { status }), limit: 50 } },
      });
      if (data === undefined) throw apiError(error, response.status);
      return data;
    },
  });

export const fulfilmentOrderQuery = (orderId: string) =>
  queryOptions({
    queryKey: ['business', 'order', orderId],
    staleTime: 0,
    queryFn: async () => {
      const { data, error, response } = await api.GET('/v1/shop/fulfilment/orders/{orderId}', {
        params: { path: { orderId } },
      });
      if (data === undefined) throw apiError(error, response.status);
      return data;
    },
  });

export type Move = 'confirm' | 'ship' | 'deliver';

/** One move on an order; the cloud answers 409 when the order is no longer where this move starts. */
export async function moveOrder(orderId: string, move: Move, tracking?: string) {
  const params = { path: { orderId } };
  const { data, error, response } =
    move === 'ship'
      ? await api.POST('/v1/shop/fulfilment/orders/{orderId}/ship', { params, body: { tracking: tracking ?? '' } })
      : move === 'confirm'
        ? await api.POST('/v1/shop/fulfilment/orders/{orderId}/confirm', { params })
        : await api.POST('/v1/shop/fulfilment/orders/{orderId}/deliver', { params });
  if (data === undefined) throw apiError(error, response.status);
  return data;
}

export const repPartnersQuery = queryOptions({
  queryKey: ['business', 'partners'],
  queryFn: async () => {
    const { data, error, response } = await api.GET('/v1/wallet/rep/partners');
    if (data === undefined) throw apiError(error, response.status);
    return data;
  },
});

export const statementMonthsQuery = queryOptions({
  queryKey: ['business', 'statements'],
  queryFn: async () => {
    const { data, error, response } = await api.GET('/v1/wallet/rep/statements');
    if (data === undefined) throw apiError(error, response.status);
    return data;
  },
});

export const statementQuery = (period: string) =>
  queryOptions({
    queryKey: ['business', 'statement', period],
    queryFn: async () => {
      const { data, error, response } = await api.GET('/v1/wallet/rep/statements/{period}', {
        params: { path: { period } },
      });
      if (data === undefined) throw apiError(error, response.status);
      return data;
    },
  });

export const simulationQuery = (period: string, rateBp: number) =>
  queryOptions({
    queryKey: ['business', 'simulation', period, rateBp],
    queryFn: async () => {
      const { data, error, response } = await api.GET('/v1/wallet/rep/statements/{period}/simulation', {
        params: { path: { period }, query: { rateBp } },
      });
      if (data === undefined) throw apiError(error, response.status);
      return data;
    },
  });

/** Saves a month's statement as CSV on the device. */
export async function downloadStatement(period: string): Promise<void> {
  const { data, error, response } = await api.GET('/v1/wallet/rep/statements/{period}/csv', {
    params: { path: { period } },
    parseAs: 'blob',
  });
  if (data === undefined) throw apiError(error, response.status);
  const url = URL.createObjectURL(data);
  const link = document.createElement('a');
  link.href = url;
  link.download = `releve-commissions-${period}.csv`;
  document.body.append(link);
  link.click();
  link.remove();
  // Long enough for the browser to start saving it.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** The month before the current one, YYYY-MM (UTC = Abidjan). */
export function lastMonth(now: Date = new Date()): string {
  const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1));
  return `${String(d.getUTCFullYear())}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
}
