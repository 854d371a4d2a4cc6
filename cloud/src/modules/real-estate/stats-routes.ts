/**
 * The owner's statistics (issue 25): the dashboard of its listings and one listing's daily series. Owner-only (a
 * partner or its staff): settled before the query string is read, so others get 403, not 400.
 */
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Database } from '../../platform/db/database.js';
import { Uuid, withErrors } from '../../platform/http/schemas.js';
import { partnerOf } from '../identity/request-owner.js';
import { DailySeriesSchema, DashboardSchema } from './search-schemas.js';
import { realEstateTags as tags } from './search-routes.js';
import { dailyDaysMax, listingDaily, ownerDashboard } from './stats.js';

const access = { resource: 'real_estate', action: 'read', needsSecondFactor: false } as const;
const refusal = 'Les statistiques sont réservées aux propriétaires et agences qui publient des annonces.';

export function statsRoutes(db: Database) {
  return async (instance: FastifyInstance): Promise<void> => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();
    app.addHook('preValidation', async (request) => {
      await partnerOf(db, request, refusal);
    });
    app.get(
      '/v1/real-estate/dashboard',
      {
        config: { access },
        schema: {
          tags,
          summary: 'My listings with their views, contacts and confirmed visits, and the totals',
          operationId: 'realEstateDashboard',
          response: withErrors({ 200: DashboardSchema }),
        },
      },
      async (request) => ownerDashboard(db, await partnerOf(db, request, refusal)),
    );
    app.get(
      '/v1/real-estate/my-listings/:listingId/daily',
      {
        config: { access },
        schema: {
          tags,
          summary: "One of my listings' views, contacts and confirmed visits per day, every day present",
          operationId: 'realEstateListingDaily',
          params: Type.Object({ listingId: Uuid }),
          querystring: Type.Object(
            { days: Type.Optional(Type.Integer({ minimum: 1, maximum: dailyDaysMax })) },
            { additionalProperties: false },
          ),
          response: withErrors({ 200: DailySeriesSchema }),
        },
      },
      async (request) =>
        listingDaily(db, await partnerOf(db, request, refusal), request.params.listingId, request.query.days ?? 30),
    );
  };
}
