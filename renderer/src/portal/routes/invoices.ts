/**
 * The invoices area's routes: the list (as buyer, or as seller for those who sell) with its
 * filters in typed search params, and one invoice's detail. Screens are lazy: nothing here
 * imports them.
 */
import { createRoute, lazyRouteComponent } from '@tanstack/react-router';
import { requireSession, rootRoute } from './root.js';

const statuses = ['draft', 'held', 'issued'] as const;
export type InvoiceStatus = (typeof statuses)[number];

/** What the list's address may say; anything else is dropped, so a link cannot make the cloud refuse the page. */
export interface InvoiceSearchParams {
  readonly as?: 'buyer' | 'seller';
  readonly status?: InvoiceStatus;
  /** Calendar days (YYYY-MM-DD), inclusive. */
  readonly from?: string;
  readonly to?: string;
  readonly minXof?: number;
  readonly maxXof?: number;
}

const day = (value: unknown): string | undefined =>
  typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) ? value : undefined;
const francs = (value: unknown): number | undefined => {
  const n = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : Number.NaN;
  return Number.isSafeInteger(n) && n >= 0 ? n : undefined;
};

export function invoiceSearchParams(search: Record<string, unknown>): InvoiceSearchParams {
  const status = statuses.find((s) => s === search.status);
  const params: Record<string, unknown> = {
    as: search.as === 'seller' ? 'seller' : undefined,
    status,
    from: day(search.from),
    to: day(search.to),
    minXof: francs(search.minXof),
    maxXof: francs(search.maxXof),
  };
  return Object.fromEntries(Object.entries(params).filter(([, v]) => v !== undefined));
}

const invoiceListRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/invoices',
  beforeLoad: requireSession,
  validateSearch: invoiceSearchParams,
  component: lazyRouteComponent(() => import('../screens/invoices/Invoices.js'), 'Invoices'),
});

const invoiceRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/invoices/$invoiceId',
  beforeLoad: requireSession,
  component: lazyRouteComponent(() => import('../screens/invoices/Invoice.js'), 'Invoice'),
});

export const invoiceRoutes = [invoiceListRoute, invoiceRoute] as const;
