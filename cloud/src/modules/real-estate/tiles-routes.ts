/**
 * The map tiles archive (issue 25): public (the map shows before sign-in and holds nothing private), read by the
 * portal's PMTiles client with HTTP Range requests; cached by browsers for a month and revalidated by ETag.
 */
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { withErrors } from '../../platform/http/schemas.js';
import { realEstateTags as tags } from './search-routes.js';
import { parseRange } from './tiles-range.js';
import type { TilesArchive } from './tiles.js';

export const tilesPath = '/v1/real-estate/tiles/abidjan.pmtiles';
const cacheControl = 'public, max-age=2592000';

/** Whether an If-None-Match or If-Range header names this ETag (weak or strong, or `*`). */
const names = (header: string | undefined, etag: string): boolean =>
  header !== undefined && header.split(',').some((t) => ['*', etag, `W/${etag}`].includes(t.trim()));

export function tilesRoutes(archive: TilesArchive) {
  return async (instance: FastifyInstance): Promise<void> => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();
    app.get(
      tilesPath,
      {
        config: { access: 'public' },
        schema: {
          tags,
          summary:
            'The schematic map of Abidjan as one PMTiles v3 archive of PNG tiles (zooms 10–14), read with HTTP Range requests',
          operationId: 'realEstateTiles',
          headers: Type.Object(
            { range: Type.Optional(Type.String({ maxLength: 100 })), 'if-range': Type.Optional(Type.String()) },
            { additionalProperties: true },
          ),
          // 200 and 206 carry the archive's bytes (application/vnd.pmtiles), 304 nothing: only errors are JSON.
          response: withErrors({}),
        },
      },
      async (request, reply) => {
        const { bytes, etag } = await archive.get();
        reply
          .header('etag', etag)
          .header('cache-control', cacheControl)
          .header('accept-ranges', 'bytes')
          .header('access-control-allow-origin', '*')
          .header('access-control-expose-headers', 'etag, content-range, content-length, accept-ranges');
        if (names(request.headers['if-none-match'], etag)) return reply.status(304).send();
        // A range of another version of the file would mix two archives: If-Range asks for the whole file then.
        const ifRange = request.headers['if-range'];
        const range = ifRange === undefined || names(ifRange, etag) ? request.headers.range : undefined;
        const answer = parseRange(range, bytes.length);
        if (answer.kind === 'unsatisfiable')
          return reply
            .status(416)
            .header('content-range', `bytes */${String(bytes.length)}`)
            .send({
              error: {
                code: 'VALIDATION_FAILED',
                message: `Plage d’octets impossible : le fichier en compte ${String(bytes.length)} (une seule plage, bytes=début-fin).`,
                requestId: request.id,
              },
            });
        reply.type('application/vnd.pmtiles');
        if (answer.kind === 'full') return reply.status(200).send(bytes);
        return reply
          .status(206)
          .header('content-range', `bytes ${String(answer.start)}-${String(answer.end)}/${String(bytes.length)}`)
          .send(bytes.subarray(answer.start, answer.end + 1));
      },
    );
  };
}
