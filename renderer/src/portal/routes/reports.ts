/**
 * The reports area's routes (issue 27): /rapports (preview and export), /rapports/envois (scheduled sendings) and
 * /exports (my export jobs, every kind). Screens and words are lazy (this file imports no screen statically).
 */
import { createRoute, lazyRouteComponent } from '@tanstack/react-router';
import { requireSession, rootRoute } from './root.js';

const reportsRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/rapports',
  beforeLoad: requireSession,
  component: lazyRouteComponent(() => import('../screens/reports/Reports.js'), 'Reports'),
});

const schedulesRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/rapports/envois',
  beforeLoad: requireSession,
  component: lazyRouteComponent(() => import('../screens/reports/Schedules.js'), 'ReportSchedules'),
});

const exportsRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/exports',
  beforeLoad: requireSession,
  component: lazyRouteComponent(() => import('../screens/exports/Exports.js'), 'Exports'),
});

export const reportsRoutes = [reportsRoute, schedulesRoute, exportsRoute] as const;
