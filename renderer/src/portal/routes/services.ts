/**
 * The services area's routes for clients (and the appointment screens both sides share): search providers by
 * category, keyword, commune and rating (typed search params), a provider's profile with its offers and reviews, the
 * quote request form, my requests with their quotes and messages, and my appointments. Screens are lazy: nothing here
 * imports them. The provider's own screens live under /provider (another file).
 */
import { createRoute, lazyRouteComponent } from '@tanstack/react-router';
import { requireSession, rootRoute } from './root.js';

/** What a services search address may say, each value checked and bounded; anything else is dropped. */
export interface ServicesSearchParams {
  readonly category?: string;
  readonly q?: string;
  readonly commune?: string;
  readonly minRating?: number;
}

const text = (value: unknown, max: number): string | undefined => {
  const s = typeof value === 'string' ? value.trim().slice(0, max) : '';
  return s === '' ? undefined : s;
};

export function servicesSearchParams(search: Record<string, unknown>): ServicesSearchParams {
  const category = text(search.category, 40);
  const minRating = Number(search.minRating);
  const params: Record<string, unknown> = {
    category: category !== undefined && /^[a-z0-9_-]+$/.test(category) ? category : undefined,
    q: text(search.q, 100),
    commune: text(search.commune, 60),
    minRating: Number.isInteger(minRating) && minRating >= 1 && minRating <= 5 ? minRating : undefined,
  };
  return Object.fromEntries(Object.entries(params).filter(([, v]) => v !== undefined));
}

/** The request form's address: the provider it is sent to, when it comes from a profile. */
export function requestFormParams(search: Record<string, unknown>): { provider?: string } {
  const provider = text(search.provider, 64);
  return provider === undefined ? {} : { provider };
}

/** The appointments list's tab: as client (default) or as provider. */
export function appointmentsParams(search: Record<string, unknown>): { role?: 'provider' } {
  return search.role === 'provider' ? { role: 'provider' } : {};
}

const searchRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/services',
  beforeLoad: requireSession,
  validateSearch: servicesSearchParams,
  component: lazyRouteComponent(() => import('../screens/services/ServicesSearch.js'), 'ServicesSearch'),
});

const providerRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/services/providers/$providerId',
  beforeLoad: requireSession,
  component: lazyRouteComponent(() => import('../screens/services/ProviderProfile.js'), 'ProviderProfile'),
});

const newRequestRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/services/requests/new',
  beforeLoad: requireSession,
  validateSearch: requestFormParams,
  component: lazyRouteComponent(() => import('../screens/services/RequestForm.js'), 'RequestForm'),
});

const requestsRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/services/requests',
  beforeLoad: requireSession,
  component: lazyRouteComponent(() => import('../screens/services/Requests.js'), 'Requests'),
});

const requestRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/services/requests/$requestId',
  beforeLoad: requireSession,
  component: lazyRouteComponent(() => import('../screens/services/RequestDetail.js'), 'RequestDetail'),
});

const appointmentsRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/services/appointments',
  beforeLoad: requireSession,
  validateSearch: appointmentsParams,
  component: lazyRouteComponent(() => import('../screens/services/Appointments.js'), 'Appointments'),
});

const appointmentRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/services/appointments/$appointmentId',
  beforeLoad: requireSession,
  component: lazyRouteComponent(() => import('../screens/services/AppointmentDetail.js'), 'AppointmentDetail'),
});

export const servicesRoutes = [
  searchRoute,
  providerRoute,
  newRequestRoute,
  requestsRoute,
  requestRoute,
  appointmentsRoute,
  appointmentRoute,
] as const;
