/**
 * /v1/booking/partner: the partner's units (list, edit) and the reservations it received, for the portal. The
 * partner is the caller's acting owner (its staff act for it); another partner's unit is not found; a client is
 * refused. Confirming and cancelling stay on /v1/booking/reservations/:id/confirm|cancel.
 */
import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Database } from '../../platform/db/database.js';
import { principalOf } from '../../platform/http/access-plugin.js';
import { Uuid, withErrors } from '../../platform/http/schemas.js';
import { partnerOf } from '../identity/request-owner.js';
import { ReservationSchema, UnitInputSchema, UnitSchema } from '../shop/commerce-schemas.js';
import { editUnit, partnerReservationPageMax, partnerReservations, partnerUnits } from './partner-units.js';

const access = (action: 'read' | 'modify') => ({ resource: 'booking', action, needsSecondFactor: false }) as const;
const tags = ['booking'];
const fields = UnitInputSchema.properties;

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
          params: Type.Object({ unitId: Uuid }),
          body: UnitEditSchema,
          response: withErrors({ 200: UnitSchema }),
        },
      },
      async (request) => {
        const partnerId = await partner(request);
        const { principal } = principalOf(request);
        return editUnit(
          db,
          { accountId: principal.accountId, label: principal.profile },
          partnerId,
          request.params.unitId,
          request.body,
        );
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
