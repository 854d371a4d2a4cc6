/**
 * /v1/services/appointments: book a fixed-price offer directly (Idempotency-Key), read mine (as client or
 * provider), and move one along: done (provider), confirm (client: releases the payment), cancel (either side, the
 * refund by notice), no-show (the side that waited), dispute (either side, after "done") and its answer.
 */
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Database } from '../../platform/db/database.js';
import { IdempotencyHeaders, Uuid, withErrors } from '../../platform/http/schemas.js';
import { idempotencyKeyOf, ownerOf } from '../identity/request-owner.js';
import { appointmentFor, appointmentPageMax, appointmentsOf, publicView } from './appointment-read.js';
import { decodeCursor, encodeCursor } from './cursor.js';
import type { ServicesFlows } from './flows.js';
import { AppointmentListSchema, AppointmentSchema, DisputeSchema } from './flow-schemas.js';

const access = (action: 'read' | 'write' | 'modify') =>
  ({ resource: 'services', action, needsSecondFactor: false }) as const;
const tags = ['services'];
const Params = Type.Object({ appointmentId: Uuid });

export function appointmentRoutes(db: Database, flows: ServicesFlows) {
  return async (instance: FastifyInstance): Promise<void> => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();
    const view = async (id: string, accountId: string) => {
      return publicView(await appointmentFor(db.pool, id, accountId));
    };

    app.post(
      '/v1/services/appointments',
      {
        config: { access: access('write') },
        schema: {
          tags,
          summary: 'Book a fixed-price offer on a free slot and hold the payment in escrow',
          operationId: 'bookServiceOffer',
          headers: IdempotencyHeaders,
          body: Type.Object(
            {
              offerId: Uuid,
              startsAt: Type.String({ format: 'date-time', maxLength: 40 }),
              description: Type.Optional(Type.String({ minLength: 1, maxLength: 2000 })),
              commune: Type.Optional(Type.String({ minLength: 1, maxLength: 80 })),
            },
            { additionalProperties: false },
          ),
          response: withErrors({ 201: AppointmentSchema }),
        },
      },
      async (request, reply) =>
        reply
          .status(201)
          .send(
            await flows.appointments.bookOffer(await ownerOf(db, request), request.body, idempotencyKeyOf(request)),
          ),
    );
    app.get(
      '/v1/services/appointments',
      {
        config: { access: access('read') },
        schema: {
          tags,
          summary: 'My appointments as client (default) or as provider, latest first',
          operationId: 'myServiceAppointments',
          querystring: Type.Object(
            {
              role: Type.Optional(Type.Union([Type.Literal('client'), Type.Literal('provider')])),
              cursor: Type.Optional(Type.String({ maxLength: 200 })),
            },
            { additionalProperties: false },
          ),
          response: withErrors({ 200: AppointmentListSchema }),
        },
      },
      async (request) => {
        const before = decodeCursor(request.query.cursor);
        const appointments = await appointmentsOf(
          db.pool,
          await ownerOf(db, request),
          request.query.role ?? 'client',
          before === undefined ? undefined : { startsAt: before.at, id: before.id },
        );
        const last = appointments.at(-1);
        return {
          appointments,
          next:
            appointments.length === appointmentPageMax && last !== undefined
              ? encodeCursor(last.startsAt, last.id)
              : null,
        };
      },
    );
    app.get(
      '/v1/services/appointments/:appointmentId',
      {
        config: { access: access('read') },
        schema: {
          tags,
          summary: 'An appointment of mine, with its dispute and review',
          operationId: 'serviceAppointment',
          params: Params,
          response: withErrors({ 200: AppointmentSchema }),
        },
      },
      async (request) => view(request.params.appointmentId, await ownerOf(db, request)),
    );
    const step = (
      path: string,
      operationId: string,
      summary: string,
      run: (accountId: string, id: string) => Promise<unknown>,
    ): void => {
      app.post(
        `/v1/services/appointments/:appointmentId/${path}`,
        {
          config: { access: access('modify') },
          schema: { tags, summary, operationId, params: Params, response: withErrors({ 200: AppointmentSchema }) },
        },
        async (request) => {
          const accountId = await ownerOf(db, request);
          await run(accountId, request.params.appointmentId);
          return view(request.params.appointmentId, accountId);
        },
      );
    };
    step('done', 'markServiceDone', 'The provider marks the work done (the auto-release clock starts)', (who, id) =>
      flows.escrow.markDone(who, id),
    );
    step('confirm', 'confirmServiceWork', 'The client confirms the work: the payment goes to the provider', (who, id) =>
      flows.escrow.confirm(who, id),
    );
    step(
      'cancel',
      'cancelServiceAppointment',
      'Cancel: the refund follows the notice (in full if the provider cancels)',
      (who, id) => flows.escrow.cancel(who, id),
    );
    app.post(
      '/v1/services/appointments/:appointmentId/no-show',
      {
        config: { access: access('modify') },
        schema: {
          tags,
          summary: 'Report that the other side did not come',
          operationId: 'reportServiceNoShow',
          params: Params,
          body: Type.Object(
            { who: Type.Union([Type.Literal('client'), Type.Literal('provider')]) },
            { additionalProperties: false },
          ),
          response: withErrors({ 200: AppointmentSchema }),
        },
      },
      async (request) => {
        const accountId = await ownerOf(db, request);
        await flows.escrow.noShow(accountId, request.params.appointmentId, request.body.who);
        return view(request.params.appointmentId, accountId);
      },
    );
    app.post(
      '/v1/services/appointments/:appointmentId/dispute',
      {
        config: { access: access('write') },
        schema: {
          tags,
          summary: 'Open a dispute after the work was marked done: the payment stays held',
          operationId: 'openServiceDispute',
          params: Params,
          body: Type.Object(
            {
              reason: Type.String({ minLength: 1, maxLength: 2000 }),
              photoIds: Type.Optional(Type.Array(Uuid, { maxItems: 5 })),
            },
            { additionalProperties: false },
          ),
          response: withErrors({ 201: DisputeSchema }),
        },
      },
      async (request, reply) =>
        reply
          .status(201)
          .send(await flows.disputes.open(await ownerOf(db, request), request.params.appointmentId, request.body)),
    );
    app.post(
      '/v1/services/disputes/:disputeId/answer',
      {
        config: { access: access('write') },
        schema: {
          tags,
          summary: 'The other side answers a dispute, once',
          operationId: 'answerServiceDispute',
          params: Type.Object({ disputeId: Uuid }),
          body: Type.Object(
            { answer: Type.String({ minLength: 1, maxLength: 2000 }) },
            { additionalProperties: false },
          ),
          response: withErrors({ 200: DisputeSchema }),
        },
      },
      async (request) =>
        flows.disputes.answer(await ownerOf(db, request), request.params.disputeId, request.body.answer),
    );
  };
}
