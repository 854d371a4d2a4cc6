/**
 * What the counter looks up in data synced from the cloud, so it works offline: the booking
 * units and who stays on a day, and the product catalog. Schemas: shared/src/hub-api.
 */
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import {
  HubBookingStaysQuerySchema,
  HubBookingStaysSchema,
  HubBookingUnitsSchema,
  HubCatalogProductsSchema,
  HubCatalogQuerySchema,
  HubErrorResponses,
} from '@ismail/shared';
import type { HubAuth } from '../http/hub-auth.js';
import type { CatalogSync } from '../sync/catalog-sync.js';
import type { BookingSync } from '../sync/booking-sync.js';

export function lookupRoutes(options: { auth: HubAuth; catalog: CatalogSync; booking: BookingSync }) {
  return async (instance: FastifyInstance): Promise<void> => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();
    const errors = HubErrorResponses;
    const cashier = { onRequest: options.auth.guard('cashier') };

    app.get(
      '/api/v1/booking/units',
      { ...cashier, schema: { response: { 200: HubBookingUnitsSchema, ...errors } } },
      async () => ({ units: options.booking.units() }),
    );

    // Who stays here on a day (confirmed reservations), from the synced inventory: works offline.
    app.get(
      '/api/v1/booking/stays',
      {
        ...cashier,
        schema: { querystring: HubBookingStaysQuerySchema, response: { 200: HubBookingStaysSchema, ...errors } },
      },
      async (request) => ({ stays: options.booking.staysOn(request.query.day) }),
    );

    // Product lookup at the counter (a scanned barcode, a typed name), from the synced catalog.
    app.get(
      '/api/v1/catalog/products',
      { schema: { querystring: HubCatalogQuerySchema, response: { 200: HubCatalogProductsSchema, ...errors } } },
      async (request) => {
        const query = request.query;
        return { products: options.catalog.lookup({ barcode: query.barcode, text: query.q }) };
      },
    );
  };
}
