/**
 * Share links (seed 7.2, "partage social"): /s/p/:productId for a shop product and
 * /s/l/:unitId for a booking listing answer an HTML card (share-page.ts) that messaging apps
 * preview, and send people on to the portal's page. Only what anyone may see: an active
 * product or listing of an active partner; anything else, a French 404 page. Public, read-only.
 */
import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Database } from '../../platform/db/database.js';
import { notFoundPage, shareContentSecurityPolicy, sharePage, type ShareCard } from './share-page.js';

/** Where the portal shows a product and a listing (the shop and booking screens). */
export const portalProductPath = (productId: string): string => `/shop/products/${productId}`;
export const portalListingPath = (unitId: string): string => `/booking/units/${unitId}`;

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const Params = Type.Object({ id: Type.String({ maxLength: 100 }) });

const shareHeaders = {
  'content-security-policy': shareContentSecurityPolicy,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
};

function sendPage(reply: FastifyReply, card: ShareCard | undefined) {
  void reply.headers(shareHeaders).type('text/html; charset=utf-8');
  // Cards change when a price does: caches keep them five minutes; a missing one is not kept.
  if (card === undefined) return reply.status(404).header('cache-control', 'no-store').send(notFoundPage);
  return reply.header('cache-control', 'public, max-age=300').send(sharePage(card));
}

export function shareRoutes(db: Database, publicUrl: string) {
  async function productCard(id: string): Promise<ShareCard | undefined> {
    if (!uuidPattern.test(id)) return undefined;
    const { rows } = await db.pool.query<{
      name: string;
      description: string;
      price_xof: number;
      seller: string;
      has_photo: boolean;
    }>(
      `SELECT p.name, p.description, p.price_xof, a.display_name AS seller,
              EXISTS (SELECT 1 FROM shop_product_photos ph WHERE ph.product_id = p.id) AS has_photo
       FROM shop_products p JOIN accounts a ON a.id = p.partner_id
       WHERE p.id = $1 AND p.active AND a.status = 'active'`,
      [id],
    );
    const row = rows[0];
    if (row === undefined) return undefined;
    return {
      title: row.name,
      description: row.description === '' ? `Vendu par ${row.seller}` : row.description,
      priceXof: row.price_xof,
      priceUnit: '',
      canonicalUrl: `${publicUrl}/s/p/${id}`,
      portalUrl: `${publicUrl}${portalProductPath(id)}`,
      // The 800 px WebP the partner uploaded (served publicly while the product is listed, as this card is).
      imageUrl: row.has_photo ? `${publicUrl}/v1/shop/products/${id}/photo/large` : null,
      kind: 'product',
    };
  }

  async function listingCard(id: string): Promise<ShareCard | undefined> {
    if (!uuidPattern.test(id)) return undefined;
    const { rows } = await db.pool.query<{
      name: string;
      type_name: string;
      place: string;
      capacity: number;
      base_price_xof: number;
      seller: string;
    }>(
      `SELECT u.name, u.type_name, u.place, u.capacity, u.base_price_xof, a.display_name AS seller
       FROM booking_units u JOIN accounts a ON a.id = u.partner_id
       WHERE u.id = $1 AND u.active AND a.status = 'active'`,
      [id],
    );
    const row = rows[0];
    if (row === undefined) return undefined;
    const people = row.capacity === 1 ? '1 personne' : `${String(row.capacity)} personnes`;
    return {
      title: `${row.type_name} · ${row.seller}`,
      description: `${row.place} · ${people}`,
      priceXof: row.base_price_xof,
      priceUnit: ' / nuit',
      canonicalUrl: `${publicUrl}/s/l/${id}`,
      portalUrl: `${publicUrl}${portalListingPath(id)}`,
      imageUrl: null,
      kind: 'website',
    };
  }

  return async (instance: FastifyInstance): Promise<void> => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();
    const hidden = { hide: true, params: Params };
    app.get('/s/p/:id', { config: { access: 'public' }, schema: hidden }, async (request, reply) =>
      sendPage(reply, await productCard(request.params.id)),
    );
    app.get('/s/l/:id', { config: { access: 'public' }, schema: hidden }, async (request, reply) =>
      sendPage(reply, await listingCard(request.params.id)),
    );
    app.get('/s/*', { config: { access: 'public' }, schema: { hide: true } }, async (_request, reply) =>
      sendPage(reply, undefined),
    );
  };
}
