/**
 * /v1/real-estate slots: the listing's side offers and withdraws visit slots (partners only, settled before the body
 * is read so a client gets 403, not 400); anyone signed in reads a listing's future slots and whether each is free.
 */
import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Database } from '../../platform/db/database.js';
import { principalOf } from '../../platform/http/access-plugin.js';
import { Uuid, withErrors } from '../../platform/http/schemas.js';
import { ownerOf, partnerOf } from '../identity/request-owner.js';
import type { VisitSlots } from './slots.js';
import type { VisitCaller } from './visit-read.js';
import { SlotListSchema, SlotsInputSchema } from './visit-schemas.js';

const access = (action: 'read' | 'write' | 'delete') =>
  ({ resource: 'real_estate', action, needsSecondFactor: false }) as const;
const tags = ['real-estate'];

export async function visitCallerOf(db: Database, request: FastifyRequest): Promise<VisitCaller> {
  return { principalId: principalOf(request).principal.accountId, ownerId: await ownerOf(db, request) };
}

export function slotRoutes(db: Database, slots: VisitSlots) {
  return async (instance: FastifyInstance): Promise<void> => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();
    app.get(
      '/v1/real-estate/listings/:listingId/slots',
      {
        config: { access: access('read') },
        schema: {
          tags,
          summary: "A listing's future visit slots, each free or taken",
          operationId: 'listRealEstateSlots',
          params: Type.Object({ listingId: Uuid }),
          response: withErrors({ 200: SlotListSchema }),
        },
      },
      async (request) => ({ slots: await slots.list(await visitCallerOf(db, request), request.params.listingId) }),
    );
    await app.register(async (scoped) => {
      const partner = scoped.withTypeProvider<TypeBoxTypeProvider>();
      partner.addHook('preValidation', async (request) => {
        await partnerOf(db, request, 'Réservé aux propriétaires et agences (comptes partenaires).');
      });
      partner.post(
        '/v1/real-estate/listings/:listingId/slots',
        {
          config: { access: access('write') },
          schema: {
            tags,
            summary: 'Offer visit slots on a listing (at most 50, future, 4 hours each, 60 days ahead)',
            operationId: 'offerRealEstateSlots',
            params: Type.Object({ listingId: Uuid }),
            body: SlotsInputSchema,
            response: withErrors({ 201: SlotListSchema }),
          },
        },
        async (request, reply) =>
          reply.status(201).send({
            slots: await slots.offer(await visitCallerOf(db, request), request.params.listingId, request.body),
          }),
      );
      partner.delete(
        '/v1/real-estate/slots/:slotId',
        {
          config: { access: access('delete') },
          schema: {
            tags,
            summary: 'Withdraw a visit slot that no visit holds',
            operationId: 'removeRealEstateSlot',
            params: Type.Object({ slotId: Uuid }),
            response: withErrors({ 204: Type.Null() }),
          },
        },
        async (request, reply) => {
          await slots.remove(await visitCallerOf(db, request), request.params.slotId);
          return reply.status(204).send();
        },
      );
    });
  };
}
