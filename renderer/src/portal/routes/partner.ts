/**
 * The partner area's routes: a partner's staff and their delegated permissions, its hubs with their sync health and
 * devices, and its webhooks with a test event and the delivery log. The screens and words are lazy (this file imports
 * no screen, library or locale statically).
 */
import { createRoute, lazyRouteComponent } from '@tanstack/react-router';
import { requireSession, rootRoute } from './root.js';

const staffRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/partner/staff',
  beforeLoad: requireSession,
  component: lazyRouteComponent(() => import('../screens/partner/Staff.js'), 'Staff'),
});

const hubsRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/partner/hubs',
  beforeLoad: requireSession,
  component: lazyRouteComponent(() => import('../screens/partner/Hubs.js'), 'Hubs'),
});

const webhooksRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/partner/webhooks',
  beforeLoad: requireSession,
  component: lazyRouteComponent(() => import('../screens/partner/Webhooks.js'), 'Webhooks'),
});

// A GPS tracker's last 24 hours on a map and as a table (issue 28.7).
const deviceTrackRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/partner/devices/$deviceId/track',
  beforeLoad: requireSession,
  component: lazyRouteComponent(() => import('../screens/devices/DeviceTrack.js'), 'DeviceTrack'),
});

export const partnerRoutes = [staffRoute, hubsRoute, webhooksRoute, deviceTrackRoute] as const;
