/**
 * Customer lookup at the counter (issue 28.4): by typed ISMAIL ID (look-alikes normalised) or
 * phone number, for top-ups and for showing a client's card, and cash for credits for the client
 * found (or an ISMAIL ID typed while the cloud is out of reach). A signed-in cashier only. The
 * lookup's answer carries no credential: a wallet payment still needs the card or dynamic QR.
 * Schemas: shared/src/hub-api/customers.ts.
 */
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import {
  AppError,
  HubCashTopUpResponseSchema,
  HubCustomerLookupRequestSchema,
  HubCustomerLookupResponseSchema,
  HubCustomerTopUpRequestSchema,
  HubErrorResponses,
  parseIsmailId,
} from '@ismail/shared';
import type { HubWiringSources } from '../lan/lan-wiring.js';
import type { HubDatabase } from '../store/open.js';
import { principalOf } from '../http/hub-auth.js';
import { CounterOperations } from '../sync/outbox.js';
import { CustomerLookup } from '../customers/customer-lookup.js';

export function customerRoutes(sources: HubWiringSources & { readonly db: HubDatabase }, lookupTimeoutMs?: number) {
  return async (instance: FastifyInstance): Promise<void> => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();
    const { services, desks } = sources;
    const errors = HubErrorResponses;
    const cashier = { onRequest: desks.auth.guard('cashier') };
    const lookup = new CustomerLookup(services.credentials, lookupTimeoutMs);
    const counter = new CounterOperations(sources.db, services.outbox, desks.cash);

    app.post(
      '/api/v1/customers/lookup',
      {
        ...cashier,
        schema: {
          body: HubCustomerLookupRequestSchema,
          response: { 200: HubCustomerLookupResponseSchema, ...errors },
        },
      },
      async (request, reply) => {
        reply.header('cache-control', 'no-store');
        return lookup.lookup(request.body.query, principalOf(request).accountId);
      },
    );

    // Cash for credits by ISMAIL ID (found by lookup, or typed offline): the cloud resolves the
    // holder when the outbox drains and refuses an unknown one; the signed daily cash ceiling holds here.
    app.post(
      '/api/v1/customers/cash-top-ups',
      {
        ...cashier,
        schema: {
          body: HubCustomerTopUpRequestSchema,
          response: { 200: HubCashTopUpResponseSchema, 201: HubCashTopUpResponseSchema, ...errors },
        },
      },
      async (request, reply) => {
        const { id, amountXof } = request.body;
        const ismailId = parseIsmailId(request.body.ismailId.trim());
        if (!ismailId.ok) throw new AppError('VALIDATION_FAILED', `Not an ISMAIL ID: ${ismailId.problem}`);
        const policy = await services.policies.current();
        const result = counter.sellCreditsForCash(
          { id, payload: { ismailId: ismailId.id, amountXof } },
          principalOf(request),
          policy?.offline.cashTopUpPerDayXof ?? null,
        );
        services.sync.nudge();
        return reply.status(result.created ? 201 : 200).send(result);
      },
    );
  };
}
