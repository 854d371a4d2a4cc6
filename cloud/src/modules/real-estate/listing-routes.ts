/**
 * /v1/real-estate listings, write side (issue 25, api.md): the plans; a partner (or its staff) creates and edits its
 * listings, reads them, submits them (charged and published, or held for review), renews them, marks them let, sold
 * or withdrawn, and confirms they are still available. Partner-only: who may call is settled before the body is read
 * (a client gets 403, not 400).
 */
import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Database } from '../../platform/db/database.js';
import { principalOf } from '../../platform/http/access-plugin.js';
import { IdempotencyHeaders, Uuid, withErrors } from '../../platform/http/schemas.js';
import { idempotencyKeyOf, partnerOf } from '../identity/request-owner.js';
import type { RealEstateListings } from './listing-flows.js';
import {
  ListingInputSchema,
  ListingPatchSchema,
  OwnerListingListSchema,
  OwnerListingSchema,
  PlansSchema,
  RenewSchema,
  StatusSchema,
} from './listing-schemas.js';
import { ownerListing, ownerListings } from './listing-view.js';
import type { Actor } from './listing-publish.js';

const access = (action: 'read' | 'write' | 'modify') =>
  ({ resource: 'real_estate', action, needsSecondFactor: false }) as const;
const tags = ['real-estate'];
const ListingParams = Type.Object({ listingId: Uuid });
export const partnerOnly = 'Réservé aux propriétaires et agences (comptes partenaires).';

export const actorOf = (request: FastifyRequest): Actor => {
  const { principal } = principalOf(request);
  return { accountId: principal.accountId, label: `account:${principal.accountId}` };
};

export function listingRoutes(db: Database, listings: RealEstateListings) {
  return async (instance: FastifyInstance): Promise<void> => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();
    app.get(
      '/v1/real-estate/plans',
      {
        config: { access: access('read') },
        schema: {
          tags,
          summary: 'Publication plans: period and price in credits',
          operationId: 'realEstatePlans',
          response: withErrors({ 200: PlansSchema }),
        },
      },
      async () => ({ plans: await listings.plans() }),
    );

    await app.register(async (scoped) => {
      const partner = scoped.withTypeProvider<TypeBoxTypeProvider>();
      partner.addHook('preValidation', async (request) => {
        await partnerOf(db, request, partnerOnly);
      });
      const owner = (request: FastifyRequest): Promise<string> => partnerOf(db, request, partnerOnly);

      partner.post(
        '/v1/real-estate/listings',
        {
          config: { access: access('write') },
          schema: {
            tags,
            summary: 'Create a property and its listing, as a draft',
            operationId: 'createRealEstateListing',
            body: ListingInputSchema,
            response: withErrors({ 201: OwnerListingSchema }),
          },
        },
        async (request, reply) => reply.status(201).send(await listings.create(await owner(request), request.body)),
      );
      partner.patch(
        '/v1/real-estate/listings/:listingId',
        {
          config: { access: access('modify') },
          schema: {
            tags,
            summary: 'Edit my listing (a published one whose text, price or area changes is checked again)',
            operationId: 'editRealEstateListing',
            params: ListingParams,
            body: ListingPatchSchema,
            response: withErrors({ 200: OwnerListingSchema }),
          },
        },
        async (request) =>
          listings.edit(actorOf(request), await owner(request), request.params.listingId, request.body),
      );
      partner.get(
        '/v1/real-estate/my-listings',
        {
          config: { access: access('read') },
          schema: {
            tags,
            summary: 'My listings, newest first',
            operationId: 'myRealEstateListings',
            response: withErrors({ 200: OwnerListingListSchema }),
          },
        },
        async (request) => ({ listings: await ownerListings(db.pool, await owner(request)) }),
      );
      partner.get(
        '/v1/real-estate/my-listings/:listingId',
        {
          config: { access: access('read') },
          schema: {
            tags,
            summary: 'One of my listings',
            operationId: 'myRealEstateListing',
            params: ListingParams,
            response: withErrors({ 200: OwnerListingSchema }),
          },
        },
        async (request) => ownerListing(db.pool, await owner(request), request.params.listingId),
      );
      partner.post(
        '/v1/real-estate/listings/:listingId/submit',
        {
          config: { access: access('write') },
          schema: {
            tags,
            summary: 'Submit my draft: checked, then charged and published, or held for review',
            operationId: 'submitRealEstateListing',
            headers: IdempotencyHeaders,
            params: ListingParams,
            response: withErrors({ 200: OwnerListingSchema }),
          },
        },
        async (request) =>
          listings.publication.submit(
            actorOf(request),
            await owner(request),
            request.params.listingId,
            idempotencyKeyOf(request),
          ),
      );
      partner.post(
        '/v1/real-estate/listings/:listingId/renew',
        {
          config: { access: access('write') },
          schema: {
            tags,
            summary: 'Renew my published or expired listing by a plan’s period (after the current end)',
            operationId: 'renewRealEstateListing',
            headers: IdempotencyHeaders,
            params: ListingParams,
            body: RenewSchema,
            response: withErrors({ 200: OwnerListingSchema }),
          },
        },
        async (request) =>
          listings.publication.renew(
            actorOf(request),
            await owner(request),
            request.params.listingId,
            request.body.planCode,
            idempotencyKeyOf(request),
          ),
      );
      partner.post(
        '/v1/real-estate/listings/:listingId/status',
        {
          config: { access: access('modify') },
          schema: {
            tags,
            summary: 'Mark my listing let or sold, or take it back to draft',
            operationId: 'setRealEstateListingStatus',
            params: ListingParams,
            body: StatusSchema,
            response: withErrors({ 200: OwnerListingSchema }),
          },
        },
        async (request) =>
          listings.setStatus(actorOf(request), await owner(request), request.params.listingId, request.body.status),
      );
      partner.post(
        '/v1/real-estate/listings/:listingId/still-available',
        {
          config: { access: access('modify') },
          schema: {
            tags,
            summary: 'Confirm my published listing is still available',
            operationId: 'confirmRealEstateListingAvailable',
            params: ListingParams,
            response: withErrors({ 200: OwnerListingSchema }),
          },
        },
        async (request) => listings.stillAvailable(await owner(request), request.params.listingId),
      );
    });
  };
}
