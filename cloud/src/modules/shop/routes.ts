/**
 * /v1/shop: the catalog (search for everyone signed in; products and stock for partners),
 * checkout and orders (buyers), merchant actions on orders, reviews by buyers, and the
 * stock flags offline hub sales raise. Checkout needs an Idempotency-Key.
 */
import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { ShopService } from './shop.js';
import type { Database } from '../../platform/db/database.js';
import { idempotencyKeyOf, ownerOf, partnerOf } from '../identity/request-owner.js';
import {
  CheckoutSchema,
  OrderSchema,
  ProductInputSchema,
  ProductSchema,
  ProductSearchSchema,
  ReviewSchema,
  StockAdjustmentSchema,
} from './commerce-schemas.js';
import { IdempotencyHeaders, Uuid, withErrors } from '../../platform/http/schemas.js';

const access = (action: 'read' | 'write' | 'modify') =>
  ({ resource: 'shop', action, needsSecondFactor: false }) as const;
const tags = ['shop'];

export function shopRoutes(db: Database, shop: ShopService) {
  return async (instance: FastifyInstance): Promise<void> => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();
    const owner = (request: FastifyRequest): Promise<string> => ownerOf(db, request);
    /** Catalog and stock belong to partners (and the staff acting for them). */
    const merchant = (request: FastifyRequest): Promise<string> =>
      partnerOf(db, request, 'Only partners sell in the Shop.');
    const key = idempotencyKeyOf;
    const OrderParams = Type.Object({ orderId: Uuid });
    const ProductParams = Type.Object({ productId: Uuid });

    app.get(
      '/v1/shop/products',
      {
        config: { access: access('read') },
        schema: {
          tags,
          summary: 'Search the catalog (text, category, price), stable pages',
          operationId: 'searchProducts',
          querystring: ProductSearchSchema,
          response: withErrors({
            200: Type.Object({
              products: Type.Array(ProductSchema),
              // The cursor of the next page (price then id), or null on the last one.
              next: Type.Union([Type.Object({ priceXof: Type.Integer(), id: Type.String() }), Type.Null()]),
            }),
          }),
        },
      },
      async (request) => {
        const q = request.query;
        const after =
          q.afterPriceXof !== undefined && q.afterId !== undefined
            ? { priceXof: q.afterPriceXof, id: q.afterId }
            : undefined;
        return shop.search({
          text: q.text,
          category: q.category,
          minPriceXof: q.minPriceXof,
          maxPriceXof: q.maxPriceXof,
          partnerId: q.partnerId,
          after,
          limit: q.limit,
        });
      },
    );
    app.post(
      '/v1/shop/products',
      {
        config: { access: access('write') },
        schema: {
          tags,
          summary: 'Add a product to my catalog',
          operationId: 'createProduct',
          body: ProductInputSchema,
          response: withErrors({ 201: ProductSchema }),
        },
      },
      async (request, reply) => reply.status(201).send(await shop.createProduct(await merchant(request), request.body)),
    );
    app.post(
      '/v1/shop/products/:productId/stock',
      {
        config: { access: access('modify') },
        schema: {
          tags,
          summary: 'Adjust, count, return or transfer stock of my product',
          operationId: 'adjustStock',
          params: ProductParams,
          body: StockAdjustmentSchema,
        },
      },
      async (request) => {
        const body = request.body;
        return {
          quantity: await shop.adjustStock(await merchant(request), { productId: request.params.productId, ...body }),
        };
      },
    );
    app.get(
      '/v1/shop/products/:productId/stock',
      {
        config: { access: access('read') },
        schema: {
          tags,
          summary: 'How many of my product each place holds (online, each hub)',
          operationId: 'stockByPlace',
          params: ProductParams,
        },
      },
      async (request) => ({ stock: await shop.stockByPlace(await merchant(request), request.params.productId) }),
    );
    app.get(
      '/v1/shop/stock-flags',
      {
        config: { access: access('read') },
        schema: { tags, summary: 'Stock taken below zero by offline hub sales', operationId: 'stockFlags' },
      },
      async (request) => ({
        flags: await shop.stockFlags(await merchant(request)),
      }),
    );
    app.post(
      '/v1/shop/orders',
      {
        config: { access: access('write') },
        schema: {
          tags,
          summary: 'Check out: holds the wallet amount and the stock',
          operationId: 'checkout',
          headers: IdempotencyHeaders,
          body: CheckoutSchema,
          response: withErrors({ 201: OrderSchema }),
        },
      },
      async (request, reply) => {
        const body = request.body;
        return reply
          .status(201)
          .send(await shop.checkout(await owner(request), { ...body, idempotencyKey: key(request) }));
      },
    );
    app.get(
      '/v1/shop/orders/:orderId',
      {
        config: { access: access('read') },
        schema: {
          tags,
          summary: 'An order I placed or received',
          operationId: 'getOrder',
          params: OrderParams,
          response: withErrors({ 200: OrderSchema }),
        },
      },
      async (request) => shop.order(request.params.orderId, await owner(request)),
    );
    app.post(
      '/v1/shop/orders/:orderId/confirm',
      {
        config: { access: access('modify') },
        schema: {
          tags,
          summary: 'Confirm an order: payment captured, invoice issued',
          operationId: 'confirmOrder',
          params: OrderParams,
          response: withErrors({ 200: OrderSchema }),
        },
      },
      async (request) => shop.confirm(request.params.orderId, await merchant(request)),
    );
    app.post(
      '/v1/shop/orders/:orderId/status',
      {
        config: { access: access('modify') },
        schema: {
          tags,
          summary: 'Mark an order shipped (with tracking) or delivered',
          operationId: 'advanceOrder',
          params: OrderParams,
          body: Type.Object(
            {
              status: Type.Union([Type.Literal('shipped'), Type.Literal('delivered')]),
              tracking: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
            },
            { additionalProperties: false },
          ),
          response: withErrors({ 200: OrderSchema }),
        },
      },
      async (request) => {
        const body = request.body;
        return shop.advance(request.params.orderId, await merchant(request), body.status, body.tracking);
      },
    );
    app.post(
      '/v1/shop/orders/:orderId/cancel',
      {
        config: { access: access('modify') },
        schema: {
          tags,
          summary: 'Cancel before shipping: hold released, or refund with a credit note',
          operationId: 'cancelOrder',
          params: OrderParams,
          response: withErrors({ 200: OrderSchema }),
        },
      },
      async (request) => shop.cancel(request.params.orderId, await owner(request)),
    );
    app.post(
      '/v1/shop/products/:productId/reviews',
      {
        config: { access: access('write') },
        schema: {
          tags,
          summary: 'Review a product I bought',
          operationId: 'reviewProduct',
          params: ProductParams,
          body: ReviewSchema,
        },
      },
      async (request, reply) =>
        reply.status(201).send(await shop.review(await owner(request), request.params.productId, request.body)),
    );
  };
}
