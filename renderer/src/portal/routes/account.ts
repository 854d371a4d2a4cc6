/** The account area's routes: security (password, authenticator, open sessions). Screens are lazy. */
import { createRoute, lazyRouteComponent } from '@tanstack/react-router';
import { requireSession, rootRoute } from './root.js';

const securityRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/account/security',
  beforeLoad: requireSession,
  component: lazyRouteComponent(() => import('../screens/account/Security.js'), 'Security'),
});

// "Mot de passe oublié": open to a signed-out person (routes/public-paths.ts lists them).
const forgotPasswordRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/forgot-password',
  component: lazyRouteComponent(() => import('../screens/account/ForgotPassword.js'), 'ForgotPassword'),
});

const resetPasswordRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/reset-password',
  component: lazyRouteComponent(() => import('../screens/account/ResetPassword.js'), 'ResetPassword'),
});

export const accountRoutes = [securityRoute, forgotPasswordRoute, resetPasswordRoute] as const;
