/**
 * Finding providers (issue 24 items 1 and 2): the categories, the search with its stable cursor, and a provider's
 * public profile. Every signed-in user may search; public answers carry only the fuzzed position.
 */
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Database } from '../../platform/db/database.js';
import { Uuid, withErrors } from '../../platform/http/schemas.js';
import { CategoriesSchema, ProviderProfileSchema, SearchAnswerSchema, SearchQuerySchema } from './discovery-schemas.js';
import { publicProfile } from './profiles.js';
import { searchProviders } from './search.js';

const access = { resource: 'services', action: 'read', needsSecondFactor: false } as const;
const tags = ['services'];

export function servicesSearchRoutes(db: Database) {
  return async (instance: FastifyInstance): Promise<void> => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();
    app.get(
      '/v1/services/categories',
      {
        config: { access },
        schema: {
          tags,
          summary: 'The service categories, in their display order',
          operationId: 'listServiceCategories',
          response: withErrors({ 200: CategoriesSchema }),
        },
      },
      async () => {
        const { rows } = await db.pool.query<{ code: string; label_fr: string; label_en: string }>(
          'SELECT code, label_fr, label_en FROM service_categories ORDER BY sort, code LIMIT 200',
        );
        return { categories: rows.map((r) => ({ code: r.code, labelFr: r.label_fr, labelEn: r.label_en })) };
      },
    );
    app.get(
      '/v1/services/providers',
      {
        config: { access },
        schema: {
          tags,
          summary:
            'Find providers by category, commune or distance, French keyword, rating and free time; nearest first when a place is given, else best rated',
          operationId: 'searchServiceProviders',
          querystring: SearchQuerySchema,
          response: withErrors({ 200: SearchAnswerSchema }),
        },
      },
      async (request) => searchProviders(db.pool, request.query),
    );
    app.get(
      '/v1/services/providers/:providerId',
      {
        config: { access },
        schema: {
          tags,
          summary: "A provider's public profile: offers, portfolio, latest reviews and booking rules",
          operationId: 'getServiceProvider',
          params: Type.Object({ providerId: Uuid }),
          response: withErrors({ 200: ProviderProfileSchema }),
        },
      },
      async (request) => publicProfile(db.pool, request.params.providerId),
    );
  };
}
