/**
 * The admin area's routes: the admins' screens: KYC queue with document viewer, cards and keys, tariffs with a
 * simulation, audit log with the chain and ledger checks; users (suspend, reinstate, transfer), hubs, the notification
 * delivery log, the ledger check's background runs, credit and commission rates. Each screen checks the profile and
 * the second factor (AdminGate). Screens and words are lazy (this file imports no screen, library or locale
 * statically).
 */
import { createRoute, lazyRouteComponent } from '@tanstack/react-router';
import { requireSession, rootRoute } from './root.js';

const adminHomeRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/admin',
  beforeLoad: requireSession,
  component: lazyRouteComponent(() => import('../screens/admin/AdminHome.js'), 'AdminHome'),
});

const kycQueueRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/admin/kyc',
  beforeLoad: requireSession,
  component: lazyRouteComponent(() => import('../screens/admin/KycQueue.js'), 'KycQueue'),
});

const kycCaseRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/admin/kyc/$caseId',
  beforeLoad: requireSession,
  component: lazyRouteComponent(() => import('../screens/admin/KycCase.js'), 'KycCase'),
});

const cardsRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/admin/cards',
  beforeLoad: requireSession,
  component: lazyRouteComponent(() => import('../screens/admin/Cards.js'), 'Cards'),
});

const tariffsRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/admin/tariffs',
  beforeLoad: requireSession,
  component: lazyRouteComponent(() => import('../screens/admin/Tariffs.js'), 'Tariffs'),
});

const auditRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/admin/audit',
  beforeLoad: requireSession,
  component: lazyRouteComponent(() => import('../screens/admin/Audit.js'), 'Audit'),
});

export interface UsersSearch {
  readonly q?: string;
}

/** What the admin searched for stays in the address (a reload or "back" shows the same accounts). */
export function usersSearch(search: Record<string, unknown>): UsersSearch {
  const q = search.q;
  return typeof q === 'string' && q.trim().length >= 2 && q.length <= 200 ? { q: q.trim() } : {};
}

const usersRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/admin/users',
  beforeLoad: requireSession,
  validateSearch: usersSearch,
  component: lazyRouteComponent(() => import('../screens/admin/Users.js'), 'Users'),
});

const hubsRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/admin/hubs',
  beforeLoad: requireSession,
  component: lazyRouteComponent(() => import('../screens/admin/Hubs.js'), 'Hubs'),
});

const deliveriesRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/admin/notifications',
  beforeLoad: requireSession,
  component: lazyRouteComponent(() => import('../screens/admin/Deliveries.js'), 'Deliveries'),
});

const ledgerRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/admin/ledger',
  beforeLoad: requireSession,
  component: lazyRouteComponent(() => import('../screens/admin/Ledger.js'), 'Ledger'),
});

const ratesRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/admin/rates',
  beforeLoad: requireSession,
  component: lazyRouteComponent(() => import('../screens/admin/Rates.js'), 'Rates'),
});

const serviceDisputesRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/admin/services/disputes',
  beforeLoad: requireSession,
  component: lazyRouteComponent(() => import('../screens/admin/ServiceDisputes.js'), 'ServiceDisputes'),
});

const serviceReviewsRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/admin/services/reviews',
  beforeLoad: requireSession,
  component: lazyRouteComponent(() => import('../screens/admin/ServiceReviewReports.js'), 'ServiceReviewReports'),
});

const realEstateReviewRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/admin/immobilier',
  beforeLoad: requireSession,
  component: lazyRouteComponent(() => import('../screens/admin/RealEstateReview.js'), 'RealEstateReview'),
});

export const adminRoutes = [
  realEstateReviewRoute,
  adminHomeRoute,
  kycQueueRoute,
  kycCaseRoute,
  cardsRoute,
  tariffsRoute,
  auditRoute,
  usersRoute,
  hubsRoute,
  deliveriesRoute,
  ledgerRoute,
  ratesRoute,
  serviceDisputesRoute,
  serviceReviewsRoute,
] as const;
