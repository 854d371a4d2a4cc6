/**
 * Product photos (issue 23): the partner (or staff with "modify") uploads a JPEG, PNG or WebP of at most
 * photoUploadMaxBytes and 40 megapixels; the cloud decodes it with sharp, turns it upright (EXIF orientation) and
 * writes WebP variants 320 and 800 px wide at most. sharp writes no metadata unless asked, so EXIF (GPS, camera,
 * owner) never leaves the upload. The variants are served to anyone (catalog pictures are public like the
 * catalog), only for products still listed, from the portal's own origin (its policy allows 'self' images).
 */
import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import sharp from 'sharp';
import { AppError } from '@ismail/shared';
import { appendAudit } from '../../platform/audit/audit-log.js';
import type { Database } from '../../platform/db/database.js';
import { withTransaction } from '../../platform/db/transaction.js';
import { principalOf } from '../../platform/http/access-plugin.js';
import { Uuid } from '../../platform/http/schemas.js';
import { partnerOf } from '../identity/request-owner.js';

export const photoUploadMaxBytes = 5 * 1_048_576;
const photoContentTypes = ['image/jpeg', 'image/png', 'image/webp'] as const;
const maxInputPixels = 40_000_000;
export const photoWidths = { small: 320, large: 800 } as const;

/** The upload as WebP variants, upright and without metadata; a file that is not a JPEG, PNG or WebP is refused. */
export async function photoVariants(upload: Buffer): Promise<{ small: Buffer; large: Buffer }> {
  let format: string | undefined;
  try {
    format = (await sharp(upload, { limitInputPixels: maxInputPixels }).metadata()).format;
  } catch {
    throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'Image illisible : JPEG, PNG ou WebP seulement.');
  }
  if (format !== 'jpeg' && format !== 'png' && format !== 'webp')
    throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'Image JPEG, PNG ou WebP seulement.');
  const variant = (width: number) =>
    sharp(upload, { limitInputPixels: maxInputPixels })
      .rotate()
      .resize({ width, height: width, fit: 'inside', withoutEnlargement: true })
      .webp({ quality: 80 })
      .toBuffer();
  return { small: await variant(photoWidths.small), large: await variant(photoWidths.large) };
}

export function catalogPhotoRoutes(db: Database) {
  return async (instance: FastifyInstance): Promise<void> => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();
    app.addContentTypeParser(
      [...photoContentTypes],
      { parseAs: 'buffer', bodyLimit: photoUploadMaxBytes },
      (_request, body, done) => done(null, body),
    );
    const Params = Type.Object({ productId: Uuid });
    const ownerFor = async (request: FastifyRequest, productId: string): Promise<string> => {
      const { principal, scope } = principalOf(request);
      const { rows } = await db.pool.query<{ partner_id: string }>(
        'SELECT partner_id FROM shop_products WHERE id = $1 AND deleted_at IS NULL',
        [productId],
      );
      const partnerId = rows[0]?.partner_id;
      if (scope === 'all') {
        if (!principal.secondFactor) throw new AppError('SECOND_FACTOR_REQUIRED');
      } else if ((await partnerOf(db, request, 'Seuls les partenaires gèrent un catalogue.')) !== partnerId)
        throw new AppError('NOT_FOUND', 'Produit introuvable.');
      if (partnerId === undefined) throw new AppError('NOT_FOUND', 'Produit introuvable.');
      return partnerId;
    };

    app.put(
      '/v1/shop/catalog/:productId/photo',
      {
        config: { access: { resource: 'shop', action: 'modify', needsSecondFactor: false } },
        bodyLimit: photoUploadMaxBytes,
        schema: {
          tags: ['shop'],
          summary: 'Set my product photo (JPEG, PNG or WebP, 5 MiB): stored as WebP 320 and 800 px, EXIF removed',
          operationId: 'putProductPhoto',
          params: Params,
        },
      },
      async (request, reply) => {
        const { productId } = request.params;
        const partnerId = await ownerFor(request, productId);
        if (!Buffer.isBuffer(request.body) || request.body.byteLength === 0)
          throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'Envoyez l’image en JPEG, PNG ou WebP.');
        const { small, large } = await photoVariants(request.body);
        const { principal } = principalOf(request);
        await withTransaction(db.pool, async (client) => {
          await client.query(
            `INSERT INTO shop_product_photos (product_id, small_webp, large_webp) VALUES ($1, $2, $3)
             ON CONFLICT (product_id) DO UPDATE SET small_webp = $2, large_webp = $3, updated_at = now()`,
            [productId, small, large],
          );
          await appendAudit(client, {
            actor: { accountId: principal.accountId, label: principal.profile },
            action: 'shop.product_photo_set',
            subject: { type: 'product', id: productId },
            place: 'cloud',
            detail: { partnerId, smallBytes: small.byteLength, largeBytes: large.byteLength },
          });
        });
        return reply.status(204).send();
      },
    );

    app.get(
      '/v1/shop/products/:productId/photo/:size',
      {
        config: { access: 'public' },
        schema: {
          tags: ['shop'],
          summary: 'A listed product’s photo as WebP (small: 320 px, large: 800 px)',
          operationId: 'getProductPhoto',
          params: Type.Object({
            productId: Uuid,
            size: Type.Union([Type.Literal('small'), Type.Literal('large')]),
          }),
        },
      },
      async (request, reply) => {
        const { productId, size } = request.params;
        const { rows } = await db.pool.query<{ photo: Buffer; updated_at: Date }>(
          `SELECT ${size === 'small' ? 'f.small_webp' : 'f.large_webp'} AS photo, f.updated_at
           FROM shop_product_photos f JOIN shop_products p ON p.id = f.product_id
           WHERE f.product_id = $1 AND p.active AND p.deleted_at IS NULL`,
          [productId],
        );
        const row = rows[0];
        if (row === undefined) throw new AppError('NOT_FOUND', 'Pas de photo pour ce produit.');
        return reply
          .type('image/webp')
          .header('cache-control', 'public, max-age=300')
          .header('last-modified', row.updated_at.toUTCString())
          .send(row.photo);
      },
    );
  };
}
