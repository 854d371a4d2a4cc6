/**
 * /v1/booking/partner: the partner's units (list, edit) and the reservations it received, for the portal. The
 * partner is the caller's acting owner (its staff act for it); another partner's unit is not found; a client is
 * refused. Confirming and cancelling stay on /v1/booking/reservations/:id/confirm|cancel.
 */
import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { AppError, isoDatePattern } from '@ismail/shared';
import type { Database } from '../../platform/db/database.js';
import { principalOf } from '../../platform/http/access-plugin.js';
import { Uuid, withErrors } from '../../platform/http/schemas.js';
import { partnerOf } from '../identity/request-owner.js';
import { ReservationSchema, UnitInputSchema, UnitSchema } from '../shop/commerce-schemas.js';
import { calendarDaysMax } from './buyer.js';
import {
  closeNights,
  editUnit,
  partnerNights,
  partnerReservationPageMax,
  partnerReservations,
  partnerUnits,
} from './partner-units.js';

const access = (action: 'read' | 'modify') => ({ resource: 'booking', action, needsSecondFactor: false }) as const;
const tags = ['booking'];
const fields = UnitInputSchema.properties;
const Day = Type.String({ pattern: isoDatePattern });
const dayMs = 86_400_000;

/** A real calendar day ("2027-02-30" is refused here, not by PostgreSQL). */
function checkedDay(day: string): number {
  const at = Date.parse(`${day}T00:00:00Z`);
  if (Number.isNaN(at) || new Date(at).toISOString().slice(0, 10) !== day)
    throw new AppError('VALIDATION_FAILED', `${day} n'est pas une date du calendrier.`);
  return at;
}

const NightsSchema = Type.Object({
  nights: Type.Array(
    Type.Object({
      night: Type.String(),
      priceXof: Type.Integer(),
      state: Type.Union([Type.Literal('free'), Type.Literal('booked'), Type.Literal('closed')]),
    }),
  ),
});

const UnitEditSchema = Type.Object(
  {
    typeName: Type.Optional(fields.typeName),
    name: Type.Optional(fields.name),
    place: Type.Optional(fields.place),
    capacity: Type.Optional(fields.capacity),
    basePriceXof: Type.Optional(fields.basePriceXof),
  },
  { additionalProperties: false, minProperties: 1 },
);

const ReceivedSchema = Type.Object({
  reservations: Type.Array(
    Type.Composite([
      ReservationSchema,
      Type.Object({ unitName: Type.String(), clientName: Type.String(), refundIfCancelledXof: Type.Integer() }),
    ]),
  ),
});

export function bookingPartnerRoutes(db: Database) {
  return async (instance: FastifyInstance): Promise<void> => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();
    const partner = (request: FastifyRequest): Promise<string> =>
      partnerOf(db, request, 'Only partners offer bookable units.');
    const actor = (request: FastifyRequest) => {
      const { principal } = principalOf(request);
      return { accountId: principal.accountId, label: principal.profile };
    };
    const UnitParams = Type.Object({ unitId: Uuid });
    // Who may call is settled before the body and parameters are read: a client with a malformed body is refused
    // (403), not told what is wrong with it (400). Encapsulated: only this plugin's routes.
    app.addHook('preValidation', async (request) => {
      await partner(request);
    });

    app.get(
      '/v1/booking/partner/units',
      {
        config: { access: access('read') },
        schema: {
          tags,
          summary: 'My bookable units, by name',
          operationId: 'listPartnerUnits',
          response: withErrors({ 200: Type.Object({ units: Type.Array(UnitSchema) }) }),
        },
      },
      async (request) => ({ units: await partnerUnits(db.pool, await partner(request)) }),
    );
    app.patch(
      '/v1/booking/partner/units/:unitId',
      {
        config: { access: access('modify') },
        schema: {
          tags,
          summary: "Change my unit's name, type, place, capacity or base price (audited)",
          operationId: 'editPartnerUnit',
          params: UnitParams,
          body: UnitEditSchema,
          response: withErrors({ 200: UnitSchema }),
        },
      },
      async (request) => editUnit(db, actor(request), await partner(request), request.params.unitId, request.body),
    );
    app.get(
      '/v1/booking/partner/units/:unitId/nights',
      {
        config: { access: access('read') },
        schema: {
          tags,
          summary: "My unit's nights from a day on: price, and free, booked by a guest or closed by me",
          operationId: 'partnerUnitNights',
          params: UnitParams,
          querystring: Type.Object(
            { from: Day, days: Type.Integer({ minimum: 1, maximum: calendarDaysMax }) },
            { additionalProperties: false },
          ),
          response: withErrors({ 200: NightsSchema }),
        },
      },
      async (request) => {
        const start = checkedDay(request.query.from);
        const nights = Array.from({ length: request.query.days }, (_, i) =>
          new Date(start + i * dayMs).toISOString().slice(0, 10),
        );
        return { nights: await partnerNights(db.pool, await partner(request), request.params.unitId, nights) };
      },
    );
    app.put(
      '/v1/booking/partner/units/:unitId/closed',
      {
        config: { access: access('modify') },
        schema: {
          tags,
          summary: "Close or reopen my unit's nights (audited); nights a guest booked are left alone and named",
          operationId: 'closePartnerNights',
          params: UnitParams,
          body: Type.Object(
            { nights: Type.Array(Day, { minItems: 1, maxItems: 366, uniqueItems: true }), closed: Type.Boolean() },
            { additionalProperties: false },
          ),
          response: withErrors({
            200: Type.Object({ changed: Type.Array(Type.String()), booked: Type.Array(Type.String()) }),
          }),
        },
      },
      async (request) => {
        request.body.nights.forEach(checkedDay);
        return closeNights(db, actor(request), await partner(request), request.params.unitId, request.body);
      },
    );
    app.get(
      '/v1/booking/partner/reservations',
      {
        config: { access: access('read') },
        schema: {
          tags,
          summary: 'The reservations of my units, arrival first, with what cancelling would give the client back',
          operationId: 'listPartnerReservations',
          querystring: Type.Object(
            {
              status: Type.Optional(
                Type.Union([
                  Type.Literal('held'),
                  Type.Literal('confirmed'),
                  Type.Literal('cancelled'),
                  Type.Literal('expired'),
                ]),
              ),
              unitId: Type.Optional(Uuid),
              limit: Type.Optional(Type.Integer({ minimum: 1, maximum: partnerReservationPageMax })),
            },
            { additionalProperties: false },
          ),
          response: withErrors({ 200: ReceivedSchema }),
        },
      },
      async (request) => ({
        reservations: await partnerReservations(db.pool, await partner(request), request.query),
      }),
    );
  };
}
