/**
 * The desk area's routes: the agency chief's ID desk in the browser (camera or typed ISMAIL ID), the desk's log, the
 * team tree and attachment transfer requests.
 * Screens and words are lazy (this file imports no screen, library or locale statically).
 */
import { createRoute, lazyRouteComponent } from '@tanstack/react-router';
import { requireSession, rootRoute } from './root.js';

const deskRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/desk',
  beforeLoad: requireSession,
  component: lazyRouteComponent(() => import('../screens/desk/Desk.js'), 'Desk'),
});

const teamRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/desk/team',
  beforeLoad: requireSession,
  component: lazyRouteComponent(() => import('../screens/desk/Team.js'), 'Team'),
});

export const deskRoutes = [deskRoute, teamRoute] as const;
