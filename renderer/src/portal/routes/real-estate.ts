/**
 * The real estate area's routes for candidates and tenants (issue 25): search with a list and a map (typed search
 * params), a listing with its visit request, my visits, and the leases both parties read and sign. Screens are lazy:
 * nothing here imports them (the map's Leaflet chunk loads with the search and listing screens only). The owner's
 * and agent's screens live under /immobilier/gestion (another file).
 */
import { createRoute, lazyRouteComponent } from '@tanstack/react-router';
import { requireSession, rootRoute } from './root.js';

const kinds = ['apartment', 'house', 'villa', 'studio', 'land', 'office', 'shop'] as const;
const sorts = ['newest', 'price_asc', 'price_desc', 'area_desc'] as const;

/** What a real estate search address may say, each value checked and bounded; anything else is dropped. */
export interface RealEstateSearchParams {
  readonly deal?: 'rent' | 'sale';
  readonly kind?: (typeof kinds)[number];
  readonly commune?: string;
  readonly minPriceXof?: number;
  readonly maxPriceXof?: number;
  readonly minRooms?: number;
  readonly furnished?: boolean;
  readonly bbox?: string;
  readonly sort?: (typeof sorts)[number];
}

const amount = (value: unknown): number | undefined => {
  const n = Number(value);
  return value !== undefined && value !== '' && Number.isSafeInteger(n) && n >= 0 && n <= 10_000_000_000
    ? n
    : undefined;
};
const oneOf = <T extends string>(value: unknown, allowed: readonly T[]): T | undefined =>
  allowed.includes(value as T) ? (value as T) : undefined;

export function realEstateSearchParams(search: Record<string, unknown>): RealEstateSearchParams {
  const commune = typeof search.commune === 'string' ? search.commune.trim().slice(0, 60) : '';
  const rooms = amount(search.minRooms);
  const bbox =
    typeof search.bbox === 'string' && /^-?\d{1,9}(,-?\d{1,9}){3}$/.test(search.bbox) ? search.bbox : undefined;
  const params: Record<string, unknown> = {
    deal: oneOf(search.deal, ['rent', 'sale'] as const),
    kind: oneOf(search.kind, kinds),
    commune: commune === '' ? undefined : commune,
    minPriceXof: amount(search.minPriceXof),
    maxPriceXof: amount(search.maxPriceXof),
    minRooms: rooms !== undefined && rooms >= 1 && rooms <= 20 ? rooms : undefined,
    furnished: search.furnished === true || search.furnished === 'true' ? true : undefined,
    bbox,
    sort: oneOf(search.sort, sorts),
  };
  return Object.fromEntries(Object.entries(params).filter(([, v]) => v !== undefined));
}

const searchRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/immobilier',
  beforeLoad: requireSession,
  validateSearch: realEstateSearchParams,
  component: lazyRouteComponent(() => import('../screens/real-estate/Search.js'), 'RealEstateSearch'),
});

const listingRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/immobilier/annonces/$listingId',
  beforeLoad: requireSession,
  component: lazyRouteComponent(() => import('../screens/real-estate/Listing.js'), 'Listing'),
});

const visitsRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/immobilier/visites',
  beforeLoad: requireSession,
  component: lazyRouteComponent(() => import('../screens/real-estate/Visits.js'), 'Visits'),
});

const leasesRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/immobilier/baux',
  beforeLoad: requireSession,
  component: lazyRouteComponent(() => import('../screens/real-estate/Leases.js'), 'Leases'),
});

const leaseRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/immobilier/baux/$leaseId',
  beforeLoad: requireSession,
  component: lazyRouteComponent(() => import('../screens/real-estate/LeaseDetail.js'), 'LeaseDetail'),
});

export const realEstateRoutes = [searchRoute, listingRoute, visitsRoute, leasesRoute, leaseRoute] as const;
