/**
 * The dashboard area's routes: the professional dashboard: KPIs, charts (uPlot, loaded only here) and widgets each
 * user arranges, saved to the cloud.
 * Screens and words are lazy (this file imports no screen, library or locale statically).
 */
import { createRoute, lazyRouteComponent } from '@tanstack/react-router';
import { requireSession, rootRoute } from './root.js';

const dashboardRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/dashboard',
  beforeLoad: requireSession,
  component: lazyRouteComponent(() => import('../screens/dashboard/Dashboard.js'), 'Dashboard'),
});

export const dashboardRoutes = [dashboardRoute] as const;
