/**
 * A candidate's saved searches (issue 25): list, save (at most 20), delete. Each is the caller's own, whoever they
 * act for: a search is personal.
 */
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Database } from '../../platform/db/database.js';
import { principalOf } from '../../platform/http/access-plugin.js';
import { Uuid, withErrors } from '../../platform/http/schemas.js';
import { deleteSavedSearch, listSavedSearches, saveSearch } from './saved-search.js';
import { SavedSearchInputSchema, SavedSearchSchema } from './search-schemas.js';
import { realEstateTags as tags } from './search-routes.js';

const access = (action: 'read' | 'write' | 'delete') =>
  ({ resource: 'real_estate', action, needsSecondFactor: false }) as const;

export function savedSearchRoutes(db: Database) {
  return async (instance: FastifyInstance): Promise<void> => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();
    app.get(
      '/v1/real-estate/saved-searches',
      {
        config: { access: access('read') },
        schema: {
          tags,
          summary: 'My saved searches, newest first',
          operationId: 'listRealEstateSavedSearches',
          response: withErrors({ 200: Type.Object({ searches: Type.Array(SavedSearchSchema) }) }),
        },
      },
      async (request) => listSavedSearches(db, principalOf(request).principal.accountId),
    );
    app.post(
      '/v1/real-estate/saved-searches',
      {
        config: { access: access('write') },
        schema: {
          tags,
          summary: 'Save a search (20 at most), alerted of new matching listings unless alerts is false',
          operationId: 'saveRealEstateSearch',
          body: SavedSearchInputSchema,
          response: withErrors({ 201: SavedSearchSchema }),
        },
      },
      async (request, reply) =>
        reply.status(201).send(await saveSearch(db, principalOf(request).principal.accountId, request.body)),
    );
    app.delete(
      '/v1/real-estate/saved-searches/:searchId',
      {
        config: { access: access('delete') },
        schema: {
          tags,
          summary: 'Delete one of my saved searches',
          operationId: 'deleteRealEstateSavedSearch',
          params: Type.Object({ searchId: Uuid }),
          response: withErrors({ 204: Type.Null() }),
        },
      },
      async (request, reply) => {
        await deleteSavedSearch(db, principalOf(request).principal.accountId, request.params.searchId);
        return reply.status(204).send();
      },
    );
  };
}
