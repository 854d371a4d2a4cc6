/**
 * The provider area's routes (issue 24, Services): a partner's provider profile (hours, offers, portfolio), the
 * requests it received with its quotes and the thread with each client, and its appointments. The appointment's own
 * page is the client area's (/services/appointments/$appointmentId), shared by both sides. Screens and words are lazy
 * (this file imports no screen, library or locale statically).
 */
import { createRoute, lazyRouteComponent } from '@tanstack/react-router';
import { requireSession, rootRoute } from './root.js';

const profileRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/provider/profile',
  beforeLoad: requireSession,
  component: lazyRouteComponent(() => import('../screens/provider/ProviderProfile.js'), 'ProviderProfile'),
});

const inboxRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/provider/requests',
  beforeLoad: requireSession,
  component: lazyRouteComponent(() => import('../screens/provider/Inbox.js'), 'Inbox'),
});

const requestRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/provider/requests/$requestId',
  beforeLoad: requireSession,
  component: lazyRouteComponent(() => import('../screens/provider/RequestPage.js'), 'RequestPage'),
});

const appointmentsRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/provider/appointments',
  beforeLoad: requireSession,
  component: lazyRouteComponent(() => import('../screens/provider/Appointments.js'), 'Appointments'),
});

export const providerRoutes = [profileRoute, inboxRoute, requestRoute, appointmentsRoute] as const;
