/**
 * /v1/booking: search free units (everyone signed in), units, rates and cancellation rules
 * (partners), holds, confirmation and cancellation (the client, or the partner). A hold
 * needs an Idempotency-Key.
 */
import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { AppError } from '@ismail/shared';
import type { BookingService } from './booking.js';
import type { Database } from '../../platform/db/database.js';
import { idempotencyKeyOf, ownerOf, partnerOf } from '../identity/request-owner.js';
import {
  HoldSchema,
  PolicySchema,
  RatesSchema,
  ReservationSchema,
  StaySearchSchema,
  UnitInputSchema,
  UnitSchema,
} from '../shop/commerce-schemas.js';
import { IdempotencyHeaders, Uuid, withErrors } from '../../platform/http/schemas.js';

const access = (action: 'read' | 'write' | 'modify') =>
  ({ resource: 'booking', action, needsSecondFactor: false }) as const;
const tags = ['booking'];

export function bookingRoutes(db: Database, booking: BookingService) {
  return async (instance: FastifyInstance): Promise<void> => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();
    const owner = (request: FastifyRequest): Promise<string> => ownerOf(db, request);
    const partner = (request: FastifyRequest): Promise<string> =>
      partnerOf(db, request, 'Only partners offer bookable units.');
    const ReservationParams = Type.Object({ reservationId: Uuid });

    app.get(
      '/v1/booking/search',
      {
        config: { access: access('read') },
        schema: {
          tags,
          summary: 'Units free for every night of a stay, cheapest first',
          operationId: 'searchStays',
          querystring: StaySearchSchema,
        },
      },
      async (request) => ({
        units: await booking.search(request.query),
      }),
    );
    app.post(
      '/v1/booking/units',
      {
        config: { access: access('write') },
        schema: {
          tags,
          summary: 'Add a bookable unit (room, seat)',
          operationId: 'createUnit',
          body: UnitInputSchema,
          response: withErrors({ 201: UnitSchema }),
        },
      },
      async (request, reply) => reply.status(201).send(await booking.createUnit(await partner(request), request.body)),
    );
    app.put(
      '/v1/booking/units/:unitId/rates',
      {
        config: { access: access('modify') },
        schema: {
          tags,
          summary: 'Set prices for given nights',
          operationId: 'setRates',
          params: Type.Object({ unitId: Uuid }),
          body: RatesSchema,
        },
      },
      async (request, reply) => {
        await booking.setRates(await partner(request), request.params.unitId, request.body.rates);
        return reply.status(204).send();
      },
    );
    app.put(
      '/v1/booking/policy',
      {
        config: { access: access('modify') },
        schema: {
          tags,
          summary: 'My cancellation rules and hold time',
          operationId: 'setBookingPolicy',
          body: PolicySchema,
        },
      },
      async (request, reply) => {
        await booking.setPolicy(await partner(request), request.body);
        return reply.status(204).send();
      },
    );
    app.post(
      '/v1/booking/reservations',
      {
        config: { access: access('write') },
        schema: {
          tags,
          summary: 'Hold a unit for a stay: its nights and the wallet amount',
          operationId: 'holdStay',
          headers: IdempotencyHeaders,
          body: HoldSchema,
          response: withErrors({ 201: ReservationSchema }),
        },
      },
      async (request, reply) => {
        const idempotencyKey = idempotencyKeyOf(request);
        return reply.status(201).send(await booking.hold(await owner(request), { ...request.body, idempotencyKey }));
      },
    );
    app.get(
      '/v1/booking/reservations/:reservationId',
      {
        config: { access: access('read') },
        schema: {
          tags,
          summary: 'A reservation I made or received',
          operationId: 'getReservation',
          params: ReservationParams,
          response: withErrors({ 200: ReservationSchema }),
        },
      },
      async (request) => {
        const reservation = await booking.get(request.params.reservationId);
        const me = await owner(request);
        if (reservation.clientId !== me && reservation.partnerId !== me)
          throw new AppError('NOT_FOUND', 'No such reservation.');
        return reservation;
      },
    );
    app.post(
      '/v1/booking/reservations/:reservationId/confirm',
      {
        config: { access: access('modify') },
        schema: {
          tags,
          summary: 'Confirm: payment captured, invoice issued',
          operationId: 'confirmStay',
          params: ReservationParams,
          response: withErrors({ 200: ReservationSchema }),
        },
      },
      async (request) => booking.confirm(request.params.reservationId, await owner(request)),
    );
    app.post(
      '/v1/booking/reservations/:reservationId/cancel',
      {
        config: { access: access('modify') },
        schema: {
          tags,
          summary: 'Cancel under the booked rules: refund and credit note',
          operationId: 'cancelStay',
          params: ReservationParams,
          response: withErrors({ 200: ReservationSchema }),
        },
      },
      async (request) => booking.cancel(request.params.reservationId, await owner(request)),
    );
  };
}
