/**
 * The portal's routes (code-based): sign-in and home are in the first screen's bundle, every
 * other route is loaded when first visited. Signed-in routes send a signed-out person to
 * sign-in before they load anything.
 */
import { createRoute, createRouter, lazyRouteComponent, redirect } from '@tanstack/react-router';
import { areaRoutes } from './routes/areas.js';
import { requireSession, rootRoute } from './routes/root.js';
import { Home } from './screens/Home.js';
import { SignIn } from './screens/SignIn.js';
import { currentSession } from './session.js';

// TanStack Router's redirect is a thrown value by design (not an Error): the router catches it.
/* eslint-disable @typescript-eslint/only-throw-error */
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

const settingsRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/settings',
  beforeLoad: requireSession,
  component: lazyRouteComponent(() => import('./screens/Settings.js'), 'Settings'),
});

const menuRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/menu',
  beforeLoad: requireSession,
  component: lazyRouteComponent(() => import('./screens/Menu.js'), 'Menu'),
});

export const router = createRouter({
  routeTree: rootRoute.addChildren([signInRoute, homeRoute, settingsRoute, menuRoute, ...areaRoutes]),
  defaultPreload: 'intent',
});

declare module '@tanstack/react-router' {
  interface Register {
    router: typeof router;
  }
}
