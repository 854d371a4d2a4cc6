/**
 * /v1/shop/fulfilment: a partner's (and its staff's) orders to fulfil, for the professional portal: the list by status,
 * an order's page, and the moves confirm, ship (with a tracking reference) and deliver. Other profiles are refused;
 * another partner's order is not found. Each move is one state-machine step (fulfilment-orders.ts): pressing twice,
 * or two staff at once, gives one move and a 409.
 */
import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Database } from '../../platform/db/database.js';
import { principalOf } from '../../platform/http/access-plugin.js';
import { Uuid, withErrors } from '../../platform/http/schemas.js';
import { partnerOf } from '../identity/request-owner.js';
import { OrderSchema } from './commerce-schemas.js';
import {
  fulfilmentPageMax,
  fulfilmentStatuses,
  moveOrder,
  partnerOrder,
  partnerOrders,
  trackingMaxLength,
  type FulfilmentMove,
} from './fulfilment-orders.js';
import type { DeliveredHook, ShopService } from './shop.js';

const access = (action: 'read' | 'modify') => ({ resource: 'shop', action, needsSecondFactor: false }) as const;
const tags = ['shop'];
const StatusSchema = Type.Union(fulfilmentStatuses.map((s) => Type.Literal(s)));

const FulfilmentListSchema = Type.Object({
  orders: Type.Array(
    Type.Object({
      id: Type.String(),
      buyerName: Type.String(),
      status: Type.String(),
      totalXof: Type.Integer(),
      delivery: Type.String(),
      placedAt: Type.String(),
      updatedAt: Type.String(),
      firstLabel: Type.String(),
      lines: Type.Integer(),
    }),
  ),
  counts: Type.Object(Object.fromEntries(fulfilmentStatuses.map((s) => [s, Type.Integer()]))),
  next: Type.Union([Type.Object({ placedAt: Type.String(), id: Type.String() }), Type.Null()]),
});

/** Shipping needs the courier's reference: one line, bounded. */
const ShipSchema = Type.Object(
  { tracking: Type.String({ minLength: 1, maxLength: trackingMaxLength, pattern: '^[^\\r\\n]*\\S[^\\r\\n]*$' }) },
  { additionalProperties: false },
);

const FulfilmentOrderSchema = Type.Composite([
  OrderSchema,
  Type.Object({ buyerName: Type.String(), placedAt: Type.String() }),
]);

export function fulfilmentRoutes(db: Database, shop: ShopService, delivered: DeliveredHook | undefined) {
  return async (instance: FastifyInstance): Promise<void> => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();
    const merchant = (request: FastifyRequest): Promise<string> =>
      partnerOf(db, request, 'Réservé aux partenaires et à leur personnel.');
    const OrderParams = Type.Object({ orderId: Uuid });

    app.get(
      '/v1/shop/fulfilment/orders',
      {
        config: { access: access('read') },
        schema: {
          tags,
          summary: "My business's orders to fulfil, newest first, by status, with a count per status",
          operationId: 'listFulfilmentOrders',
          querystring: Type.Object(
            {
              status: Type.Optional(StatusSchema),
              beforePlacedAt: Type.Optional(Type.String({ format: 'date-time', maxLength: 40 })),
              beforeId: Type.Optional(Uuid),
              limit: Type.Optional(Type.Integer({ minimum: 1, maximum: fulfilmentPageMax })),
            },
            { additionalProperties: false },
          ),
          response: withErrors({ 200: FulfilmentListSchema }),
        },
      },
      async (request) => {
        const q = request.query;
        const before =
          q.beforePlacedAt !== undefined && q.beforeId !== undefined
            ? { placedAt: q.beforePlacedAt, id: q.beforeId }
            : undefined;
        return partnerOrders(db.pool, await merchant(request), { status: q.status, before, limit: q.limit });
      },
    );
    app.get(
      '/v1/shop/fulfilment/orders/:orderId',
      {
        config: { access: access('read') },
        schema: {
          tags,
          summary: 'One order my business received: lines, buyer, timeline, tracking',
          operationId: 'getFulfilmentOrder',
          params: OrderParams,
          response: withErrors({ 200: FulfilmentOrderSchema }),
        },
      },
      async (request) => partnerOrder(db, shop, await merchant(request), request.params.orderId),
    );
    const moves: { move: FulfilmentMove; summary: string; operationId: string }[] = [
      { move: 'confirm', summary: 'Confirm an order: payment captured, invoice issued', operationId: 'fulfilConfirm' },
      {
        move: 'ship',
        summary: 'Mark a confirmed order shipped, with its tracking reference',
        operationId: 'fulfilShip',
      },
      { move: 'deliver', summary: 'Mark a confirmed or shipped order delivered', operationId: 'fulfilDeliver' },
    ];
    for (const { move, summary, operationId } of moves) {
      app.post(
        `/v1/shop/fulfilment/orders/:orderId/${move}`,
        {
          config: { access: access('modify') },
          schema: {
            tags,
            summary: `${summary} (409 if the order is no longer in the status this step starts from)`,
            operationId,
            params: OrderParams,
            ...(move === 'ship' ? { body: ShipSchema } : {}),
            response: withErrors({ 200: FulfilmentOrderSchema }),
          },
        },
        async (request) => {
          const { principal } = principalOf(request);
          return moveOrder(db, shop, delivered, {
            orderId: request.params.orderId,
            partnerId: await merchant(request),
            actorId: principal.accountId,
            actorProfile: principal.profile,
            place: `ip:${request.ip}`,
            move,
            tracking: (request.body as { tracking?: string } | undefined)?.tracking,
          });
        },
      );
    }
  };
}
