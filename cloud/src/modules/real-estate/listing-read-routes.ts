/**
 * A listing's page and its contact phone (issue 25): anyone signed in for a published listing, the owner's side and
 * admins always; 404 for anyone else.
 */
import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Database } from '../../platform/db/database.js';
import { principalOf } from '../../platform/http/access-plugin.js';
import { Uuid, withErrors } from '../../platform/http/schemas.js';
import { ownerOf } from '../identity/request-owner.js';
import { readListing, revealContact, type Reader } from './listing-read.js';
import { ListingDetailSchema } from './search-schemas.js';
import { realEstateTags as tags } from './search-routes.js';

const access = { resource: 'real_estate', action: 'read', needsSecondFactor: false } as const;
const params = Type.Object({ listingId: Uuid });

export async function readerOf(db: Database, request: FastifyRequest): Promise<Reader> {
  const { principal, scope } = principalOf(request);
  return { accountId: principal.accountId, ownerId: await ownerOf(db, request), admin: scope === 'all' };
}

export function listingReadRoutes(db: Database) {
  return async (instance: FastifyInstance): Promise<void> => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();
    app.get(
      '/v1/real-estate/listings/:listingId',
      {
        config: { access },
        schema: {
          tags,
          summary:
            "A listing's page: published listings for anyone signed in, any state for its owner and agent; the exact position only to them and to a confirmed visitor",
          operationId: 'getRealEstateListing',
          params,
          response: withErrors({ 200: ListingDetailSchema }),
        },
      },
      async (request) => readListing(db, request.params.listingId, await readerOf(db, request)),
    );
    app.post(
      '/v1/real-estate/listings/:listingId/contact',
      {
        config: { access },
        schema: {
          tags,
          summary: "The phone to call about a listing (counts a contact for the owner's statistics)",
          operationId: 'revealRealEstateContact',
          params,
          response: withErrors({ 200: Type.Object({ phone: Type.String() }) }),
        },
      },
      async (request) => revealContact(db, request.params.listingId, await readerOf(db, request)),
    );
  };
}
