/**
 * Reports and the admins' review desk (issue 25, api.md): anyone signed in reports a listing they do not own; admins
 * (second factor) read held listings and open reports and decide, every decision audited.
 */
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Database } from '../../platform/db/database.js';
import { principalOf } from '../../platform/http/access-plugin.js';
import { Uuid, withErrors } from '../../platform/http/schemas.js';
import { ownerOf } from '../identity/request-owner.js';
import { actorOf } from './listing-routes.js';
import {
  ListingDecisionSchema,
  OwnerListingSchema,
  ReportDecisionSchema,
  ReportInputSchema,
  ReviewSchema,
} from './listing-schemas.js';
import type { ListingModeration } from './moderation.js';

const admin = { resource: 'real_estate', action: 'administer', needsSecondFactor: true } as const;
const tags = ['real-estate'];
const adminTags = ['real-estate', 'admin'];

export function moderationRoutes(db: Database, moderation: ListingModeration) {
  return async (instance: FastifyInstance): Promise<void> => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();
    app.post(
      '/v1/real-estate/listings/:listingId/reports',
      {
        config: { access: { resource: 'real_estate', action: 'write', needsSecondFactor: false } },
        schema: {
          tags,
          summary: 'Report a listing (fee asked to visit, bait, already let...): once per person, never one’s own',
          operationId: 'reportRealEstateListing',
          params: Type.Object({ listingId: Uuid }),
          body: ReportInputSchema,
          response: withErrors({ 201: Type.Object({ id: Type.String() }) }),
        },
      },
      async (request, reply) => {
        const { principal } = principalOf(request);
        const ids = [...new Set([principal.accountId, await ownerOf(db, request)])];
        return reply.status(201).send(await moderation.report(ids, request.params.listingId, request.body));
      },
    );
    app.get(
      '/v1/admin/real-estate/review',
      {
        config: { access: admin },
        schema: {
          tags: adminTags,
          summary: 'Listings held for review and open reports, oldest first',
          operationId: 'adminRealEstateReview',
          response: withErrors({ 200: ReviewSchema }),
        },
      },
      async () => moderation.queue(),
    );
    app.post(
      '/v1/admin/real-estate/listings/:listingId/decision',
      {
        config: { access: admin },
        schema: {
          tags: adminTags,
          summary: 'Publish a held listing (charged to its owner) or suspend a listing',
          operationId: 'decideRealEstateListing',
          params: Type.Object({ listingId: Uuid }),
          body: ListingDecisionSchema,
          response: withErrors({ 200: OwnerListingSchema }),
        },
      },
      async (request) =>
        moderation.decideListing(actorOf(request), request.params.listingId, request.body.decision, request.body.note),
    );
    app.post(
      '/v1/admin/real-estate/reports/:reportId/decision',
      {
        config: { access: admin },
        schema: {
          tags: adminTags,
          summary: 'Uphold or dismiss a report; an upheld "visit_fee" report suspends the listing',
          operationId: 'decideRealEstateReport',
          params: Type.Object({ reportId: Uuid }),
          body: ReportDecisionSchema,
          response: withErrors({
            200: Type.Object({ id: Type.String(), status: Type.String(), listingStatus: Type.String() }),
          }),
        },
      },
      async (request) =>
        moderation.decideReport(
          actorOf(request),
          request.params.reportId,
          request.body.decision,
          request.body.suspendListing ?? false,
        ),
    );
  };
}
