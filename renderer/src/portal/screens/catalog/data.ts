/**
 * The partner's catalog through the typed client: pages of my products (with stock per place and the version each
 * edit sends back in If-Match), one product, create / edit / delete, the import's dry run and import, and the
 * exports saved as files (fetched with the session's token: a plain link could not carry it).
 */
import { infiniteQueryOptions, queryOptions } from '@tanstack/react-query';
import { api, apiError } from '../../api/client.js';
import type { paths } from '../../api/cloud-api.js';

export type CatalogProduct =
  paths['/v1/shop/catalog/{productId}']['get']['responses']['200']['content']['application/json'];
export type ImportAnswer = paths['/v1/shop/catalog/import']['post']['responses']['200']['content']['application/json'];
export type ProductEdit = NonNullable<
  paths['/v1/shop/catalog/{productId}']['patch']['requestBody']
>['content']['application/json'];
export type FileFormat = 'csv' | 'xlsx';

export const catalogPageSize = 30;

export const myCatalogQuery = (text: string) =>
  infiniteQueryOptions({
    queryKey: ['catalog', 'list', text],
    // Staff, imports and hubs change it from elsewhere: read again whenever shown, the saved copy showing meanwhile.
    staleTime: 0,
    initialPageParam: null as { name: string; id: string } | null,
    queryFn: async ({ pageParam }) => {
      const { data, error, response } = await api.GET('/v1/shop/catalog', {
        params: {
          query: {
            ...(text === '' ? {} : { text }),
            ...(pageParam === null ? {} : { afterName: pageParam.name, afterId: pageParam.id }),
            limit: catalogPageSize,
          },
        },
      });
      if (data === undefined) throw apiError(error, response.status);
      return data;
    },
    getNextPageParam: (last) => last.next,
  });

export const catalogProductQuery = (productId: string) =>
  queryOptions({
    queryKey: ['catalog', 'product', productId],
    queryFn: async (): Promise<CatalogProduct> => {
      const { data, error, response } = await api.GET('/v1/shop/catalog/{productId}', {
        params: { path: { productId } },
      });
      if (data === undefined) throw apiError(error, response.status);
      return data;
    },
  });

export interface NewProduct {
  readonly name: string;
  readonly category: string;
  readonly kind: 'physical' | 'digital';
  readonly priceXof: number;
  readonly taxGroup: string;
  readonly barcode?: string | undefined;
}

/** Creates the product, then (version 1) sets what creation does not take: SKU and stock per place. */
export async function createProduct(product: NewProduct, rest: ProductEdit): Promise<string> {
  const { barcode, ...required } = product;
  const { data, error, response } = await api.POST('/v1/shop/products', {
    body: { ...required, ...(barcode === undefined ? {} : { barcode }) },
  });
  if (data === undefined) throw apiError(error, response.status);
  if (Object.keys(rest).length > 0) await editProduct(data.id, 1, rest);
  return data.id;
}

export async function editProduct(productId: string, version: number, edit: ProductEdit): Promise<CatalogProduct> {
  const { data, error, response } = await api.PATCH('/v1/shop/catalog/{productId}', {
    params: { path: { productId }, header: { 'if-match': `"${String(version)}"` } },
    body: edit,
  });
  if (data === undefined) throw apiError(error, response.status);
  return data;
}

export async function deleteProduct(productId: string, version: number): Promise<void> {
  const { error, response } = await api.DELETE('/v1/shop/catalog/{productId}', {
    params: { path: { productId }, header: { 'if-match': `"${String(version)}"` } },
  });
  if (!response.ok) throw apiError(error, response.status);
}

/** The file as base64 for the import's JSON body. */
export async function fileBase64(file: Blob): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

export async function sendImport(format: FileFormat, base64: string, dryRun: boolean): Promise<ImportAnswer> {
  const { data, error, response } = await api.POST('/v1/shop/catalog/import', {
    body: { format, fileBase64: base64, dryRun },
  });
  if (data === undefined) throw apiError(error, response.status);
  return data;
}

/** Saves an export as a file named by the cloud. */
export async function download(what: 'catalog' | 'customers', format: FileFormat): Promise<void> {
  const path = what === 'catalog' ? '/v1/shop/catalog/export' : '/v1/shop/customers/export';
  const { data, error, response } = await api.GET(path, { params: { query: { format } }, parseAs: 'blob' });
  if (data === undefined) throw apiError(error, response.status);
  const name = /filename="([^"]+)"/.exec(response.headers.get('content-disposition') ?? '')?.[1] ?? `${what}.${format}`;
  const url = URL.createObjectURL(data);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** The photo formats and size the cloud takes (catalog-photos.ts): checked here first to spare a slow upload. */
export const photoTypes = ['image/jpeg', 'image/png', 'image/webp'] as const;
export const photoMaxBytes = 5 * 1_048_576;

/** Sends a product photo as raw bytes; the cloud keeps WebP variants without EXIF. */
export async function uploadPhoto(productId: string, file: File): Promise<void> {
  const { error, response } = await api.PUT('/v1/shop/catalog/{productId}/photo', {
    params: { path: { productId } },
    body: file as never,
    bodySerializer: (body: unknown) => body as Blob,
    headers: { 'content-type': file.type },
  });
  if (!response.ok) throw apiError(error, response.status);
}

/** Where a listed product's photo is served (same origin: the portal's policy allows its images). */
export const photoUrl = (productId: string, size: 'small' | 'large'): string =>
  `/v1/shop/products/${productId}/photo/${size}`;
