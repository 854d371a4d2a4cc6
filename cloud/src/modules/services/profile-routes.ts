/**
 * /v1/services/me: a provider's own profile, availability and offers (issue 24 items 1 and 3). The provider is the
 * caller's acting owner (its staff read for it; writing needs the delegated action); a client, a sales rep or an admin
 * is refused (403) before its body is read. Every change is audited (profile-save.ts, offers.ts).
 */
import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Action } from '@ismail/shared';
import type { Database } from '../../platform/db/database.js';
import { principalOf } from '../../platform/http/access-plugin.js';
import { Uuid, withErrors } from '../../platform/http/schemas.js';
import { partnerOf } from '../identity/request-owner.js';
import {
  AvailabilityInputSchema,
  MyProfileSchema,
  OfferEditSchema,
  OfferInputSchema,
  OfferSchema,
  ProfileInputSchema,
} from './discovery-schemas.js';
import { createOffer, deactivateOffer, editOffer } from './offers.js';
import { saveAvailability, saveProfile } from './profile-save.js';
import { myProfile } from './profiles.js';

const access = (action: Action) => ({ resource: 'services', action, needsSecondFactor: false }) as const;
const tags = ['services'];
const OfferParams = Type.Object({ offerId: Uuid });

export function servicesProfileRoutes(db: Database) {
  return async (instance: FastifyInstance): Promise<void> => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();
    const provider = (request: FastifyRequest): Promise<string> =>
      partnerOf(db, request, 'Seuls les partenaires proposent leurs services.');
    const actor = (request: FastifyRequest) => {
      const { principal } = principalOf(request);
      return { accountId: principal.accountId, label: principal.profile };
    };
    // Who may call is settled before the body is read: a client with a malformed body is refused (403), not told
    // what is wrong with it (400). Encapsulated: only this plugin's routes.
    app.addHook('preValidation', async (request) => {
      await provider(request);
    });

    app.get(
      '/v1/services/me/profile',
      {
        config: { access: access('read') },
        schema: {
          tags,
          summary: 'My provider profile with its private fields (exact position, hours); 404 before the first save',
          operationId: 'getMyServiceProfile',
          response: withErrors({ 200: MyProfileSchema }),
        },
      },
      async (request) => myProfile(db.pool, await provider(request)),
    );
    app.put(
      '/v1/services/me/profile',
      {
        config: { access: access('modify') },
        schema: {
          tags,
          summary: 'Create or replace my provider profile (audited); the public position is fuzzed once per position',
          operationId: 'putMyServiceProfile',
          body: ProfileInputSchema,
          response: withErrors({ 200: MyProfileSchema }),
        },
      },
      async (request) => {
        const providerId = await provider(request);
        await saveProfile(db, actor(request), providerId, request.body);
        return myProfile(db.pool, providerId);
      },
    );
    app.put(
      '/v1/services/me/availability',
      {
        config: { access: access('modify') },
        schema: {
          tags,
          summary: 'Replace my weekly hours and exceptions (audited)',
          operationId: 'putMyServiceAvailability',
          body: AvailabilityInputSchema,
          response: withErrors({ 200: MyProfileSchema }),
        },
      },
      async (request) => {
        const providerId = await provider(request);
        await saveAvailability(db, actor(request), providerId, request.body);
        return myProfile(db.pool, providerId);
      },
    );
    app.post(
      '/v1/services/me/offers',
      {
        config: { access: access('write') },
        schema: {
          tags,
          summary: 'Add an offer: fixed price (booked directly) or on quote; at most 30 active (audited)',
          operationId: 'createMyServiceOffer',
          body: OfferInputSchema,
          response: withErrors({ 201: OfferSchema }),
        },
      },
      async (request, reply) =>
        reply.status(201).send(await createOffer(db, actor(request), await provider(request), request.body)),
    );
    app.patch(
      '/v1/services/me/offers/:offerId',
      {
        config: { access: access('modify') },
        schema: {
          tags,
          summary: 'Change my offer (audited)',
          operationId: 'editMyServiceOffer',
          params: OfferParams,
          body: OfferEditSchema,
          response: withErrors({ 200: OfferSchema }),
        },
      },
      async (request) => editOffer(db, actor(request), await provider(request), request.params.offerId, request.body),
    );
    app.delete(
      '/v1/services/me/offers/:offerId',
      {
        config: { access: access('delete') },
        schema: {
          tags,
          summary: 'Withdraw my offer: deactivated, kept for the appointments booked from it (audited)',
          operationId: 'deleteMyServiceOffer',
          params: OfferParams,
          response: withErrors({ 200: OfferSchema }),
        },
      },
      async (request) => deactivateOffer(db, actor(request), await provider(request), request.params.offerId),
    );
  };
}
