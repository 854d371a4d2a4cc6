/**
 * /v1/services/photos (issue 24): upload (raw JPEG, PNG or WebP body, at most 8 MB), read a WebP variant under the
 * access rule of photos.ts, and delete one's own. The upload is re-encoded before it is stored (no EXIF kept).
 */
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { AppError, SingleLine } from '@ismail/shared';
import type { Database } from '../../platform/db/database.js';
import { principalOf } from '../../platform/http/access-plugin.js';
import { Uuid, withErrors } from '../../platform/http/schemas.js';
import { ownerOf, partnerOf } from '../identity/request-owner.js';
import { deletePhoto, photoUploadMaxBytes, readPhoto, storePhoto } from './photos.js';

const tags = ['services'];
// Anything else sent as the body is taken raw too, so that sharp refuses it in French (400) instead of Fastify
// answering 415 for an unknown type.
const uploadContentTypes = ['image/jpeg', 'image/png', 'image/webp', 'application/octet-stream'];
const PhotoParams = Type.Object({ photoId: Uuid });

export function servicesPhotoRoutes(db: Database) {
  return async (instance: FastifyInstance): Promise<void> => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();
    app.addContentTypeParser(
      uploadContentTypes,
      { parseAs: 'buffer', bodyLimit: photoUploadMaxBytes },
      (_request, body, done) => done(null, body),
    );

    app.post(
      '/v1/services/photos',
      {
        config: { access: { resource: 'services', action: 'write', needsSecondFactor: false } },
        bodyLimit: photoUploadMaxBytes,
        schema: {
          tags,
          summary:
            'Upload a portfolio photo (providers, 12 at most) or a request photo (50 a day): JPEG, PNG or WebP up to 8 MB, stored as WebP 320 and 1024 px without EXIF',
          operationId: 'uploadServicePhoto',
          querystring: Type.Object(
            {
              kind: Type.Union([Type.Literal('portfolio'), Type.Literal('request')]),
              caption: Type.Optional(SingleLine({ maxLength: 200 })),
            },
            { additionalProperties: false },
          ),
          response: withErrors({ 201: Type.Object({ id: Type.String() }) }),
        },
      },
      async (request, reply) => {
        const { kind, caption } = request.query;
        const ownerId =
          kind === 'portfolio'
            ? await partnerOf(db, request, 'Seuls les partenaires prestataires ont un portfolio.')
            : await ownerOf(db, request);
        if (!Buffer.isBuffer(request.body) || request.body.byteLength === 0)
          throw new AppError('VALIDATION_FAILED', 'Envoyez la photo elle-même (JPEG, PNG ou WebP) comme corps.');
        const { principal } = principalOf(request);
        const actor = { accountId: principal.accountId, label: principal.profile };
        return reply.status(201).send(await storePhoto(db, actor, ownerId, kind, caption ?? '', request.body));
      },
    );
    app.get(
      '/v1/services/photos/:photoId',
      {
        config: { access: { resource: 'services', action: 'read', needsSecondFactor: false } },
        schema: {
          tags,
          summary:
            'A photo as WebP (small 320 px, large 1024 px): portfolio photos for anyone signed in, request photos for the parties and admins',
          operationId: 'getServicePhoto',
          params: PhotoParams,
          querystring: Type.Object(
            { size: Type.Optional(Type.Union([Type.Literal('small'), Type.Literal('large')])) },
            { additionalProperties: false },
          ),
          response: withErrors({
            200: Type.Unsafe<Buffer>({ type: 'string', format: 'binary', description: 'image/webp' }),
          }),
        },
      },
      async (request, reply) => {
        const { principal, scope } = principalOf(request);
        const owner = await ownerOf(db, request);
        const { photo, kind } = await readPhoto(db.pool, request.params.photoId, request.query.size ?? 'small', {
          ids: [...new Set([principal.accountId, owner])],
          admin: scope === 'all',
          secondFactor: principal.secondFactor,
        });
        return reply
          .type('image/webp')
          .header('cache-control', kind === 'portfolio' ? 'private, max-age=3600' : 'private, no-store')
          .send(photo);
      },
    );
    app.delete(
      '/v1/services/photos/:photoId',
      {
        config: { access: { resource: 'services', action: 'delete', needsSecondFactor: false } },
        schema: {
          tags,
          summary: 'Delete my photo, unless a request, a message or a dispute carries it',
          operationId: 'deleteServicePhoto',
          params: PhotoParams,
          response: withErrors({ 204: Type.Null() }),
        },
      },
      async (request, reply) => {
        const { principal } = principalOf(request);
        const actor = { accountId: principal.accountId, label: principal.profile };
        await deletePhoto(db, actor, await ownerOf(db, request), request.params.photoId);
        return reply.status(204).send();
      },
    );
  };
}
