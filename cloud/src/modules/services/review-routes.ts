/**
 * Reviews of services: the client reviews a completed appointment, the provider answers once, anyone signed in
 * reports an abusive review; admins (second factor) read the open reports and hide or keep the review (audited).
 */
import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Database } from '../../platform/db/database.js';
import { principalOf } from '../../platform/http/access-plugin.js';
import { Uuid, withErrors } from '../../platform/http/schemas.js';
import { ownerOf } from '../identity/request-owner.js';
import { answerReview, createReview, decideReport, openReports, reportPageMax, reportReview } from './reviews.js';

const access = (action: 'write') => ({ resource: 'services', action, needsSecondFactor: false }) as const;
const administer = { resource: 'services', action: 'administer', needsSecondFactor: true } as const;
const tags = ['services'];
const Nullable = (schema: ReturnType<typeof Type.String>) => Type.Union([schema, Type.Null()]);

const ReviewSchema = Type.Object({
  id: Type.String(),
  appointmentId: Type.String(),
  providerId: Type.String(),
  stars: Type.Integer(),
  body: Type.String(),
  clientName: Type.String(),
  createdAt: Type.String(),
  answer: Nullable(Type.String()),
  answeredAt: Nullable(Type.String()),
});
const reportFields = {
  id: Type.String(),
  reviewId: Type.String(),
  reason: Type.String(),
  status: Type.Union([Type.Literal('open'), Type.Literal('kept'), Type.Literal('hidden')]),
  createdAt: Type.String(),
  decidedAt: Nullable(Type.String()),
};
const ReportSchema = Type.Object(reportFields);
const OpenReportSchema = Type.Object({
  ...reportFields,
  reporterName: Type.String(),
  review: Type.Composite([ReviewSchema, Type.Object({ providerName: Type.String() })]),
});

export function servicesReviewRoutes(db: Database) {
  return async (instance: FastifyInstance): Promise<void> => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();
    const adminOf = (request: FastifyRequest) => {
      const { principal } = principalOf(request);
      return { accountId: principal.accountId, label: principal.profile };
    };

    app.post(
      '/v1/services/appointments/:appointmentId/review',
      {
        config: { access: access('write') },
        schema: {
          tags,
          summary: 'Review my completed appointment (once, within 14 days of completion): 1 to 5 stars and a text',
          operationId: 'reviewServiceAppointment',
          params: Type.Object({ appointmentId: Uuid }),
          body: Type.Object(
            { stars: Type.Integer({ minimum: 1, maximum: 5 }), body: Type.String({ maxLength: 2000 }) },
            { additionalProperties: false },
          ),
          response: withErrors({ 201: ReviewSchema }),
        },
      },
      async (request, reply) =>
        reply
          .status(201)
          .send(await createReview(db, await ownerOf(db, request), request.params.appointmentId, request.body)),
    );

    app.post(
      '/v1/services/reviews/:reviewId/answer',
      {
        config: { access: access('write') },
        schema: {
          tags,
          summary: 'Answer a review of my work, publicly (once)',
          operationId: 'answerServiceReview',
          params: Type.Object({ reviewId: Uuid }),
          body: Type.Object(
            { answer: Type.String({ minLength: 1, maxLength: 2000, pattern: '\\S' }) },
            { additionalProperties: false },
          ),
          response: withErrors({ 200: ReviewSchema }),
        },
      },
      async (request) => answerReview(db, await ownerOf(db, request), request.params.reviewId, request.body.answer),
    );

    app.post(
      '/v1/services/reviews/:reviewId/reports',
      {
        config: { access: access('write') },
        schema: {
          tags,
          summary: 'Report a review as abusive to the admins (once per review)',
          operationId: 'reportServiceReview',
          params: Type.Object({ reviewId: Uuid }),
          body: Type.Object(
            { reason: Type.String({ minLength: 1, maxLength: 500, pattern: '\\S' }) },
            { additionalProperties: false },
          ),
          response: withErrors({ 201: ReportSchema }),
        },
      },
      async (request, reply) =>
        reply
          .status(201)
          .send(await reportReview(db, await ownerOf(db, request), request.params.reviewId, request.body.reason)),
    );

    app.get(
      '/v1/admin/services/review-reports',
      {
        config: { access: administer },
        schema: {
          tags,
          summary: 'Open reports of reviews, oldest first, each with its review',
          operationId: 'listServiceReviewReports',
          querystring: Type.Object(
            { limit: Type.Optional(Type.Integer({ minimum: 1, maximum: reportPageMax, default: reportPageMax })) },
            { additionalProperties: false },
          ),
          response: withErrors({ 200: Type.Object({ reports: Type.Array(OpenReportSchema) }) }),
        },
      },
      async (request) => ({ reports: await openReports(db, request.query.limit ?? reportPageMax) }),
    );

    app.post(
      '/v1/admin/services/review-reports/:reportId/decision',
      {
        config: { access: administer },
        schema: {
          tags,
          summary: "Hide the reported review (out of the provider's rating and profile) or keep it; audited",
          operationId: 'decideServiceReviewReport',
          params: Type.Object({ reportId: Uuid }),
          body: Type.Object({ hide: Type.Boolean() }, { additionalProperties: false }),
          response: withErrors({ 200: ReportSchema }),
        },
      },
      async (request) => decideReport(db, adminOf(request), request.params.reportId, request.body.hide),
    );
  };
}
