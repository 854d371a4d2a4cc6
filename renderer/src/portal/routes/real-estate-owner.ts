/**
 * The real estate area's routes for owners and agents (issue 25): the dashboard of my listings, a listing's form (new
 * or edit, with photos, plan, publication and renewal), visit slots and requests, and leases with their rent. The
 * candidate's and tenant's screens (/immobilier, the lease's own page with its signatures) are another file's. Screens
 * and words are lazy (this file imports no screen, library or locale statically).
 */
import { createRoute, lazyRouteComponent } from '@tanstack/react-router';
import { requireSession, rootRoute } from './root.js';

const dashboardRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/immobilier/gestion',
  beforeLoad: requireSession,
  component: lazyRouteComponent(() => import('../screens/real-estate-owner/Dashboard.js'), 'OwnerDashboard'),
});

const newListingRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/immobilier/gestion/annonces/nouvelle',
  beforeLoad: requireSession,
  component: lazyRouteComponent(() => import('../screens/real-estate-owner/ListingPage.js'), 'NewListing'),
});

const listingRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/immobilier/gestion/annonces/$listingId',
  beforeLoad: requireSession,
  component: lazyRouteComponent(() => import('../screens/real-estate-owner/ListingPage.js'), 'ListingPage'),
});

const visitsRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/immobilier/gestion/visites',
  beforeLoad: requireSession,
  component: lazyRouteComponent(() => import('../screens/real-estate-owner/Visits.js'), 'OwnerVisits'),
});

const leasesRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/immobilier/gestion/baux',
  beforeLoad: requireSession,
  component: lazyRouteComponent(() => import('../screens/real-estate-owner/Leases.js'), 'OwnerLeases'),
});

export const realEstateOwnerRoutes = [dashboardRoute, newListingRoute, listingRoute, visitsRoute, leasesRoute] as const;
