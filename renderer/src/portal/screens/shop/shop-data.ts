/**
 * The shop's server data for the buyer's screens, read and written through the typed client: catalogue pages
 * (keyset cursor), a product page, my orders, one order with its timeline, what I may still review, and the
 * invoice PDF of an order. Writes (checkout, review, cancel) are in the screens, each with its intent.
 */
import { infiniteQueryOptions, queryOptions } from '@tanstack/react-query';
import { api, apiError } from '../../api/client.js';

export const catalogPageSize = 20;

export interface CatalogSearch {
  readonly text?: string | undefined;
  readonly category?: string | undefined;
}

async function readCatalogPage(search: CatalogSearch, after: { priceXof: number; id: string } | null) {
  const { data, error, response } = await api.GET('/v1/shop/products', {
    params: {
      query: {
        ...(search.text === undefined ? {} : { text: search.text }),
        ...(search.category === undefined ? {} : { category: search.category }),
        ...(after === null ? {} : { afterPriceXof: after.priceXof, afterId: after.id }),
        limit: catalogPageSize,
      },
    },
  });
  if (data === undefined) throw apiError(error, response.status);
  return data;
}
/** A product as the catalog search lists it (the cloud's ProductSchema). */
export type CatalogProduct = Awaited<ReturnType<typeof readCatalogPage>>['products'][number];

export const catalogQuery = (search: CatalogSearch) =>
  infiniteQueryOptions({
    queryKey: ['shop', 'catalog', search.text ?? '', search.category ?? ''],
    initialPageParam: null as { priceXof: number; id: string } | null,
    queryFn: ({ pageParam }) => readCatalogPage(search, pageParam),
    getNextPageParam: (last) => last.next,
  });

export const productQuery = (productId: string) =>
  queryOptions({
    queryKey: ['shop', 'product', productId],
    // The seller moves it from elsewhere: always read again when shown, the saved copy showing meanwhile.
    staleTime: 0,
    queryFn: async () => {
      const { data, error, response } = await api.GET('/v1/shop/products/{productId}', {
        params: { path: { productId } },
      });
      if (data === undefined) throw apiError(error, response.status);
      return data;
    },
  });

export const ordersQuery = queryOptions({
  queryKey: ['shop', 'orders'],
  // The seller moves it from elsewhere: always read again when shown, the saved copy showing meanwhile.
  staleTime: 0,
  queryFn: async () => {
    const { data, error, response } = await api.GET('/v1/shop/orders', { params: { query: { limit: 50 } } });
    if (data === undefined) throw apiError(error, response.status);
    return data;
  },
});

export const orderQuery = (orderId: string) =>
  queryOptions({
    queryKey: ['shop', 'order', orderId],
    // The seller moves it from elsewhere: always read again when shown, the saved copy showing meanwhile.
    staleTime: 0,
    queryFn: async () => {
      const { data, error, response } = await api.GET('/v1/shop/orders/{orderId}', { params: { path: { orderId } } });
      if (data === undefined) throw apiError(error, response.status);
      return data;
    },
  });

export const reviewStatusQuery = (orderId: string) =>
  queryOptions({
    queryKey: ['shop', 'order', orderId, 'reviews'],
    // The seller moves it from elsewhere: always read again when shown, the saved copy showing meanwhile.
    staleTime: 0,
    queryFn: async () => {
      const { data, error, response } = await api.GET('/v1/shop/orders/{orderId}/reviews', {
        params: { path: { orderId } },
      });
      if (data === undefined) throw apiError(error, response.status);
      return data;
    },
  });

/** Fetches the invoice PDF with the session and hands it to the browser as a download. */
export async function downloadInvoicePdf(invoiceId: string, fileName: string): Promise<void> {
  const { data, error, response } = await api.GET('/v1/invoices/{invoiceId}/export', {
    params: { path: { invoiceId }, query: { format: 'pdf' } },
    parseAs: 'blob',
  });
  if (data === undefined) throw apiError(error, response.status);
  const url = URL.createObjectURL(data);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** The steps of an order's life in the order a buyer reads them. */
export const timelineSteps = ['pending', 'confirmed', 'shipped', 'delivered'] as const;
