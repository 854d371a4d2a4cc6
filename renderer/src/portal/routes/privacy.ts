/**
 * The privacy area's routes (issue 27): the person's data rights (/mes-donnees) and the admins' register, requests
 * and retention (/admin/donnees-personnelles). Screens and words are lazy (this file imports no screen statically).
 */
import { createRoute, lazyRouteComponent } from '@tanstack/react-router';
import { requireSession, rootRoute } from './root.js';

const mineRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/mes-donnees',
  beforeLoad: requireSession,
  component: lazyRouteComponent(() => import('../screens/privacy/MyData.js'), 'MyData'),
});

const adminRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/admin/donnees-personnelles',
  beforeLoad: requireSession,
  component: lazyRouteComponent(() => import('../screens/privacy/AdminPrivacy.js'), 'AdminPrivacy'),
});

export const privacyRoutes = [mineRoute, adminRoute] as const;
