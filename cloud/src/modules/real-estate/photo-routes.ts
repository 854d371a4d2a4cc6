/**
 * Listing photos (issue 25, api.md): the owner uploads a raw JPEG, PNG or WebP body (at most 8 MB; re-encoded without
 * EXIF, hashed) and deletes its photos; a photo of a published listing is read by anyone signed in, others only by
 * the owner, the agent and admins. A new photo on a published listing runs the duplicate checks again.
 */
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { AppError } from '@ismail/shared';
import type { Database } from '../../platform/db/database.js';
import { principalOf } from '../../platform/http/access-plugin.js';
import { Uuid, withErrors } from '../../platform/http/schemas.js';
import { ownerOf, partnerOf } from '../identity/request-owner.js';
import { photoUploadMaxBytes } from '../services/photos.js';
import type { RealEstateListings } from './listing-flows.js';
import { actorOf, partnerOnly } from './listing-routes.js';
import { addListingPhoto, deleteListingPhoto, readListingPhoto } from './photos.js';

const tags = ['real-estate'];
// Anything else sent as the body is taken raw too, so that sharp refuses it in French (400) instead of Fastify
// answering 415 for an unknown type.
const uploadContentTypes = ['image/jpeg', 'image/png', 'image/webp', 'application/octet-stream'];

export function listingPhotoRoutes(db: Database, listings: RealEstateListings) {
  return async (instance: FastifyInstance): Promise<void> => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();
    app.addContentTypeParser(
      uploadContentTypes,
      { parseAs: 'buffer', bodyLimit: photoUploadMaxBytes },
      (_request, body, done) => done(null, body),
    );
    app.get(
      '/v1/real-estate/photos/:photoId/:size',
      {
        config: { access: { resource: 'real_estate', action: 'read', needsSecondFactor: false } },
        schema: {
          tags,
          summary: 'A listing photo as WebP (small 320 px, large 1024 px)',
          operationId: 'getRealEstatePhoto',
          params: Type.Object({
            photoId: Uuid,
            size: Type.Union([Type.Literal('small'), Type.Literal('large')]),
          }),
          response: withErrors({
            200: Type.Unsafe<Buffer>({ type: 'string', format: 'binary', description: 'image/webp' }),
          }),
        },
      },
      async (request, reply) => {
        const { principal, scope } = principalOf(request);
        const owner = await ownerOf(db, request);
        const { photo, published } = await readListingPhoto(db.pool, request.params.photoId, request.params.size, {
          ids: [...new Set([principal.accountId, owner])],
          admin: scope === 'all',
          secondFactor: principal.secondFactor,
        });
        return reply
          .type('image/webp')
          .header('cache-control', published ? 'private, max-age=3600' : 'private, no-store')
          .send(photo);
      },
    );

    await app.register(async (scoped) => {
      const partner = scoped.withTypeProvider<TypeBoxTypeProvider>();
      partner.addHook('preValidation', async (request) => {
        await partnerOf(db, request, partnerOnly);
      });
      partner.post(
        '/v1/real-estate/listings/:listingId/photos',
        {
          config: { access: { resource: 'real_estate', action: 'write', needsSecondFactor: false } },
          bodyLimit: photoUploadMaxBytes,
          schema: {
            tags,
            summary:
              'Add a photo to my listing (20 at most): JPEG, PNG or WebP up to 8 MB, stored as WebP without EXIF',
            operationId: 'addRealEstatePhoto',
            params: Type.Object({ listingId: Uuid }),
            response: withErrors({ 201: Type.Object({ id: Type.String(), position: Type.Integer() }) }),
          },
        },
        async (request, reply) => {
          const ownerId = await partnerOf(db, request, partnerOnly);
          if (!Buffer.isBuffer(request.body) || request.body.byteLength === 0)
            throw new AppError('VALIDATION_FAILED', 'Envoyez la photo elle-même (JPEG, PNG ou WebP) comme corps.');
          const { listingId } = request.params;
          const added = await addListingPhoto(db, ownerId, listingId, request.body);
          if (added.status === 'published') await listings.recheck(actorOf(request), ownerId, listingId);
          return reply.status(201).send({ id: added.id, position: added.position });
        },
      );
      partner.delete(
        '/v1/real-estate/listings/:listingId/photos/:photoId',
        {
          config: { access: { resource: 'real_estate', action: 'delete', needsSecondFactor: false } },
          schema: {
            tags,
            summary: 'Remove a photo from my listing',
            operationId: 'deleteRealEstatePhoto',
            params: Type.Object({ listingId: Uuid, photoId: Uuid }),
            response: withErrors({ 204: Type.Null() }),
          },
        },
        async (request, reply) => {
          const ownerId = await partnerOf(db, request, partnerOnly);
          await deleteListingPhoto(db, ownerId, request.params.listingId, request.params.photoId);
          return reply.status(204).send();
        },
      );
    });
  };
}
