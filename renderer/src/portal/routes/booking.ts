/**
 * The booking area's routes (guest): search by place, dates and guests (typed search params), a unit's calendar
 * with its quote and the hold → confirm steps, and my reservations. Screens are lazy: nothing here imports them.
 */
import { createRoute, lazyRouteComponent } from '@tanstack/react-router';
import { requireSession, rootRoute } from './root.js';

/** What a booking address may say: place, stay dates and guests, each checked and bounded. */
export interface StaySearchParams {
  readonly place?: string;
  readonly checkIn?: string;
  readonly checkOut?: string;
  readonly guests?: number;
}

const day = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

export function staySearchParams(search: Record<string, unknown>): StaySearchParams {
  const place = typeof search.place === 'string' ? search.place.trim().slice(0, 100) : '';
  const guests = Number(search.guests);
  const date = (v: unknown): string | undefined => (typeof v === 'string' && day.test(v) ? v : undefined);
  const checkIn = date(search.checkIn);
  const checkOut = date(search.checkOut);
  return {
    ...(place === '' ? {} : { place }),
    ...(checkIn === undefined ? {} : { checkIn }),
    ...(checkOut === undefined ? {} : { checkOut }),
    ...(Number.isInteger(guests) && guests >= 1 && guests <= 50 ? { guests } : {}),
  };
}

const bookingSearchRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/booking',
  beforeLoad: requireSession,
  validateSearch: staySearchParams,
  component: lazyRouteComponent(() => import('../screens/booking/BookingSearch.js'), 'BookingSearch'),
});

const stayRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/booking/units/$unitId',
  beforeLoad: requireSession,
  validateSearch: staySearchParams,
  component: lazyRouteComponent(() => import('../screens/booking/Stay.js'), 'Stay'),
});

const reservationsRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/booking/reservations',
  beforeLoad: requireSession,
  component: lazyRouteComponent(() => import('../screens/booking/Reservations.js'), 'Reservations'),
});

export const bookingRoutes = [bookingSearchRoute, stayRoute, reservationsRoute] as const;
