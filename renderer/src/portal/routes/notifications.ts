/** The notifications area's routes: the live inbox, and preferences with marketing consent. Screens are lazy. */
import { createRoute, lazyRouteComponent } from '@tanstack/react-router';
import { requireSession, rootRoute } from './root.js';

const inboxRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/notifications',
  beforeLoad: requireSession,
  component: lazyRouteComponent(() => import('../screens/notifications/Inbox.js'), 'Inbox'),
});

const preferencesRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/notifications/preferences',
  beforeLoad: requireSession,
  component: lazyRouteComponent(() => import('../screens/notifications/Preferences.js'), 'Preferences'),
});

export const notificationRoutes = [inboxRoute, preferencesRoute] as const;
