/**
 * The billing area's routes: the invoices a partner issued (a month, a status), a manual invoice (new draft, a draft
 * to change and issue, an issued one to download, send by e-mail or credit) and the fees that apply to the partner.
 * Search params are checked here; the screens and words are lazy (this file imports no screen statically).
 */
import { createRoute, lazyRouteComponent } from '@tanstack/react-router';
import { requireSession, rootRoute } from './root.js';

const statuses = ['draft', 'held', 'issued'] as const;
const periodPattern = /^\d{4}-(0[1-9]|1[0-2])$/;

export interface BillingSearch {
  readonly period?: string;
  readonly status?: (typeof statuses)[number];
}

/** Only a real month and a known status pass on to the cloud; anything else shows this month's invoices. */
export function billingSearch(search: Record<string, unknown>): BillingSearch {
  const status = statuses.find((s) => s === search.status);
  const period = typeof search.period === 'string' && periodPattern.test(search.period) ? search.period : undefined;
  return { ...(period === undefined ? {} : { period }), ...(status === undefined ? {} : { status }) };
}

const listRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/billing',
  beforeLoad: requireSession,
  validateSearch: billingSearch,
  component: lazyRouteComponent(() => import('../screens/billing/Invoices.js'), 'BillingInvoices'),
});

const newRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/billing/new',
  beforeLoad: requireSession,
  component: lazyRouteComponent(() => import('../screens/billing/NewInvoice.js'), 'NewInvoice'),
});

const feesRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/billing/fees',
  beforeLoad: requireSession,
  component: lazyRouteComponent(() => import('../screens/billing/Fees.js'), 'BillingFees'),
});

const invoiceRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/billing/$invoiceId',
  beforeLoad: requireSession,
  component: lazyRouteComponent(() => import('../screens/billing/BillingInvoice.js'), 'BillingInvoice'),
});

export const billingRoutes = [listRoute, newRoute, feesRoute, invoiceRoute] as const;
