/**
 * The partner's bookable units through the typed client: my units, one unit's nights for a month (price, and free,
 * booked or closed), create and edit a unit, set one price for a range of nights or close or reopen them, and the
 * reservations my units received.
 */
import { queryOptions } from '@tanstack/react-query';
import { api, apiError } from '../../api/client.js';
import type { paths } from '../../api/cloud-api.js';
import { addDays } from '../booking/booking-data.js';

export type Unit =
  paths['/v1/booking/partner/units']['get']['responses']['200']['content']['application/json']['units'][number];
export type ReceivedReservation =
  paths['/v1/booking/partner/reservations']['get']['responses']['200']['content']['application/json']['reservations'][number];
export type UnitInput = NonNullable<paths['/v1/booking/units']['post']['requestBody']>['content']['application/json'];
export type UnitEdit = NonNullable<
  paths['/v1/booking/partner/units/{unitId}']['patch']['requestBody']
>['content']['application/json'];

export const unitsQuery = queryOptions({
  queryKey: ['units', 'list'],
  staleTime: 0,
  queryFn: async () => {
    const { data, error, response } = await api.GET('/v1/booking/partner/units');
    if (data === undefined) throw apiError(error, response.status);
    return data.units;
  },
});

/** The month's first day and its number of days ("2027-02" → ["2027-02-01", 28]). */
export function monthDays(month: string): { first: string; count: number } {
  const [year, m] = month.split('-').map(Number) as [number, number];
  return { first: `${month}-01`, count: new Date(Date.UTC(year, m, 0)).getUTCDate() };
}

export const nextMonth = (month: string, n: number): string => {
  const [year, m] = month.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(year, m - 1 + n, 1)).toISOString().slice(0, 7);
};

export const monthNightsQuery = (unitId: string, month: string) =>
  queryOptions({
    queryKey: ['units', 'nights', unitId, month],
    staleTime: 0,
    queryFn: async () => {
      const { first, count } = monthDays(month);
      const { data, error, response } = await api.GET('/v1/booking/partner/units/{unitId}/nights', {
        params: { path: { unitId }, query: { from: first, days: count } },
      });
      if (data === undefined) throw apiError(error, response.status);
      return data.nights;
    },
  });

export const receivedQuery = queryOptions({
  queryKey: ['units', 'reservations'],
  // Guests book and cancel from elsewhere: read again whenever shown.
  staleTime: 0,
  queryFn: async () => {
    const { data, error, response } = await api.GET('/v1/booking/partner/reservations', {
      params: { query: { limit: 100 } },
    });
    if (data === undefined) throw apiError(error, response.status);
    return data.reservations;
  },
});

export async function createUnit(input: UnitInput): Promise<string> {
  const { data, error, response } = await api.POST('/v1/booking/units', { body: input });
  if (data === undefined) throw apiError(error, response.status);
  return data.id;
}

export async function editUnit(unitId: string, edit: UnitEdit): Promise<Unit> {
  const { data, error, response } = await api.PATCH('/v1/booking/partner/units/{unitId}', {
    params: { path: { unitId } },
    body: edit,
  });
  if (data === undefined) throw apiError(error, response.status);
  return data;
}

/** Every night from `from` to `to`, both included (at most a year). */
function nightsBetween(from: string, to: string): string[] {
  const nights: string[] = [];
  for (let night = from; night <= to && nights.length < 366; night = addDays(night, 1)) nights.push(night);
  return nights;
}

/** One price for every night from `from` to `to`, both included. */
export async function setRange(unitId: string, from: string, to: string, priceXof: number): Promise<void> {
  const { error, response } = await api.PUT('/v1/booking/units/{unitId}/rates', {
    params: { path: { unitId } },
    body: { rates: nightsBetween(from, to).map((night) => ({ night, priceXof })) },
  });
  if (!response.ok) throw apiError(error, response.status);
}

/** Closes (or reopens) the nights from `from` to `to`; the nights guests booked are left alone and returned. */
export async function closeRange(unitId: string, from: string, to: string, closed: boolean): Promise<string[]> {
  const { data, error, response } = await api.PUT('/v1/booking/partner/units/{unitId}/closed', {
    params: { path: { unitId } },
    body: { nights: nightsBetween(from, to), closed },
  });
  if (data === undefined) throw apiError(error, response.status);
  return data.booked;
}

export async function actOn(reservationId: string, action: 'confirm' | 'cancel'): Promise<void> {
  const path = { params: { path: { reservationId } } };
  const { data, error, response } =
    action === 'confirm'
      ? await api.POST('/v1/booking/reservations/{reservationId}/confirm', path)
      : await api.POST('/v1/booking/reservations/{reservationId}/cancel', path);
  if (data === undefined) throw apiError(error, response.status);
}

/** Whole FCFA as typed ("12 500", spaces allowed); anything else is NaN and the cloud's bounds answer. */
export const fcfaOf = (text: string): number =>
  /^[\d\s\u00a0\u202f]{1,12}$/.test(text) ? Number(text.replace(/\D/g, '')) : NaN;
