/**
 * The admin area's routes: the admins' screens: KYC queue with document viewer, cards and keys, tariffs with a
 * simulation, audit log with the chain and ledger checks. Each screen checks the profile and the second factor
 * (AdminGate). Screens and words are lazy (this file imports no screen, library or locale statically).
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

export const adminRoutes = [adminHomeRoute, kycQueueRoute, kycCaseRoute, cardsRoute, tariffsRoute, auditRoute] as const;
