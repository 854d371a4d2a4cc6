/** The account area's routes: security (password, authenticator, open sessions). Screens are lazy. */
import { createRoute, lazyRouteComponent } from '@tanstack/react-router';
import { requireSession, rootRoute } from './root.js';

const securityRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/account/security',
  beforeLoad: requireSession,
  component: lazyRouteComponent(() => import('../screens/account/Security.js'), 'Security'),
});

export const accountRoutes = [securityRoute] as const;
