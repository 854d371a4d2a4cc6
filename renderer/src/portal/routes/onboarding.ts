/**
 * The onboarding area's routes: sign-up (open to a signed-out person, see public-paths.ts) and
 * the identity file's status (signed in). Screens are loaded when first visited.
 */
import { createRoute, lazyRouteComponent } from '@tanstack/react-router';
import { requireSession, rootRoute } from './root.js';

const signUpRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/sign-up',
  component: lazyRouteComponent(() => import('../screens/onboarding/SignUp.js'), 'SignUp'),
});

const kycRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/kyc',
  beforeLoad: requireSession,
  component: lazyRouteComponent(() => import('../screens/onboarding/KycStatus.js'), 'KycStatus'),
});

export const onboardingRoutes = [signUpRoute, kycRoute] as const;
