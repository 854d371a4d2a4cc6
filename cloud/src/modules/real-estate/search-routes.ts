/**
 * Finding listings (issue 25): the search with its stable cursor, for anyone signed in. Answers carry only the
 * public point of each listing.
 */
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Database } from '../../platform/db/database.js';
import { withErrors } from '../../platform/http/schemas.js';
import { SearchAnswerSchema, SearchQuerySchema } from './search-schemas.js';
import { searchListings } from './search.js';

export const realEstateTags = ['real-estate'];

export function realEstateSearchRoutes(db: Database) {
  return async (instance: FastifyInstance): Promise<void> => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();
    app.get(
      '/v1/real-estate/search',
      {
        config: { access: { resource: 'real_estate', action: 'read', needsSecondFactor: false } },
        schema: {
          tags: realEstateTags,
          summary:
            'Find published listings by deal, kind, commune, price, area, rooms, furnished and map box; newest, cheapest, dearest or largest first, 20 a page',
          operationId: 'searchRealEstateListings',
          querystring: SearchQuerySchema,
          response: withErrors({ 200: SearchAnswerSchema }),
        },
      },
      async (request) => searchListings(db.pool, request.query),
    );
  };
}
