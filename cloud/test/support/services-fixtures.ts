/**
 * A provider ready to book for the Services suites, written as the profile routes would leave it: open every day
 * 08:00–18:00 in Abidjan, 30-minute buffers, an hour's notice, slots every 30 minutes, plumbing in Cocody, one
 * fixed-price offer. Written in SQL so the flows are tested apart from the profile screens.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { Database } from '../../src/platform/db/database.js';
import { bearer, type Person, type Signed } from './people.js';

export interface TestProvider {
  readonly id: string;
  readonly offerId: string;
  readonly offerPriceXof: number;
}

export async function makeProvider(
  db: Database,
  accountId: string,
  options: { name?: string; offerPriceXof?: number; autoReleaseDays?: number } = {},
): Promise<TestProvider> {
  const offerPriceXof = options.offerPriceXof ?? 10_000;
  await db.pool.query(
    `INSERT INTO service_providers (account_id, display_name, headline, categories, communes, buffer_before_minutes,
       buffer_after_minutes, min_notice_minutes, horizon_days, slot_step_minutes, auto_release_days, search_text)
     VALUES ($1, $2, 'Dépannage rapide', '{plumbing}', '{Cocody}', 30, 30, 60, 60, 30, $3, 'plombier plomberie fuite')
     ON CONFLICT (account_id) DO NOTHING`,
    [accountId, options.name ?? 'Plomberie Kouassi', options.autoReleaseDays ?? 3],
  );
  await db.pool.query(
    `INSERT INTO service_availability_rules (provider_id, weekday, start_minute, end_minute)
     SELECT $1, d, 480, 1080 FROM generate_series(0, 6) AS d ON CONFLICT DO NOTHING`,
    [accountId],
  );
  const offerId = randomUUID();
  await db.pool.query(
    `INSERT INTO service_offers (id, provider_id, category, title, pricing, price_xof, duration_minutes)
     VALUES ($1, $2, 'plumbing', 'Débouchage évier', 'fixed', $3, 60)`,
    [offerId, accountId, offerPriceXof],
  );
  return { id: accountId, offerId, offerPriceXof };
}

/** A start `days` from now at `hour`:`minute` UTC (Abidjan's time all year). */
export function startAt(days: number, hour: number, minute = 0): Date {
  const at = new Date(Date.now() + days * 86_400_000);
  at.setUTCHours(hour, minute, 0, 0);
  return at;
}

/** What a wallet may spend now: posted credits less posted and pending debits, in centi-credits. */
export async function availableCenti(db: Database, accountId: string): Promise<number> {
  const { rows } = await db.pool.query<{ available: string }>(
    "SELECT credits_posted - debits_posted - debits_pending AS available FROM ledger_accounts WHERE code = 'wallet:' || $1",
    [accountId],
  );
  return Number(rows[0]?.available ?? 0);
}

/** The legs (name and amount) of the ledger operation stored under `key`. */
export async function legsOf(db: Database, key: string): Promise<{ leg: string; amount: number; phase: string }[]> {
  const { rows } = await db.pool.query<{ leg: string; amount: string; phase: string }>(
    `SELECT t.leg, t.amount, t.phase FROM ledger_transfers t JOIN ledger_operations o ON o.id = t.operation_id
     WHERE o.idempotency_key = $1 ORDER BY t.seq`,
    [key],
  );
  return rows.map((r) => ({ leg: r.leg, amount: Number(r.amount), phase: r.phase }));
}

/** A signed-in person's request to the app, with an Idempotency-Key when one is given. */
export function servicesCaller(app: FastifyInstance, people: Record<Person, Signed>) {
  return (person: Person, method: 'GET' | 'POST', url: string, payload?: object, idempotencyKey?: string) =>
    app.inject({
      method,
      url,
      headers: {
        ...bearer(people[person]),
        ...(idempotencyKey === undefined ? {} : { 'idempotency-key': idempotencyKey }),
      },
      ...(payload === undefined ? {} : { payload }),
    });
}
