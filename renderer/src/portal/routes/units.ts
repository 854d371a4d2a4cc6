/**
 * The units area's routes: a partner's bookable units (list, create, edit with its rates calendar) and the
 * reservations they received (confirm, cancel). Screens and words are lazy (this file imports no screen, library
 * or locale statically).
 */
import { createRoute, lazyRouteComponent } from '@tanstack/react-router';
import { requireSession, rootRoute } from './root.js';

const listRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/units',
  beforeLoad: requireSession,
  component: lazyRouteComponent(() => import('../screens/units/UnitsList.js'), 'UnitsList'),
});

const newRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/units/new',
  beforeLoad: requireSession,
  component: lazyRouteComponent(() => import('../screens/units/UnitForm.js'), 'NewUnit'),
});

const receivedRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/units/reservations',
  beforeLoad: requireSession,
  component: lazyRouteComponent(() => import('../screens/units/Received.js'), 'Received'),
});

const unitRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/units/$unitId',
  beforeLoad: requireSession,
  component: lazyRouteComponent(() => import('../screens/units/UnitPage.js'), 'UnitPage'),
});

export const unitsRoutes = [listRoute, newRoute, receivedRoute, unitRoute] as const;
