/**
 * The portal's routes (code-based): sign-in and home are in the first screen's bundle, every
 * other route is loaded when first visited. Signed-in routes send a signed-out person to
 * sign-in before they load anything.
 */
import { createRootRoute, createRoute, createRouter, lazyRouteComponent, redirect } from '@tanstack/react-router';
import { Home } from './screens/Home.js';
import { Layout } from './screens/Layout.js';
import { SignIn } from './screens/SignIn.js';
import { currentSession } from './session.js';

const rootRoute = createRootRoute({ component: Layout });

// TanStack Router's redirect is a thrown value by design (not an Error): the router catches it.
/* eslint-disable @typescript-eslint/only-throw-error */
const requireSession = () => {
  if (currentSession() === null) throw redirect({ to: '/sign-in' });
};

const signInRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/sign-in',
  beforeLoad: () => {
    if (currentSession() !== null) throw redirect({ to: '/' });
  },
  component: SignIn,
});
/* eslint-enable @typescript-eslint/only-throw-error */

const homeRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/',
  beforeLoad: requireSession,
  component: Home,
});

const historyRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/history',
  beforeLoad: requireSession,
  component: lazyRouteComponent(() => import('./screens/History.js'), 'History'),
});

const settingsRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/settings',
  beforeLoad: requireSession,
  component: lazyRouteComponent(() => import('./screens/Settings.js'), 'Settings'),
});

export const router = createRouter({
  routeTree: rootRoute.addChildren([signInRoute, homeRoute, historyRoute, settingsRoute]),
  defaultPreload: 'intent',
});

declare module '@tanstack/react-router' {
  interface Register {
    router: typeof router;
  }
}
