/**
 * /v1/reports/schedules: my saved reports sent by e-mail (daily, weekly, monthly) in my scope. A schedule is its
 * account's own: another account's answers 404. Clients are refused before the body (403, not 400).
 */
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Database } from '../../platform/db/database.js';
import { principalOf } from '../../platform/http/access-plugin.js';
import { Uuid, withErrors } from '../../platform/http/schemas.js';
import { reportFormats, reportKinds } from './definition.js';
import { refuseClients, reportAccess, reportTags } from './routes.js';
import { createSchedule, deleteSchedule, listSchedules, ScheduleSchema } from './schedules.js';

export function scheduleRoutes(db: Database, now: () => Date) {
  return async (instance: FastifyInstance): Promise<void> => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();
    app.addHook('preValidation', refuseClients);

    app.get(
      '/v1/reports/schedules',
      {
        config: { access: reportAccess('read') },
        schema: {
          tags: reportTags,
          summary: 'My reports sent by e-mail on a schedule',
          operationId: 'listReportSchedules',
          response: withErrors({ 200: Type.Object({ schedules: Type.Array(ScheduleSchema) }) }),
        },
      },
      async (request) => ({ schedules: await listSchedules(db, principalOf(request).principal.accountId) }),
    );

    app.post(
      '/v1/reports/schedules',
      {
        config: { access: reportAccess('write') },
        schema: {
          tags: reportTags,
          summary: 'Send me a report by e-mail every day, week (Monday–Sunday) or month, in my time zone',
          operationId: 'createReportSchedule',
          body: Type.Object(
            {
              kind: Type.Union(reportKinds.map((k) => Type.Literal(k))),
              format: Type.Union(reportFormats.map((f) => Type.Literal(f))),
              frequency: Type.Union([Type.Literal('daily'), Type.Literal('weekly'), Type.Literal('monthly')]),
              timeZone: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
              hour: Type.Integer({ minimum: 0, maximum: 23 }),
              weekday: Type.Optional(Type.Integer({ minimum: 1, maximum: 7 })),
              monthDay: Type.Optional(Type.Integer({ minimum: 1, maximum: 28 })),
              delivery: Type.Union([Type.Literal('attachment'), Type.Literal('link')]),
              module: Type.Optional(Type.String({ pattern: '^[a-z_]{1,40}$' })),
            },
            { additionalProperties: false },
          ),
          response: withErrors({ 201: ScheduleSchema }),
        },
      },
      async (request, reply) => {
        const { principal } = principalOf(request);
        const schedule = await createSchedule(db, principal.accountId, request.body, now(), `ip:${request.ip}`);
        return reply.status(201).send(schedule);
      },
    );

    app.delete(
      '/v1/reports/schedules/:scheduleId',
      {
        config: { access: reportAccess('modify') },
        schema: {
          tags: reportTags,
          summary: 'Stop one of my scheduled reports',
          operationId: 'deleteReportSchedule',
          params: Type.Object({ scheduleId: Uuid }),
          response: withErrors({ 204: Type.Null() }),
        },
      },
      async (request, reply) => {
        const { principal } = principalOf(request);
        await deleteSchedule(db, principal.accountId, request.params.scheduleId, `ip:${request.ip}`);
        return reply.status(204).send();
      },
    );
  };
}
