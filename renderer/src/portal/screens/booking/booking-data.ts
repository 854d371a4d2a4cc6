/** Booking's server data for the guest's screens: search results, a unit's calendar, a stay's quote, my bookings. */
import { queryOptions } from '@tanstack/react-query';
import { api, apiError } from '../../api/client.js';

export interface Stay {
  readonly checkIn: string;
  readonly checkOut: string;
  readonly guests: number;
}

export interface FoundUnit {
  readonly id: string;
  readonly typeName: string;
  readonly name: string;
  readonly place: string;
  readonly capacity: number;
  readonly stayPriceXof: number;
}

export const searchQuery = (search: Stay & { place?: string | undefined }) =>
  queryOptions({
    queryKey: ['booking', 'search', search],
    queryFn: async () => {
      const { data, error, response } = await api.GET('/v1/booking/search', {
        params: {
          query: {
            checkIn: search.checkIn,
            checkOut: search.checkOut,
            guests: search.guests,
            ...(search.place === undefined ? {} : { place: search.place }),
          },
        },
      });
      if (data === undefined) throw apiError(error, response.status);
      // The search route declares no response schema: its shape is the cloud's BookingUnit & { stayPriceXof }.
      const body: unknown = data;
      return body as { units: FoundUnit[] };
    },
  });

export const calendarDays = 42;

export const calendarQuery = (unitId: string, from: string) =>
  queryOptions({
    queryKey: ['booking', 'calendar', unitId, from],
    queryFn: async () => {
      const { data, error, response } = await api.GET('/v1/booking/units/{unitId}/calendar', {
        params: { path: { unitId }, query: { from, days: calendarDays } },
      });
      if (data === undefined) throw apiError(error, response.status);
      return data;
    },
  });

export const quoteQuery = (unitId: string, stay: Stay) =>
  queryOptions({
    queryKey: ['booking', 'quote', unitId, stay],
    queryFn: async () => {
      const { data, error, response } = await api.GET('/v1/booking/units/{unitId}/quote', {
        params: { path: { unitId }, query: { checkIn: stay.checkIn, checkOut: stay.checkOut, guests: stay.guests } },
      });
      if (data === undefined) throw apiError(error, response.status);
      return data;
    },
  });

export const reservationsQuery = queryOptions({
  queryKey: ['booking', 'reservations'],
  // The seller moves it from elsewhere: always read again when shown, the saved copy showing meanwhile.
  staleTime: 0,
  queryFn: async () => {
    const { data, error, response } = await api.GET('/v1/booking/reservations', { params: { query: { limit: 50 } } });
    if (data === undefined) throw apiError(error, response.status);
    return data;
  },
});

/** Calendar days as "YYYY-MM-DD", counted in UTC (Abidjan's time all year). */
export const addDays = (day: string, n: number): string =>
  new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
export const today = (): string => new Date().toISOString().slice(0, 10);

/** A day written out in full for screen readers and headings ("samedi 26 décembre 2026"). */
export function fullDate(day: string, language: string): string {
  return new Intl.DateTimeFormat(language === 'en' ? 'en-GB' : 'fr-CI', {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(new Date(`${day}T00:00:00Z`));
}
