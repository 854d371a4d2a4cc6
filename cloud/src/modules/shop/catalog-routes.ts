/**
 * /v1/shop/catalog: the partner's own catalog as the portal edits it (issue 23): list (with inactive products and
 * stock per place), read, edit and delete under If-Match (the version read: a stale one is a 409). Partners and
 * staff act on their partner's products (staff within the actions delegated to them: the access layer checks);
 * admins on any partner's (the list then names the partner). Another partner's product is "not found".
 */
import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { AppError, MultiLine, SingleLine } from '@ismail/shared';
import type { Database } from '../../platform/db/database.js';
import { principalOf } from '../../platform/http/access-plugin.js';
import { Uuid, withErrors } from '../../platform/http/schemas.js';
import { partnerOf } from '../identity/request-owner.js';
import { catalogPageMax, type Actor, type CatalogService } from './catalog-service.js';

const access = (action: 'read' | 'modify' | 'delete') =>
  ({ resource: 'shop', action, needsSecondFactor: false }) as const;
const tags = ['shop'];
const Place = Type.String({ pattern: '^[A-Za-z0-9_.:-]{1,70}$' });

export const CatalogProductSchema = Type.Object({
  id: Type.String(),
  sku: Type.Union([Type.String(), Type.Null()]),
  name: Type.String(),
  description: Type.String(),
  category: Type.String(),
  kind: Type.String(),
  barcode: Type.Union([Type.String(), Type.Null()]),
  priceXof: Type.Integer(),
  taxGroup: Type.String(),
  active: Type.Boolean(),
  version: Type.Integer(),
  stock: Type.Array(Type.Object({ place: Type.String(), quantity: Type.Integer() })),
  hasPhoto: Type.Boolean(),
});

const ProductEditSchema = Type.Object(
  {
    name: Type.Optional(SingleLine({ minLength: 1, maxLength: 200 })),
    description: Type.Optional(MultiLine({ maxLength: 4000 })),
    category: Type.Optional(Type.String({ pattern: '^[a-z0-9_-]{1,40}$' })),
    barcode: Type.Optional(Type.Union([Type.String({ pattern: '^[0-9A-Za-z-]{1,64}$' }), Type.Null()])),
    sku: Type.Optional(Type.Union([Type.String({ pattern: '^[0-9A-Za-z_.-]{1,64}$' }), Type.Null()])),
    priceXof: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000_000 })),
    taxGroup: Type.Optional(Type.String({ minLength: 1, maxLength: 20 })),
    active: Type.Optional(Type.Boolean()),
    stock: Type.Optional(
      Type.Array(
        Type.Object(
          { place: Place, quantity: Type.Integer({ minimum: 0, maximum: 1_000_000 }) },
          { additionalProperties: false },
        ),
        { maxItems: 50 },
      ),
    ),
  },
  { additionalProperties: false, minProperties: 1 },
);

/** The version the editor read, as an entity tag: `"3"` or `3` (weak tags are refused: an edit needs the exact one). */
const IfMatchHeaders = Type.Object({ 'if-match': Type.String({ pattern: '^"?[0-9]{1,9}"?$' }) });
const versionOf = (request: FastifyRequest): number => Number((request.headers['if-match'] ?? '').replaceAll('"', ''));

const ListQuery = Type.Object(
  {
    text: Type.Optional(SingleLine({ minLength: 1, maxLength: 100 })),
    partnerId: Type.Optional(Uuid),
    afterName: Type.Optional(Type.String({ maxLength: 200 })),
    afterId: Type.Optional(Uuid),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: catalogPageMax })),
  },
  { additionalProperties: false },
);

export function catalogRoutes(db: Database, catalog: CatalogService) {
  return async (instance: FastifyInstance): Promise<void> => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();
    const ProductParams = Type.Object({ productId: Uuid });
    /** Admins act on any partner's catalog, with a session that passed the second factor (SPEC 3.4). */
    const isAdmin = (request: FastifyRequest): boolean => {
      const { principal, scope } = principalOf(request);
      if (scope !== 'all') return false;
      if (!principal.secondFactor) throw new AppError('SECOND_FACTOR_REQUIRED');
      return true;
    };
    const actor = (request: FastifyRequest): Actor => {
      const { principal } = principalOf(request);
      return { accountId: principal.accountId, label: principal.profile };
    };
    /** Whose catalog the product is in, for this caller: theirs (or their partner's), any partner's for admins. */
    const ownerFor = async (request: FastifyRequest, productId: string): Promise<string> =>
      isAdmin(request)
        ? catalog.partnerOfProduct(productId)
        : partnerOf(db, request, 'Seuls les partenaires gèrent un catalogue.');

    app.get(
      '/v1/shop/catalog',
      {
        config: { access: access('read') },
        schema: {
          tags,
          summary: 'My catalog (active or not), with stock per place, by name',
          operationId: 'listCatalog',
          querystring: ListQuery,
          response: withErrors({
            200: Type.Object({
              products: Type.Array(CatalogProductSchema),
              next: Type.Union([Type.Object({ name: Type.String(), id: Type.String() }), Type.Null()]),
            }),
          }),
        },
      },
      async (request) => {
        const q = request.query;
        let partnerId: string;
        if (isAdmin(request)) {
          if (q.partnerId === undefined)
            throw new AppError('VALIDATION_FAILED', 'Un administrateur précise le partenaire (partnerId).');
          partnerId = q.partnerId;
        } else partnerId = await partnerOf(db, request, 'Seuls les partenaires gèrent un catalogue.');
        const after =
          q.afterName !== undefined && q.afterId !== undefined ? { name: q.afterName, id: q.afterId } : undefined;
        return catalog.list(partnerId, { text: q.text, after, limit: q.limit });
      },
    );
    app.get(
      '/v1/shop/catalog/:productId',
      {
        config: { access: access('read') },
        schema: {
          tags,
          summary: 'One product of my catalog with its version (send it back in If-Match to edit)',
          operationId: 'getCatalogProduct',
          params: ProductParams,
          response: withErrors({ 200: CatalogProductSchema }),
        },
      },
      async (request, reply) => {
        const product = await catalog.get(await ownerFor(request, request.params.productId), request.params.productId);
        return reply.header('etag', `"${String(product.version)}"`).send(product);
      },
    );
    app.patch(
      '/v1/shop/catalog/:productId',
      {
        config: { access: access('modify') },
        schema: {
          tags,
          summary: 'Edit my product (If-Match: the version read; 409 if someone saved in between)',
          operationId: 'editCatalogProduct',
          params: ProductParams,
          headers: IfMatchHeaders,
          body: ProductEditSchema,
          response: withErrors({ 200: CatalogProductSchema }),
        },
      },
      async (request, reply) => {
        const { productId } = request.params;
        const partnerId = await ownerFor(request, productId);
        const product = await catalog.edit(actor(request), partnerId, productId, versionOf(request), request.body);
        return reply.header('etag', `"${String(product.version)}"`).send(product);
      },
    );
    app.delete(
      '/v1/shop/catalog/:productId',
      {
        config: { access: access('delete') },
        schema: {
          tags,
          summary: 'Delete my product (kept for past orders and invoices; hubs see it inactive at their next pull)',
          operationId: 'deleteCatalogProduct',
          params: ProductParams,
          headers: IfMatchHeaders,
        },
      },
      async (request, reply) => {
        const { productId } = request.params;
        await catalog.remove(actor(request), await ownerFor(request, productId), productId, versionOf(request));
        return reply.status(204).send();
      },
    );
  };
}
