/**
 * A provider's free slots (issue 24 item 3), computed on the server by the shared rules (weekly hours, exceptions,
 * buffers, notice, horizon, time zone) from its live appointments; an inactive provider is not found. The booking
 * re-checks the slot it is sent: this list is a guide, not a reservation.
 */
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { AppError, freeSlots, localToInstant } from '@ismail/shared';
import type { Database } from '../../platform/db/database.js';
import { Uuid, withErrors } from '../../platform/http/schemas.js';
import { busyRanges, scheduleOf } from './availability-store.js';
import { SlotsAnswerSchema, SlotsQuerySchema } from './discovery-schemas.js';

const dayMs = 86_400_000;

export function servicesSlotsRoutes(db: Database) {
  return async (instance: FastifyInstance): Promise<void> => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();
    app.get(
      '/v1/services/providers/:providerId/slots',
      {
        config: { access: { resource: 'services', action: 'read', needsSecondFactor: false } },
        schema: {
          tags: ['services'],
          summary: "A provider's free slots for a duration or one of its offers, from a local day, 1 to 31 days",
          operationId: 'listServiceProviderSlots',
          params: Type.Object({ providerId: Uuid }),
          querystring: SlotsQuerySchema,
          response: withErrors({ 200: SlotsAnswerSchema }),
        },
      },
      async (request) => {
        const { providerId } = request.params;
        const { from, days, offerId } = request.query;
        const at = Date.parse(`${from}T00:00:00Z`);
        if (Number.isNaN(at) || new Date(at).toISOString().slice(0, 10) !== from)
          throw new AppError('VALIDATION_FAILED', `${from} n’est pas une date du calendrier.`);
        if ((offerId === undefined) === (request.query.durationMinutes === undefined))
          throw new AppError('VALIDATION_FAILED', 'Donnez soit une durée (durationMinutes), soit une offre (offerId).');
        const now = new Date();
        const schedule = await scheduleOf(db.pool, providerId, now);
        let durationMinutes = request.query.durationMinutes ?? 0;
        if (offerId !== undefined) {
          const { rows } = await db.pool.query<{ duration_minutes: number }>(
            'SELECT duration_minutes FROM service_offers WHERE id = $1 AND provider_id = $2 AND active',
            [offerId, providerId],
          );
          const offer = rows[0];
          if (offer === undefined) throw new AppError('NOT_FOUND', 'Cette offre n’existe pas chez ce prestataire.');
          durationMinutes = offer.duration_minutes;
        }
        // Busy ranges from the day before (a late job's buffer can spill over midnight) to the day after the last.
        const start = localToInstant(from, 0, schedule.timeZone);
        const busy = await busyRanges(
          db.pool,
          providerId,
          new Date(start.getTime() - dayMs),
          new Date(start.getTime() + (days + 1) * dayMs),
        );
        return {
          timeZone: schedule.timeZone,
          slots: freeSlots(schedule, { fromDay: from, days, durationMinutes, busy, now }),
        };
      },
    );
  };
}
