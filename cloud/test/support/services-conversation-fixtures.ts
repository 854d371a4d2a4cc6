/**
 * Rows the conversation tests stand on, written directly (the flows that make them are tested on their own): a
 * provider profile, a request sent to some providers, an appointment in a given state.
 */
import { randomUUID } from 'node:crypto';
import type { Database } from '../../src/platform/db/database.js';

const minuteMs = 60_000;

export async function insertProvider(db: Database, accountId: string, displayName: string): Promise<void> {
  await db.pool.query(
    `INSERT INTO service_providers (account_id, display_name, categories, communes)
     VALUES ($1, $2, '{plumbing}', '{Cocody}') ON CONFLICT DO NOTHING`,
    [accountId, displayName],
  );
}

/** A request by `clientId`, sent to each provider `sentMinutesAgo` minutes ago. */
export async function insertRequest(
  db: Database,
  clientId: string,
  providerIds: readonly string[],
  sentMinutesAgo = 30,
): Promise<string> {
  const id = randomUUID();
  const sentAt = new Date(Date.now() - sentMinutesAgo * minuteMs);
  await db.pool.query(
    `INSERT INTO service_requests (id, client_id, category, description, commune, wished_from, wished_to,
       idempotency_key, created_at)
     VALUES ($1, $2, 'plumbing', 'Fuite sous l''évier', 'Cocody', now() + interval '1 day', now() + interval '3 days',
       $4, $3)`,
    [id, clientId, sentAt, `test-${id}`],
  );
  for (const providerId of providerIds)
    await db.pool.query(
      'INSERT INTO service_request_providers (request_id, provider_id, created_at) VALUES ($1, $2, $3)',
      [id, providerId, sentAt],
    );
  return id;
}

/** An appointment on the request, `daysAhead` days from now (distinct days keep the no-overlap constraint quiet). */
export async function insertAppointment(
  db: Database,
  fields: {
    readonly requestId: string;
    readonly clientId: string;
    readonly providerId: string;
    readonly status: string;
    readonly daysAhead: number;
    readonly completedDaysAgo?: number;
  },
): Promise<string> {
  const id = randomUUID();
  const startsAt = new Date(Date.now() + fields.daysAhead * 86_400_000);
  const endsAt = new Date(startsAt.getTime() + 60 * minuteMs);
  const completedAt =
    fields.completedDaysAgo === undefined ? null : new Date(Date.now() - fields.completedDaysAgo * 86_400_000);
  await db.pool.query(
    `INSERT INTO service_appointments (id, request_id, client_id, provider_id, starts_at, ends_at, busy, status, title,
       lines, amount_xof, amount_centi, hold_id, auto_release_days, completed_at, idempotency_key)
     VALUES ($1, $2, $3, $4, $5, $6, tstzrange($5, $6), $7, 'Réparation de fuite', '[]', 25000, 500000, $8, 3, $9, $10)`,
    [
      id,
      fields.requestId,
      fields.clientId,
      fields.providerId,
      startsAt,
      endsAt,
      fields.status,
      randomUUID(),
      completedAt,
      `test-${id}`,
    ],
  );
  return id;
}
