/**
 * /v1/real-estate/visits: ask for a visit on a slot (Idempotency-Key), read mine as visitor or as the listing's side,
 * and move one along: confirm, decline, done, no-show (the listing's side), cancel (either side).
 */
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Database } from '../../platform/db/database.js';
import { IdempotencyHeaders, Uuid, withErrors } from '../../platform/http/schemas.js';
import { idempotencyKeyOf } from '../identity/request-owner.js';
import { visitCallerOf } from './slot-routes.js';
import { visitFor, visitsOf } from './visit-read.js';
import { VisitInputSchema, VisitListSchema, VisitSchema } from './visit-schemas.js';
import type { RealEstateVisits } from './visits.js';

const access = (action: 'read' | 'write' | 'modify') =>
  ({ resource: 'real_estate', action, needsSecondFactor: false }) as const;
const tags = ['real-estate'];
const Params = Type.Object({ visitId: Uuid });

export function visitRoutes(db: Database, visits: RealEstateVisits) {
  return async (instance: FastifyInstance): Promise<void> => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();
    app.post(
      '/v1/real-estate/visits',
      {
        config: { access: access('write') },
        schema: {
          tags,
          summary: 'Ask for a visit on a free slot of a published listing (409 when just taken)',
          operationId: 'requestRealEstateVisit',
          headers: IdempotencyHeaders,
          body: VisitInputSchema,
          response: withErrors({ 201: VisitSchema }),
        },
      },
      async (request, reply) =>
        reply
          .status(201)
          .send(await visits.request(await visitCallerOf(db, request), request.body, idempotencyKeyOf(request))),
    );
    app.get(
      '/v1/real-estate/visits',
      {
        config: { access: access('read') },
        schema: {
          tags,
          summary: 'My visits as visitor (default) or as the listing’s agent, latest first',
          operationId: 'myRealEstateVisits',
          querystring: Type.Object(
            { role: Type.Optional(Type.Union([Type.Literal('visitor'), Type.Literal('agent')])) },
            { additionalProperties: false },
          ),
          response: withErrors({ 200: VisitListSchema }),
        },
      },
      async (request) => ({
        visits: await visitsOf(db.pool, await visitCallerOf(db, request), request.query.role ?? 'visitor'),
      }),
    );
    app.get(
      '/v1/real-estate/visits/:visitId',
      {
        config: { access: access('read') },
        schema: {
          tags,
          summary: 'A visit of mine, as visitor or as the listing’s side',
          operationId: 'realEstateVisit',
          params: Params,
          response: withErrors({ 200: VisitSchema }),
        },
      },
      async (request) => visitFor(db.pool, request.params.visitId, await visitCallerOf(db, request)),
    );
    const step = (
      path: string,
      name: 'confirm' | 'decline' | 'done' | 'no_show' | 'cancel',
      operationId: string,
      summary: string,
    ): void => {
      app.post(
        `/v1/real-estate/visits/:visitId/${path}`,
        {
          config: { access: access('modify') },
          schema: { tags, summary, operationId, params: Params, response: withErrors({ 200: VisitSchema }) },
        },
        async (request) => visits.step(await visitCallerOf(db, request), request.params.visitId, name),
      );
    };
    step('confirm', 'confirm', 'confirmRealEstateVisit', 'The agent confirms a requested visit (the visitor is told)');
    step(
      'decline',
      'decline',
      'declineRealEstateVisit',
      'The agent declines a requested visit (the slot is free again)',
    );
    step('done', 'done', 'markRealEstateVisitDone', 'The agent marks a confirmed visit done, once its time came');
    step('no-show', 'no_show', 'markRealEstateVisitNoShow', 'The agent says the visitor did not come (counted)');
    step('cancel', 'cancel', 'cancelRealEstateVisit', 'Either side cancels a requested or confirmed visit');
  };
}
