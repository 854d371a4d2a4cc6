/**
 * The business area's routes: a partner's orders to fulfil (confirm, ship, deliver), for the partner and its staff;
 * a sales rep's partners and monthly commission statements. Search params are checked here (status, month); the
 * screens and words are lazy (this file imports no screen, library or locale statically).
 */
import { createRoute, lazyRouteComponent } from '@tanstack/react-router';
import { requireSession, rootRoute } from './root.js';

const statuses = ['pending', 'confirmed', 'shipped', 'delivered', 'cancelled'] as const;

export interface BusinessOrdersSearch {
  readonly status?: (typeof statuses)[number];
}

/** Only a known status passes on to the cloud; anything else shows every order. */
export function businessOrdersSearch(search: Record<string, unknown>): BusinessOrdersSearch {
  const status = statuses.find((s) => s === search.status);
  return status === undefined ? {} : { status };
}

export interface StatementsSearch {
  readonly period?: string;
}

export function statementsSearch(search: Record<string, unknown>): StatementsSearch {
  const period = search.period;
  return typeof period === 'string' && /^\d{4}-(0[1-9]|1[0-2])$/.test(period) ? { period } : {};
}

const ordersRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/business/orders',
  beforeLoad: requireSession,
  validateSearch: businessOrdersSearch,
  component: lazyRouteComponent(() => import('../screens/business/Orders.js'), 'BusinessOrders'),
});

const orderRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/business/orders/$orderId',
  beforeLoad: requireSession,
  component: lazyRouteComponent(() => import('../screens/business/FulfilOrder.js'), 'FulfilOrder'),
});

const partnersRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/business/partners',
  beforeLoad: requireSession,
  component: lazyRouteComponent(() => import('../screens/business/Partners.js'), 'Partners'),
});

const onboardPartnerRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/business/partners/new',
  beforeLoad: requireSession,
  component: lazyRouteComponent(() => import('../screens/business/OnboardPartner.js'), 'OnboardPartner'),
});

const statementsRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/business/statements',
  beforeLoad: requireSession,
  validateSearch: statementsSearch,
  component: lazyRouteComponent(() => import('../screens/business/Statements.js'), 'Statements'),
});

export const businessRoutes = [ordersRoute, orderRoute, partnersRoute, onboardPartnerRoute, statementsRoute] as const;
