/**
 * /v1/booking, the guest's reads for the portal: a unit's calendar (free nights and prices), the quote of a stay
 * with the cancellation rules as dates and amounts (shown before paying), and my reservations. Read-only.
 */
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { isoDatePattern } from '@ismail/shared';
import type { Database } from '../../platform/db/database.js';
import { ownerOf } from '../identity/request-owner.js';
import { Uuid, withErrors } from '../../platform/http/schemas.js';
import { ReservationSchema, UnitSchema } from '../shop/commerce-schemas.js';
import type { BookingService } from './booking.js';
import { calendarDaysMax, guestReservations, reservationPageMax, stayQuote, unitCalendar } from './buyer.js';

const access = { resource: 'booking', action: 'read', needsSecondFactor: false } as const;
const tags = ['booking'];
const Day = Type.String({ pattern: isoDatePattern });

const RefundStepSchema = Type.Object({
  until: Type.Union([Type.String(), Type.Null()]),
  minNoticeHours: Type.Integer(),
  refundBp: Type.Integer(),
  refundXof: Type.Integer(),
});

const QuoteSchema = Type.Object({
  unit: UnitSchema,
  nights: Type.Integer(),
  amountXof: Type.Integer(),
  free: Type.Boolean(),
  holdMinutes: Type.Integer(),
  refunds: Type.Array(RefundStepSchema),
});

const CalendarSchema = Type.Object({
  nights: Type.Array(Type.Object({ night: Type.String(), free: Type.Boolean(), priceXof: Type.Integer() })),
});

const ReservationListSchema = Type.Object({
  reservations: Type.Array(
    Type.Composite([
      ReservationSchema,
      Type.Object({
        unitName: Type.String(),
        place: Type.String(),
        refundNowXof: Type.Integer(),
        refunds: Type.Array(RefundStepSchema),
      }),
    ]),
  ),
  next: Type.Union([Type.Object({ at: Type.String(), id: Type.String() }), Type.Null()]),
});

export function bookingBuyerRoutes(db: Database, booking: BookingService) {
  return async (instance: FastifyInstance): Promise<void> => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();
    const UnitParams = Type.Object({ unitId: Uuid });
    app.get(
      '/v1/booking/units/:unitId/calendar',
      {
        config: { access },
        schema: {
          tags,
          summary: 'Which nights of a unit are free, and their price, from a day on',
          operationId: 'unitCalendar',
          params: UnitParams,
          querystring: Type.Object(
            { from: Day, days: Type.Optional(Type.Integer({ minimum: 1, maximum: calendarDaysMax })) },
            { additionalProperties: false },
          ),
          response: withErrors({ 200: CalendarSchema }),
        },
      },
      async (request) => {
        const unit = await booking.unit(request.params.unitId);
        return { nights: await unitCalendar(db.pool, unit, request.query.from, request.query.days ?? 35) };
      },
    );
    app.get(
      '/v1/booking/units/:unitId/quote',
      {
        config: { access },
        schema: {
          tags,
          summary: "A stay's price and what cancelling would give back, until when (nothing is held)",
          operationId: 'quoteStay',
          params: UnitParams,
          querystring: Type.Object(
            { checkIn: Day, checkOut: Day, guests: Type.Integer({ minimum: 1, maximum: 50 }) },
            { additionalProperties: false },
          ),
          response: withErrors({ 200: QuoteSchema }),
        },
      },
      async (request) => stayQuote(db.pool, booking, { unitId: request.params.unitId, ...request.query }),
    );
    app.get(
      '/v1/booking/reservations',
      {
        config: { access },
        schema: {
          tags,
          summary: 'The reservations I made, newest first, with what cancelling gives back',
          operationId: 'listMyReservations',
          querystring: Type.Object(
            {
              beforeAt: Type.Optional(Type.String({ format: 'date-time', maxLength: 40 })),
              beforeId: Type.Optional(Uuid),
              limit: Type.Optional(Type.Integer({ minimum: 1, maximum: reservationPageMax })),
            },
            { additionalProperties: false },
          ),
          response: withErrors({ 200: ReservationListSchema }),
        },
      },
      async (request) => {
        const q = request.query;
        const before =
          q.beforeAt !== undefined && q.beforeId !== undefined ? { at: q.beforeAt, id: q.beforeId } : undefined;
        return guestReservations(db.pool, await ownerOf(db, request), { before, limit: q.limit });
      },
    );
  };
}
