/**
 * /v1/shop, the buyer's reads for the portal: a product's page (price, stock, reviews), my orders (newest first,
 * keyset pages) and which products of a delivered order I may still review. Signed-in only, read-only.
 */
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Database } from '../../platform/db/database.js';
import { ownerOf } from '../identity/request-owner.js';
import { Uuid, withErrors } from '../../platform/http/schemas.js';
import { ProductSchema } from './commerce-schemas.js';
import { buyerOrders, orderPageMax, orderReviewStatus, productPage } from './buyer.js';
import type { ShopService } from './shop.js';

const access = { resource: 'shop', action: 'read', needsSecondFactor: false } as const;
const tags = ['shop'];

const ProductPageSchema = Type.Composite([
  ProductSchema,
  Type.Object({
    stock: Type.Integer(),
    rating: Type.Object({ average: Type.Union([Type.Number(), Type.Null()]), count: Type.Integer() }),
    reviews: Type.Array(
      Type.Object({ rating: Type.Integer(), comment: Type.String(), at: Type.String(), author: Type.String() }),
    ),
  }),
]);

const OrderListSchema = Type.Object({
  orders: Type.Array(
    Type.Object({
      id: Type.String(),
      partnerName: Type.String(),
      status: Type.String(),
      totalXof: Type.Integer(),
      placedAt: Type.String(),
      updatedAt: Type.String(),
      firstLabel: Type.String(),
      lines: Type.Integer(),
    }),
  ),
  next: Type.Union([Type.Object({ placedAt: Type.String(), id: Type.String() }), Type.Null()]),
});

const ReviewStatusSchema = Type.Object({
  delivered: Type.Boolean(),
  items: Type.Array(Type.Object({ productId: Type.String(), label: Type.String(), reviewed: Type.Boolean() })),
});

export function shopBuyerRoutes(db: Database, shop: ShopService) {
  return async (instance: FastifyInstance): Promise<void> => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();
    app.get(
      '/v1/shop/products/:productId',
      {
        config: { access },
        schema: {
          tags,
          summary: 'A product page: price, online stock, rating and the newest reviews',
          operationId: 'getProduct',
          params: Type.Object({ productId: Uuid }),
          response: withErrors({ 200: ProductPageSchema }),
        },
      },
      async (request) => {
        const product = await shop.product(request.params.productId);
        return { ...product, ...(await productPage(db.pool, product.id)) };
      },
    );
    app.get(
      '/v1/shop/orders',
      {
        config: { access },
        schema: {
          tags,
          summary: 'The orders I placed, newest first',
          operationId: 'listMyOrders',
          querystring: Type.Object(
            {
              beforePlacedAt: Type.Optional(Type.String({ format: 'date-time', maxLength: 40 })),
              beforeId: Type.Optional(Uuid),
              limit: Type.Optional(Type.Integer({ minimum: 1, maximum: orderPageMax })),
            },
            { additionalProperties: false },
          ),
          response: withErrors({ 200: OrderListSchema }),
        },
      },
      async (request) => {
        const q = request.query;
        const before =
          q.beforePlacedAt !== undefined && q.beforeId !== undefined
            ? { placedAt: q.beforePlacedAt, id: q.beforeId }
            : undefined;
        return buyerOrders(db.pool, await ownerOf(db, request), { before, limit: q.limit });
      },
    );
    app.get(
      '/v1/shop/orders/:orderId/reviews',
      {
        config: { access },
        schema: {
          tags,
          summary: 'The products of my order and whether I reviewed each (reviews open once delivered)',
          operationId: 'orderReviewStatus',
          params: Type.Object({ orderId: Uuid }),
          response: withErrors({ 200: ReviewStatusSchema }),
        },
      },
      async (request) => orderReviewStatus(db.pool, await ownerOf(db, request), request.params.orderId),
    );
  };
}
