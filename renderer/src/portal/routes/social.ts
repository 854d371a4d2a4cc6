/**
 * The social area's routes: "Continuer avec …" (choose a provider), the provider's return (link an
 * existing account after proving it, sign up, or the authenticator code), and the signed-in list
 * of linked sign-in identities with unlink. Screens and words are lazy.
 */
import { createRoute, lazyRouteComponent } from '@tanstack/react-router';
import { requireSession, rootRoute } from './root.js';

const socialSignInRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/social/sign-in',
  component: lazyRouteComponent(() => import('../screens/social/SocialSignIn.js'), 'SocialSignIn'),
});

const socialCallbackRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/social/callback',
  component: lazyRouteComponent(() => import('../screens/social/SocialCallback.js'), 'SocialCallback'),
});

const linkedAccountsRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/social/accounts',
  beforeLoad: requireSession,
  component: lazyRouteComponent(() => import('../screens/social/LinkedAccounts.js'), 'LinkedAccounts'),
});

export const socialRoutes = [socialSignInRoute, socialCallbackRoute, linkedAccountsRoute] as const;
