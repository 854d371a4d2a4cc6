/**
 * Customer lookup for a hub's counter (issue 28.4), by ISMAIL ID or phone number: a signed hub
 * request, rate-limited per hub (the signature's hub, never a header as written), each lookup
 * audited with the hub, the staff account the hub names (its claim, recorded as such) and a hash
 * of what was asked. Every miss (unknown, not a client, not active, malformed) is the same 404.
 */
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { AppError, CloudCustomerLookupRequestSchema, CustomerSummarySchema } from '@ismail/shared';
import type { MasterKey } from '../../platform/crypto/sealed.js';
import type { Database } from '../../platform/db/database.js';
import { hubOf } from '../../platform/http/access-plugin.js';
import { withErrors } from '../../platform/http/schemas.js';
import { appendAudit } from '../../platform/audit/audit-log.js';
import { withTransaction } from '../../platform/db/transaction.js';
import { canonicalLookup, customerLookupsPerMinute, findClient, lookupHash, lookupHashKey } from './customer-lookup.js';

const notFound = (): AppError => new AppError('NOT_FOUND', 'No client account matches exactly.');

export function hubCustomerLookupRoutes(db: Database, masterKey: MasterKey) {
  const hashKey = lookupHashKey(masterKey);
  return async (instance: FastifyInstance): Promise<void> => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();
    const checkLookups = app.createRateLimit({
      max: customerLookupsPerMinute,
      timeWindow: 60_000,
      keyGenerator: (request) => `customer-lookup|${hubOf(request).id}`,
    });
    app.post(
      '/v1/hubs/customers/lookup',
      {
        config: { access: 'hub' },
        schema: {
          tags: ['hubs'],
          summary:
            'An active client found by exact ISMAIL ID or phone number for this hub’s counter (rate-limited, audited)',
          operationId: 'hubCustomerLookup',
          body: CloudCustomerLookupRequestSchema,
          response: withErrors({ 200: CustomerSummarySchema }),
        },
      },
      async (request, reply) => {
        const hub = hubOf(request);
        const limit = await checkLookups(request);
        if (!limit.isAllowed && limit.isExceeded)
          throw new AppError('RATE_LIMITED', 'Too many customer lookups from this hub; wait a minute.');
        const { by, value, staffAccountId } = request.body;
        const canonical = canonicalLookup({ by, value });
        const found = canonical === null ? null : await findClient(db, by, canonical);
        await withTransaction(db.pool, (client) =>
          appendAudit(client, {
            actor: { label: `hub:${hub.id}` },
            action: 'hub.customer_lookup',
            subject: { type: 'hub', id: hub.id },
            place: `hub:${hub.id}`,
            detail: {
              staffAccountId,
              by,
              queryHash: lookupHash(hashKey, by, canonical ?? value.trim()),
              found: found !== null,
            },
          }),
        );
        reply.header('cache-control', 'no-store');
        if (found === null) throw notFound();
        return found;
      },
    );
  };
}
